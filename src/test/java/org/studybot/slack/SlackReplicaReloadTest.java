package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.studybot.answer.ReplicaSync;
import org.studybot.ops.HttpSettings;
import org.studybot.store.Store;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;

/**
 * Two bots (replicas) on one store, each with its own library over one content directory, on
 * SQLite and PostgreSQL: an admin's {@code /studybot reload} on one reaches the other (its poll
 * follows the version the first recorded), the new article is answered there, both report the same
 * version, and {@code stats} says so.
 */
class SlackReplicaReloadTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  static final String NEW_ARTICLE = """
      ---
      id: 888123
      date: 2026-12-01
      title: >-
          Why do volcanoes erupt?
      question: >-
          Why do volcanoes erupt?
      seo:
        page_description: >-
          Magma rises from the magma chamber because it is lighter than the rock around it.
        page_keywords: >-
          volcano, magma chamber, eruption
      answer: >-
          Volcanoes erupt when magma, lighter than the solid rock around it, rises from the magma chamber and the pressure of its dissolved gases breaks the rock above.
      subject: Geology
      url: /learn/geology/questions/why-do-volcanoes-erupt
      ---
      """;

  private SlackLauncher.Running replica(SlackFixture f, Store store) throws Exception {
    return SlackLauncher.start(f.settings(false, Duration.ofMillis(1500)),
        HttpSettings.defaults(0).withBindAddress("127.0.0.1"), f.answerer, f.feedback, f.log::add, f.clock,
        (wait, task) -> task.run(), null, store);
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static String ask(SlackFixture f, SignedClient client, String question) throws Exception {
    Map<String, String> fields = f.slash("/ask", question, SlackFixture.STUDENT);
    assertEquals(200, client.post(SlackFixture.form(fields), false, SlackFixture.NOW, Map.of()).statusCode());
    return response(f, fields);
  }

  private static String admin(SlackFixture f, SignedClient client, String sub) throws Exception {
    Map<String, String> fields = f.slash("/studybot", sub, SlackFixture.ADMIN);
    assertEquals(200, client.post(SlackFixture.form(fields), false, SlackFixture.NOW, Map.of()).statusCode());
    return response(f, fields);
  }

  private static String response(SlackFixture f, Map<String, String> fields) throws InterruptedException {
    String url = fields.get("response_url");
    return f.api.await(url.substring(url.indexOf("/respond/") + 1)).param("text");
  }

  @StoreTest
  void aReloadOnOneReplicaReachesTheOther(TestDb db) throws Exception {
    Path content = db.dir().resolve("content");
    copyTree(SlackFixture.CORPUS, content);
    Clock clock = Clock.fixed(SlackFixture.NOW, ZoneOffset.UTC);
    Store storeA = db.open(clock);
    Store storeB = db.open(clock);
    try (SlackFixture fa = new SlackFixture(Files.createDirectories(db.dir().resolve("a")), content);
        SlackFixture fb = new SlackFixture(Files.createDirectories(db.dir().resolve("b")), content);
        ReplicaSync syncA = SlackLauncher.replicaSync(storeA, fa.answerer, "replica-a", fa.log::add)
            .start(Duration.ofMillis(50));
        ReplicaSync syncB = SlackLauncher.replicaSync(storeB, fb.answerer, "replica-b", fb.log::add)
            .start(Duration.ofMillis(50));
        SlackLauncher.Running a = replica(fa, storeA);
        SlackLauncher.Running b = replica(fb, storeB)) {
      CountDownLatch bFollowed = new CountDownLatch(1);
      fb.answerer.library().onReloaded((r, askedHere) -> {
        if (!askedHere && r.swapped() && r.message().contains("1 added")) {
          bFollowed.countDown();
        }
      });
      SignedClient toA = new SignedClient(a.port());
      SignedClient toB = new SignedClient(b.port());
      String before = fb.answerer.library().servedVersion();
      assertEquals(before, fa.answerer.library().servedVersion(), "one directory, one fingerprint");
      assertFalse(ask(fb, toB, "why do volcanoes erupt from the magma chamber").contains("Why do volcanoes erupt?"));

      Files.createDirectories(content.resolve("geology"));
      Files.writeString(content.resolve("geology/why-do-volcanoes-erupt.md"), NEW_ARTICLE);
      String report = admin(fa, toA, "reload");
      assertTrue(report.contains("1 added"), report);
      String after = fa.answerer.library().servedVersion();
      assertNotEquals(before, after, "new content, new version");

      // B never reloaded by itself (no watcher, no admin): only its poll can bring the article.
      assertTrue(bFollowed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "replica B did not follow: " + fb.log);
      assertEquals(after, fb.answerer.library().servedVersion());
      String answer = ask(fb, toB, "why do volcanoes erupt from the magma chamber");
      assertTrue(answer.contains("Why do volcanoes erupt?"), answer);

      syncA.poll().join(); // beat now rather than wait for the next round
      syncB.poll().join();
      assertEquals(Map.of("replica-a", after, "replica-b", after), storeA.replicas().versions(ReplicaSync.LIVE));
      String stats = admin(fb, toB, "stats");
      assertTrue(stats.contains("Replicas: 2 replicas, all on " + after), stats);
      assertTrue(fb.log.stream().anyMatch(l -> l.contains("another replica serves " + after)), fb.log.toString());
    }
  }
}

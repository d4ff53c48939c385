package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.studybot.ops.HttpSettings;
import org.studybot.store.Store;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;

/**
 * Two bots (replicas) on one store, on SQLite and PostgreSQL, against the stand-in Slack: an event
 * Slack retries to the other replica is answered once, and the store is part of {@code /healthz}.
 */
class SlackReplicasTest {
  private SlackLauncher.Running replica(SlackFixture f, TestDb db) throws Exception {
    Store store = db.open(f.clock);
    return SlackLauncher.start(f.settings(false, Duration.ofMillis(1500)),
        HttpSettings.defaults(0).withBindAddress("127.0.0.1"), f.answerer, f.feedback, f.log::add, f.clock,
        (wait, task) -> task.run(), null, store);
  }

  @StoreTest
  void aRetryThatReachesTheOtherReplicaIsAnsweredOnce(TestDb db) throws Exception {
    try (SlackFixture f = new SlackFixture(Files.createDirectories(db.dir().resolve("bot")));
        SlackLauncher.Running a = replica(f, db);
        SlackLauncher.Running b = replica(f, db)) {
      SignedClient toA = new SignedClient(a.port());
      SignedClient toB = new SignedClient(b.port());
      String first = SlackFixture.callback(
          SlackFixture.mention("<@UBOT> what is osmosis", SlackFixture.STUDENT, "C1", "1700000000.0001"), "Ev1").toString();
      assertEquals(200, toA.post(first, true, SlackFixture.NOW, Map.of()).statusCode());
      // Slack did not see A's ack in time and sends the same event again, to B this time.
      assertEquals(200, toB.post(first, true, SlackFixture.NOW,
          Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")).statusCode());
      f.api.await(c -> c.method().equals("chat.postMessage") && "C1".equals(c.param("channel")));
      // A later event on B is answered, so B was serving; Ev1 still has one answer.
      String second = SlackFixture.callback(
          SlackFixture.mention("<@UBOT> what is a cell", SlackFixture.STUDENT, "C2", "1700000000.0002"), "Ev2").toString();
      assertEquals(200, toB.post(second, true, SlackFixture.NOW, Map.of()).statusCode());
      f.api.await(c -> c.method().equals("chat.postMessage") && "C2".equals(c.param("channel")));
      assertEquals(1, f.api.calls("chat.postMessage").stream().filter(c -> "C1".equals(c.param("channel"))).count(),
          "the retry was answered again by the other replica");
      String health = toB.get("/healthz").body();
      assertEquals(true, health.contains("\"store\":{\"ready\":true"), health);
    }
  }
}

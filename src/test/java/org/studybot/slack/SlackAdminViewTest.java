package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.studybot.answer.SemanticStatus;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.answer.Answerer;
import org.studybot.ops.HttpSettings;
import org.studybot.reply.BlockKitRenderer;
import org.studybot.store.Installation;
import org.studybot.store.Store;
import org.studybot.store.StoreFeedback;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;

/**
 * The admins' 7-day view through the bot against the stand-in Slack: a scripted session of
 * questions and votes is exactly what {@code /studybot stats} and the admin's App Home show, the
 * questions on the UTC day they were asked; with installations in several workspaces, each
 * workspace's admin sees that workspace's questions from every replica, and no other's.
 */
class SlackAdminViewTest {
  private static final String ANSWERED = "how does photosynthesis work";
  private static final String ANSWERED_TOO = "how does DNA replication work";
  private static final String UNSURE = "what is the capital of peru";
  private static final String NONE = "zebra ukulele";
  private static final String CHAT = "thanks";

  /** The Web API call that answered a request: its response URL's id, else the next call of {@code method}. */
  private static FakeSlackApi.Call reply(SlackFixture f, Map<String, String> command) throws InterruptedException {
    String url = command.get("response_url");
    return f.api.await(url.substring(url.indexOf("/respond/") + 1));
  }

  @Test
  void aScriptedSessionIsExactlyWhatStatsAndTheAdminsHomeShow(@TempDir Path dir) throws Exception {
    try (SlackFixture f = new SlackFixture(dir.resolve("data"))) {
      // The session starts a minute before midnight UTC; requests are signed by the bot's clock.
      f.clock.advance(Duration.ofHours(11).plusMinutes(59));
      try (SlackLauncher.Running bot = f.start(false, Duration.ofMillis(1500))) {
        SignedClient client = new SignedClient(bot.port());
        // Sunday 1 March, 23:59: one of each.
        event(f, client, SlackFixture.mention("<@UBOT> " + ANSWERED, SlackFixture.STUDENT, "C1", "1700000000.000100"));
        FakeSlackApi.Call photosynthesis = f.api.await("chat.postMessage");
        Map<String, String> ask = command(f, client, "/ask", UNSURE, SlackFixture.STUDENT);
        assertTrue(reply(f, ask).all().contains("not sure"));
        event(f, client, SlackFixture.dm(NONE, SlackFixture.STUDENT, "1700000000.000200"));
        f.api.await("chat.postMessage");
        event(f, client, SlackFixture.mention("<@UBOT> " + CHAT, SlackFixture.STUDENT, "C1", "1700000000.000300"));
        f.api.await("chat.postMessage");

        // Monday 2 March, 00:01: two answers (one from the reply cache) and two votes.
        f.clock.advance(Duration.ofMinutes(2));
        event(f, client, SlackFixture.mention("<@UBOT> " + ANSWERED_TOO, SlackFixture.STUDENT, "C1", "1700000000.000400"));
        FakeSlackApi.Call dna = f.api.await("chat.postMessage");
        Map<String, String> again = command(f, client, "/ask", ANSWERED, SlackFixture.STUDENT);
        reply(f, again);
        click(f, client, SlackFixture.button(SlackFixture.blocks(dna), BlockKitRenderer.ACTION_UP), "1700000000.000401",
            "1700000000.000400");
        f.api.await("chat.postEphemeral");
        click(f, client, SlackFixture.button(SlackFixture.blocks(photosynthesis),
            BlockKitRenderer.ACTION_DOWN), "1700000000.000101", "1700000000.000100");
        f.api.await("chat.postEphemeral");

        Map<String, String> stats = command(f, client, "/studybot", "stats", SlackFixture.ADMIN);
        FakeSlackApi.Call shown = reply(f, stats);
        String text = shown.param("text");
        assertTrue(text.startsWith(
            "Questions in the last 7 days (Tue 24 – Mon 02): 5 (3 answered, 1 unsure, 1 none) · chat 1\n"
                + "Unanswered by subject: no subject 1 · History 1\n"
                + "Feedback: 1 👍 · 1 👎\n"
                + "Cache: 20% hit rate, "), text);
        assertTrue(text.contains("\nCorpus: 10 articles in 5 subjects (version 1)\n") && text.contains("\nReplicas: 1"),
            text);
        String blocks = shown.all();
        assertTrue(blocks.contains("Sun 01    3    1    1    1 █\\nMon 02    2    2    0    0 ▅\\n7 days    5    3    1    1"),
            blocks);
        assertTrue(blocks.contains("answered 60% · unsure 20% · none 20% · chat 1"), blocks);

        // The admin's App Home carries the same view; a student's does not.
        event(f, client, SlackFixture.homeOpened(SlackFixture.ADMIN));
        String home = f.api.await("views.publish").param("view");
        assertTrue(home.contains("Last 7 days (admins only)") && home.contains("*5 questions* · Tue 24 – Mon 02")
            && home.contains("Mon 02    2    2    0    0 ▅") && home.contains("*Feedback:* 1 👍 · 1 👎"), home);
        event(f, client, SlackFixture.homeOpened(SlackFixture.STUDENT));
        String student = f.api.await("views.publish").param("view");
        assertFalse(student.contains("Last 7 days") || student.contains("questions*") || student.contains("Feedback"),
            student);

        // gaps keeps its format: subjects by count, each question with how often it was asked.
        Map<String, String> gaps = command(f, client, "/studybot", "gaps", SlackFixture.ADMIN);
        String g = reply(f, gaps).param("text");
        assertTrue(g.startsWith("Most frequent unanswered questions\n") && g.contains("- " + UNSURE + " x1")
            && g.contains("- " + NONE + " x1"), g);
      }
    }
  }

  @Test
  void withoutTheStoreTheViewSaysSoAndShowsTheRest() {
    BlockKitRenderer.Message m = Screens.stats(new Screens.Status(null, null, "workspace T1", 0, null,
        List.of("directory /srv/content"), null,
        new SemanticStatus(SemanticStatus.Phase.EMBEDDING, 12_000, 100_000, ""), ""));
    assertTrue(m.text().startsWith("The usage figures could not be read just now") && m.text().contains(
        "\nContent: directory /srv/content\nReplicas: 1 (this one)"), m.text());
    assertTrue(m.text().endsWith("\nSemantic matching: embedding 12,000/100,000 (answering by words meanwhile)"), m.text());
    assertTrue(m.blocks().toString().contains("Counts of workspace T1"), m.blocks().toString());
    String held = "3 votes and 1 unanswered questions held in memory until the store writes again (0 dropped for want of room)";
    BlockKitRenderer.Message full = Screens.stats(new Screens.Status(null, null, "workspace T1", 0, null, List.of(), null,
        null, held));
    assertTrue(full.text().endsWith("\nStore: " + held), full.text());
    assertTrue(full.blocks().toString().contains("*Store:* " + held), full.blocks().toString());
  }

  private static void event(SlackFixture f, SignedClient client, JsonObject event) throws Exception {
    HttpResponse<String> ack = client.post(SlackPayloads.callback(event, f.nextId("Ev"), f.clock.instant()).toString(),
        true, f.clock.instant(), Map.of());
    assertEquals(200, ack.statusCode());
  }

  private static Map<String, String> command(SlackFixture f, SignedClient client, String command, String text,
      String user) throws Exception {
    Map<String, String> fields = f.slash(command, text, user);
    HttpResponse<String> ack = client.post(SlackFixture.form(fields), false, f.clock.instant(), Map.of());
    assertEquals(200, ack.statusCode());
    assertTrue(ack.body().isBlank(), ack.body());
    return fields;
  }

  private static void click(SlackFixture f, SignedClient client, JsonObject button, String messageTs, String threadTs)
      throws Exception {
    JsonObject p = f.click(button, SlackFixture.STUDENT, "C1", messageTs, threadTs, false);
    HttpResponse<String> ack =
        client.post(SlackFixture.form(Map.of("payload", p.toString())), false, f.clock.instant(), Map.of());
    assertEquals(200, ack.statusCode());
  }

  // ------------------------------------------------------------------ many workspaces, two replicas

  /**
   * A replica as {@code serve} makes it: its own store connection (feedback and counts there),
   * answerer (so its own counts in memory) and bot.
   */
  private static SlackLauncher.Running replica(SlackFixture f, Store store) throws Exception {
    SlackSettings settings = new SlackSettings(null, null, SlackFixture.SIGNING_SECRET, f.api.apiUrl(), 0,
        Duration.ofMillis(1500), new OAuthSettings(SlackOAuthTest.CLIENT_ID, SlackOAuthTest.CLIENT_SECRET, null));
    Answerer own = new Answerer(f.answerer.config(), f.answerer.library(), f.answerer.matcher());
    return SlackLauncher.start(settings, HttpSettings.defaults(0).withBindAddress("127.0.0.1"), own,
        new StoreFeedback(store, "slack", f.log::add), f.log::add, f.clock, (wait, task) -> task.run(), null, store);
  }

  private static Installation installed(String team, String token, String installer, SlackFixture f) {
    return new Installation(null, team, "School " + team, "A1", "B" + team, "UBOT" + team,
        "app_mentions:read,chat:write,commands,im:history", token, null, null, installer, false, f.clock.instant());
  }

  @StoreTest
  void eachWorkspacesAdminSeesItsQuestionsFromEveryReplicaAndNoOthers(TestDb db) throws Exception {
    try (SlackFixture f = new SlackFixture(Files.createDirectories(db.dir().resolve("bot")))) {
      Store storeA = db.open(f.clock, SlackOAuthTest.KEY);
      Store storeB = db.open(f.clock, SlackOAuthTest.KEY);
      storeA.installations().save(installed("T1", SlackOAuthTest.TOKEN_ONE, "UINSTALL1", f));
      storeA.installations().save(installed("T2", SlackOAuthTest.TOKEN_TWO, "UINSTALL2", f));
      try (SlackLauncher.Running a = replica(f, storeA);
          SlackLauncher.Running b = replica(f, storeB)) {
        SignedClient toA = new SignedClient(a.port());
        SignedClient toB = new SignedClient(b.port());
        assertEquals(200, SlackOAuthTest.mention(toA, "T1", "C1", ANSWERED, "Ev1").statusCode());
        assertEquals(200, SlackOAuthTest.mention(toA, "T1", "C1", NONE, "Ev2").statusCode());
        assertEquals(200, SlackOAuthTest.mention(toB, "T2", "C2", UNSURE, "Ev3").statusCode());
        assertEquals(200, SlackOAuthTest.mention(toB, "T1", "C1", ANSWERED_TOO, "Ev4").statusCode());
        for (int i = 0; i < 4; i++) {
          f.api.await("chat.postMessage");
        }
        storeA.counters().flush(); // replica A's background thread writes its counts every 10 s

        assertEquals(200, SlackOAuthTest.command(toB, "T1", "/studybot", "stats", "UINSTALL1",
            f.api.responseUrl("stats-t1")).statusCode());
        String one = f.api.await("respond/stats-t1").param("text");
        assertTrue(one.contains(": 3 (2 answered, 0 unsure, 1 none) · chat 0\nUnanswered by subject: no subject 1\n"),
            one);
        assertEquals(200, SlackOAuthTest.command(toA, "T2", "/studybot", "stats", "UINSTALL2",
            f.api.responseUrl("stats-t2")).statusCode());
        String two = f.api.await("respond/stats-t2").param("text");
        assertTrue(two.contains(": 1 (0 answered, 1 unsure, 0 none) · chat 0\nUnanswered by subject: History 1\n"), two);

        // gaps too: each workspace's own unanswered questions, whichever replica recorded them.
        SlackOAuthTest.command(toA, "T1", "/studybot", "gaps", "UINSTALL1", f.api.responseUrl("gaps-t1"));
        String gapsOne = f.api.await("respond/gaps-t1").param("text");
        assertTrue(gapsOne.contains(NONE) && !gapsOne.contains(UNSURE), gapsOne);
        SlackOAuthTest.command(toA, "T2", "/studybot", "gaps", "UINSTALL2", f.api.responseUrl("gaps-t2"));
        String gapsTwo = f.api.await("respond/gaps-t2").param("text");
        assertTrue(gapsTwo.contains(UNSURE) && !gapsTwo.contains(NONE), gapsTwo);
        assertEquals(List.of(), f.api.calls("chat.postMessage").stream()
            .filter(c -> c.authorization() == null).toList(), "every answer went out with a workspace's token");
      }
    }
  }
}

package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.feedback.Entry;
import org.studybot.feedback.FeedbackLog;
import org.studybot.reply.BlockKitRenderer;

/** The bot in HTTP mode against the fake Slack: signed requests in, Web API calls out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackHttpModeTest {
  Path data;
  SlackFixture f;
  SlackLauncher.Running bot;
  SignedClient client;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    data = dir;
    f = new SlackFixture(data);
    bot = f.start(false, Duration.ofMillis(1500));
    client = new SignedClient(bot.port());
  }

  @AfterAll
  void stop() {
    bot.close();
    f.close();
  }

  @BeforeEach
  void forget() {
    f.api.clear();
  }

  private HttpResponse<String> command(Map<String, String> fields) throws Exception {
    return client.post(SlackFixture.form(fields), false, SlackFixture.NOW, Map.of());
  }

  private HttpResponse<String> event(JsonObject event, String id, Map<String, String> headers) throws Exception {
    return client.post(SlackFixture.callback(event, id).toString(), true, SlackFixture.NOW, headers);
  }

  private HttpResponse<String> click(JsonObject payload) throws Exception {
    return client.post(SlackFixture.form(Map.of("payload", payload.toString())), false, SlackFixture.NOW, Map.of());
  }

  private FakeSlackApi.Call response(Map<String, String> fields) throws InterruptedException {
    String id = fields.get("response_url").substring(fields.get("response_url").indexOf("/respond/") + 1);
    return f.api.await(id);
  }

  /**
   * Waits (at most 60 s) until {@code condition} holds. The bound only stops a hung test: two
   * outages of 20 Web API tries each take a few seconds alone and much longer on a loaded machine.
   */
  private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 60 s");
      Thread.onSpinWait();
      Thread.sleep(0, 100_000);
    }
  }

  /** Waits until the bot's pool is idle: whatever it was going to post has been posted. */
  private void settle() throws InterruptedException {
    for (int i = 0; i < 2000 && bot.bot().pendingWork() > 0; i++) {
      Thread.onSpinWait();
      Thread.sleep(0, 100_000);
    }
    assertEquals(0, bot.bot().pendingWork(), "the bot is still working");
  }

  @Test
  void answersUrlVerification() throws Exception {
    HttpResponse<String> r =
        client.post("{\"token\":\"x\",\"challenge\":\"ch4llenge\",\"type\":\"url_verification\"}", true, SlackFixture.NOW, Map.of());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("ch4llenge"), r.body());
  }

  @Test
  void healthIsReadyOnceContentIsLoaded() throws Exception {
    HttpResponse<String> r = client.get(org.studybot.ops.HttpServer.HEALTH_PATH);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"ok\"") && r.body().contains("10 articles"), r.body());
  }

  @Test
  void askAcksAtOnceAndAnswersPrivatelyWithAShareButton() throws Exception {
    Map<String, String> cmd = f.slash("/ask", "how does DNA replication work?", SlackFixture.STUDENT);
    HttpResponse<String> ack = command(cmd);
    assertEquals(200, ack.statusCode());
    assertTrue(ack.body().isEmpty(), "the answer is posted off the request thread, not in the ack: " + ack.body());
    FakeSlackApi.Call reply = response(cmd);
    assertEquals("ephemeral", reply.param("response_type"));
    assertTrue(reply.param("text").contains("How does DNA replication work?"));
    JsonArray blocks = SlackFixture.blocks(reply);
    assertTrue(blocks.toString().contains("<https://quicktakes.io/learn/biology/questions/how-does-dna-replication-work|"));
    SlackFixture.button(blocks, BlockKitRenderer.ACTION_SHARE);
    SlackFixture.button(blocks, BlockKitRenderer.ACTION_UP);
  }

  @Test
  void askWithoutAQuestionSaysHow() throws Exception {
    HttpResponse<String> ack = command(f.slash("/ask", "  ", SlackFixture.STUDENT));
    assertTrue(ack.body().contains("/ask what is photosynthesis"), ack.body());
    settle();
    assertTrue(f.api.methods().isEmpty(), f.api.toString());
  }

  @Test
  void shareButtonPostsTheAnswerInTheChannel() throws Exception {
    Map<String, String> cmd = f.slash("/ask", "what is bloom's taxonomy", SlackFixture.STUDENT);
    command(cmd);
    JsonObject share = SlackFixture.button(SlackFixture.blocks(response(cmd)), BlockKitRenderer.ACTION_SHARE);
    JsonObject payload = f.click(share, SlackFixture.STUDENT, "C1", "1700000000.000900", null, true);
    assertEquals(200, click(payload).statusCode());
    String url = payload.get("response_url").getAsString();
    String id = url.substring(url.indexOf("/respond/") + 1);
    FakeSlackApi.Call pub = f.api.await(id);
    assertEquals("in_channel", pub.param("response_type"));
    assertTrue(pub.all().contains("Bloom") && pub.all().contains("<@" + SlackFixture.STUDENT + "> shared"), pub.all());
    FakeSlackApi.Call replaced = f.api.await(id);
    assertEquals("true", replaced.param("replace_original"));
    assertTrue(replaced.all().contains("Shared in the channel"));
  }

  @Test
  void studyListsSubjectsPagesAndSearchesWithinMultiWordSubjects() throws Exception {
    Map<String, String> all = f.slash("/study", "", SlackFixture.STUDENT);
    command(all);
    String subjects = SlackFixture.blocks(response(all)).toString();
    assertTrue(subjects.contains("*Biology* — 4 articles") && subjects.contains("*Education Studies* — 2 articles"), subjects);

    Map<String, String> page = f.slash("/study", "education studies", SlackFixture.STUDENT);
    command(page);
    String listed = SlackFixture.blocks(response(page)).toString();
    assertTrue(listed.contains("Flipped") || listed.contains("flipped"), listed);
    assertTrue(listed.contains("Bloom"), listed);

    Map<String, String> slug = f.slash("/study", "education-studies what is bloom's taxonomy", SlackFixture.STUDENT);
    command(slug);
    FakeSlackApi.Call within = response(slug);
    assertTrue(within.param("text").startsWith("What is Bloom's taxonomy"), within.param("text"));

    Map<String, String> multi = f.slash("/study", "Education Studies flipped classroom", SlackFixture.STUDENT);
    command(multi);
    assertTrue(response(multi).param("text").startsWith("What is a flipped classroom"));

    // Shorthand for a subject, without swallowing the question.
    Map<String, String> shorthand = f.slash("/study", "bio how does dna replication work", SlackFixture.STUDENT);
    command(shorthand);
    assertTrue(response(shorthand).param("text").startsWith("How does DNA replication work?"));
  }

  @Test
  void studyWithAnUnknownSubjectSaysDidYouMeanWithButtons() throws Exception {
    Map<String, String> cmd = f.slash("/study", "biolgy dna replication", SlackFixture.STUDENT);
    command(cmd);
    FakeSlackApi.Call r = response(cmd);
    assertTrue(r.param("text").contains("Did you mean Biology"), r.param("text"));
    JsonObject search = SlackFixture.button(SlackFixture.blocks(r), BlockKitRenderer.ACTION_SUBJECT);
    JsonObject payload = f.click(search, SlackFixture.STUDENT, "C1", "1700000000.000901", null, true);
    click(payload);
    String url = payload.get("response_url").getAsString();
    FakeSlackApi.Call answer = f.api.await(url.substring(url.indexOf("/respond/") + 1));
    assertTrue(answer.param("text").startsWith("How does DNA replication work?"), answer.param("text"));
  }

  @Test
  void studyPagesThroughALargeSubject() throws Exception {
    // Biology has 4 articles in the fixture: one page; page numbers past the end show the last.
    Map<String, String> cmd = f.slash("/study", "Biology 7", SlackFixture.STUDENT);
    command(cmd);
    String text = response(cmd).param("text");
    assertTrue(text.startsWith("Biology"), text);
    assertTrue(text.contains("How does DNA replication work?"), text);
  }

  @Test
  void adminCommandsAreRefusedAndLoggedForOthers() throws Exception {
    for (String sub : List.of("reload", "stats", "gaps")) {
      HttpResponse<String> ack = command(f.slash("/studybot", sub, SlackFixture.STUDENT));
      assertTrue(ack.body().contains("for StudyBot admins only"), ack.body());
      assertTrue(f.log.stream().anyMatch(l -> l.contains("refused /studybot " + sub + " from user " + SlackFixture.STUDENT)));
    }
    settle();
    assertTrue(f.api.methods().isEmpty(), "a refused command did something: " + f.api);
    HttpResponse<String> help = command(f.slash("/studybot", "help", SlackFixture.STUDENT));
    assertTrue(help.body().contains("/ask") && !help.body().contains("reload"), help.body());
  }

  @Test
  void adminStatsGapsAndReload() throws Exception {
    Map<String, String> q = f.slash("/ask", "zebra ukulele", SlackFixture.STUDENT);
    command(q);
    response(q);
    Map<String, String> stats = f.slash("/studybot", "stats", SlackFixture.ADMIN);
    command(stats);
    String s = response(stats).param("text");
    assertTrue(s.contains("10 articles in 5 subjects") && s.contains("Questions in the last 7 days"), s);

    Map<String, String> gaps = f.slash("/studybot", "gaps", SlackFixture.ADMIN);
    command(gaps);
    assertTrue(response(gaps).param("text").contains("zebra ukulele"));

    Map<String, String> reload = f.slash("/studybot", "reload", SlackFixture.ADMIN);
    HttpResponse<String> ack = command(reload);
    assertTrue(ack.body().contains("Reloading"), ack.body());
    String report = response(reload).param("text");
    assertTrue(report.startsWith("Reloaded: loaded 10 articles"), report);
  }

  @Test
  void mentionIsAnsweredInAThreadAndRetriesOnlyOnce() throws Exception {
    String id = f.nextId("Ev");
    JsonObject e = SlackFixture.mention("<@UBOT> how does DNA replication work?", SlackFixture.STUDENT, "C1", "1700000000.000200");
    assertEquals(200, event(e, id, Map.of()).statusCode());
    FakeSlackApi.Call post = f.api.await("chat.postMessage");
    assertEquals("C1", post.param("channel"));
    assertEquals("1700000000.000200", post.param("thread_ts"));
    assertTrue(post.param("text").startsWith("How does DNA replication work?"));
    assertTrue(post.authorization().endsWith(SlackFixture.BOT_TOKEN));
    SlackFixture.button(SlackFixture.blocks(post), BlockKitRenderer.ACTION_DOWN);

    assertEquals(200, event(e, id, Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")).statusCode());
    assertEquals(200, event(e, id, Map.of("X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout")).statusCode());
    settle();
    assertEquals(1, f.api.calls("chat.postMessage").size(), "a retried event was answered again");
  }

  @Test
  void directMessageIsAnsweredInTheDmAndNonAsciiSurvivesTheSignature() throws Exception {
    JsonObject e = SlackFixture.dm("how does DNA replication work? 🧬", SlackFixture.STUDENT, "1700000000.000300");
    assertEquals(200, event(e, f.nextId("Ev"), Map.of()).statusCode());
    FakeSlackApi.Call post = f.api.await("chat.postMessage");
    assertEquals("D1", post.param("channel"));
    assertNull(post.param("thread_ts"));
    assertTrue(post.param("text").startsWith("How does DNA replication work?"), post.param("text"));
    // Text in another script is signed over its UTF-8 bytes, accepted, and answered (here: politely, no match).
    JsonObject chinese = SlackFixture.dm("细胞是如何复制的？ «ça» ünïcödé", SlackFixture.STUDENT, "1700000000.000301");
    assertEquals(200, event(chinese, f.nextId("Ev"), Map.of()).statusCode());
    assertTrue(f.api.await("chat.postMessage").param("text").startsWith("Sorry, I can't answer that"));
  }

  @Test
  void botsItselfEditsAndJoinsAreIgnored() throws Exception {
    JsonObject fromBot = SlackFixture.dm("how does dna replication work", "UOTHERBOT", "1700000000.000400");
    fromBot.addProperty("bot_id", "B999");
    JsonObject self = SlackFixture.dm("how does dna replication work", FakeSlackApi.BOT_USER, "1700000000.000401");
    JsonObject edit = SlackFixture.dm("how does dna replication work", SlackFixture.STUDENT, "1700000000.000402");
    edit.addProperty("subtype", "message_changed");
    JsonObject join = SlackFixture.dm("<@USTUDENT> has joined the channel", SlackFixture.STUDENT, "1700000000.000403");
    join.addProperty("subtype", "channel_join");
    JsonObject mentionByBot = SlackFixture.mention("<@UBOT> hi", "UOTHERBOT", "C1", "1700000000.000404");
    mentionByBot.addProperty("bot_id", "B999");
    JsonObject member = new JsonObject();
    member.addProperty("type", "member_joined_channel");
    member.addProperty("user", SlackFixture.STUDENT);
    member.addProperty("channel", "C1");
    for (JsonObject e : List.of(fromBot, self, edit, join, mentionByBot, member)) {
      HttpResponse<String> r = event(e, f.nextId("Ev"), Map.of());
      assertEquals(200, r.statusCode(), "every event is acked, even ignored ones: " + e);
    }
    settle();
    assertEquals(List.of(), f.api.methods().stream().filter(m -> !m.equals("auth.test")).toList());
  }

  @Test
  void refusesForgedUnsignedStaleAndFutureRequests() throws Exception {
    String body = SlackFixture.callback(
        SlackFixture.mention("<@UBOT> how does dna replication work", SlackFixture.STUDENT, "C1", "1700000000.000500"),
        f.nextId("Ev")).toString();
    long now = SlackFixture.NOW.getEpochSecond();
    String good = SignedClient.signature(SlackFixture.SIGNING_SECRET, Long.toString(now), body.getBytes("UTF-8"));
    List<Map<String, String>> bad = List.of(
        Map.of(),
        Map.of("X-Slack-Request-Timestamp", Long.toString(now)),
        Map.of("X-Slack-Request-Timestamp", Long.toString(now), "X-Slack-Signature", "v0=" + "0".repeat(64)),
        Map.of("X-Slack-Request-Timestamp", Long.toString(now),
            "X-Slack-Signature", SignedClient.signature("wrong-secret", Long.toString(now), body.getBytes("UTF-8"))),
        Map.of("X-Slack-Request-Timestamp", Long.toString(now - 301),
            "X-Slack-Signature", SignedClient.signature(SlackFixture.SIGNING_SECRET, Long.toString(now - 301), body.getBytes("UTF-8"))),
        Map.of("X-Slack-Request-Timestamp", Long.toString(now + 301),
            "X-Slack-Signature", SignedClient.signature(SlackFixture.SIGNING_SECRET, Long.toString(now + 301), body.getBytes("UTF-8"))),
        Map.of("X-Slack-Request-Timestamp", Long.toString(now + 86_400 * 365),
            "X-Slack-Signature", SignedClient.signature(SlackFixture.SIGNING_SECRET, Long.toString(now + 86_400 * 365), body.getBytes("UTF-8"))),
        Map.of("X-Slack-Request-Timestamp", "soon", "X-Slack-Signature", good));
    for (Map<String, String> headers : bad) {
      assertEquals(401, client.raw(body, true, headers).statusCode(), "accepted " + headers);
    }
    // A body changed after signing.
    assertEquals(401, client.raw(body.replace("dna", "DNA"), true,
        Map.of("X-Slack-Request-Timestamp", Long.toString(now), "X-Slack-Signature", good)).statusCode());
    settle();
    assertTrue(f.api.methods().isEmpty(), "a refused request did something: " + f.api);
    assertTrue(f.log.stream().anyMatch(l -> l.contains("(signature check: future)")));
    assertTrue(f.log.stream().anyMatch(l -> l.contains("(signature check: stale)")));
    // The same request, correctly signed, is accepted.
    assertEquals(200, client.raw(body, true, Map.of("X-Slack-Request-Timestamp", Long.toString(now), "X-Slack-Signature", good)).statusCode());
    // ...and answered here, not during the next test (where a scripted failure would meet it).
    assertEquals("1700000000.000500", f.api.await("chat.postMessage").param("thread_ts"));
    settle();
  }

  @Test
  void feedbackButtonsAreRecordedAndThanked() throws Exception {
    JsonObject e = SlackFixture.mention("<@UBOT> how does DNA replication work?", SlackFixture.STUDENT, "C1", "1700000000.000600");
    event(e, f.nextId("Ev"), Map.of());
    FakeSlackApi.Call post = f.api.await("chat.postMessage");
    JsonObject down = SlackFixture.button(SlackFixture.blocks(post), BlockKitRenderer.ACTION_DOWN);
    click(f.click(down, "UOTHER", "C1", "1700000000.000601", "1700000000.000600", false));
    FakeSlackApi.Call thanks = f.api.await("chat.postEphemeral");
    assertEquals("UOTHER", thanks.param("user"));
    assertEquals("1700000000.000600", thanks.param("thread_ts"));
    JsonObject up = SlackFixture.button(SlackFixture.blocks(post), BlockKitRenderer.ACTION_UP);
    click(f.click(up, SlackFixture.STUDENT, "C1", "1700000000.000601", "1700000000.000600", false));
    f.api.await("chat.postEphemeral");
    List<Entry> votes = f.feedback.read(FeedbackLog.FEEDBACK_FILE);
    assertTrue(votes.stream().anyMatch(v -> v.kind() == Entry.Kind.DOWN && v.article().equals("170206")
        && v.subject().equals("Biology") && v.question().contains("DNA replication")), votes.toString());
    assertTrue(votes.stream().anyMatch(v -> v.kind() == Entry.Kind.UP && v.article().equals("170206")));
    assertTrue(f.feedback.read(FeedbackLog.GAPS_FILE).stream().anyMatch(v -> v.kind() == Entry.Kind.DOWN));
  }

  @Test
  void unsureRepliesOfferAlternativesThatOpenTheirAnswer() throws Exception {
    JsonObject e = SlackFixture.mention("<@UBOT> what happened in peru in 1800", SlackFixture.STUDENT, "C1", "1700000000.000700");
    event(e, f.nextId("Ev"), Map.of());
    FakeSlackApi.Call post = f.api.await("chat.postMessage");
    assertTrue(post.param("text").startsWith("I'm not sure"), post.param("text"));
    JsonObject alt = SlackFixture.button(SlackFixture.blocks(post), BlockKitRenderer.ACTION_ALTERNATIVE);
    click(f.click(alt, SlackFixture.STUDENT, "C1", "1700000000.000701", "1700000000.000700", false));
    FakeSlackApi.Call opened = f.api.await("chat.postMessage");
    assertEquals("1700000000.000700", opened.param("thread_ts"));
    assertTrue(opened.param("text").startsWith(alt.getAsJsonObject("text").get("text").getAsString().replace("…", "")),
        opened.param("text"));
    assertTrue(f.feedback.read(FeedbackLog.GAPS_FILE).stream()
        .anyMatch(g -> g.kind() == Entry.Kind.UNSURE && g.question().contains("peru in 1800")));

    // On a private reply the alternative replaces the list.
    Map<String, String> cmd = f.slash("/ask", "what happened in peru in 1800", SlackFixture.STUDENT);
    command(cmd);
    JsonObject privateAlt = SlackFixture.button(SlackFixture.blocks(response(cmd)), BlockKitRenderer.ACTION_ALTERNATIVE);
    JsonObject payload = f.click(privateAlt, SlackFixture.STUDENT, "C1", "1700000000.000702", null, true);
    click(payload);
    String url = payload.get("response_url").getAsString();
    FakeSlackApi.Call replaced = f.api.await(url.substring(url.indexOf("/respond/") + 1));
    assertEquals("true", replaced.param("replace_original"));
    assertEquals("ephemeral", replaced.param("response_type"));
  }

  @Test
  void appHomeShowsSubjectsAndAdminsSeeTheCorpus() throws Exception {
    event(SlackFixture.homeOpened(SlackFixture.STUDENT), f.nextId("Ev"), Map.of());
    FakeSlackApi.Call student = f.api.await("views.publish");
    assertEquals(SlackFixture.STUDENT, student.param("user_id"));
    JsonObject view = JsonParser.parseString(student.param("view")).getAsJsonObject();
    assertEquals("home", view.get("type").getAsString());
    assertTrue(view.toString().contains("Education Studies (2)"));
    assertFalse(view.toString().contains("Last 7 days") || view.toString().contains("Corpus:"), view.toString());
    event(SlackFixture.homeOpened(SlackFixture.ADMIN), f.nextId("Ev"), Map.of());
    String admin = f.api.await("views.publish").param("view");
    assertTrue(admin.contains("Last 7 days (admins only)") && admin.contains("*Corpus:* 10 articles in 5 subjects"), admin);
  }

  @Test
  void rateLimitedPostsWaitForRetryAfterThenSucceed() throws Exception {
    f.retryWaits.clear();
    f.api.script("chat.postMessage", FakeSlackApi.status(429, "7"), FakeSlackApi.status(429, "2"));
    event(SlackFixture.dm("what is a flipped classroom", SlackFixture.STUDENT, "1700000000.000800"), f.nextId("Ev"), Map.of());
    for (int i = 0; i < 3; i++) {
      f.api.await(c -> c.method().equals("chat.postMessage") && c.param("text") != null
          && c.param("text").startsWith("What is a flipped classroom"));
    }
    assertEquals(1, f.api.delivered("chat.postMessage").stream()
        .filter(c -> c.param("text").startsWith("What is a flipped classroom")).count(), f.api.toString());
    // The third try got through; its waits are recorded once the pool is idle.
    settle();
    // Retry-After honoured, plus at most a tenth of jitter.
    assertEquals(2, f.retryWaits.size(), f.retryWaits.toString());
    assertBetween(Duration.ofSeconds(7), Duration.ofMillis(7_700), f.retryWaits.get(0));
    assertBetween(Duration.ofSeconds(2), Duration.ofMillis(2_200), f.retryWaits.get(1));
    settle();
    assertTrue(f.api.calls("chat.postEphemeral").isEmpty(), "the student was told of a failure that was retried");
  }

  private static void assertBetween(Duration low, Duration high, Duration actual) {
    assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0, actual + " not in [" + low + ", " + high + "]");
  }

  @Test
  void serverErrorsAndTimeoutsAreRetriedWithBackoffUntilDelivered() throws Exception {
    f.retryWaits.clear();
    f.api.script("chat.postMessage", FakeSlackApi.status(500, null), FakeSlackApi.status(503, null),
        FakeSlackApi.error("internal_error"));
    event(SlackFixture.dm("how does binary search work", SlackFixture.STUDENT, "1700000000.000900"), f.nextId("Ev"), Map.of());
    FakeSlackApi.Call delivered = null;
    for (int i = 0; i < 4; i++) {
      delivered = f.api.await(c -> c.method().equals("chat.postMessage") && c.param("text") != null
          && c.param("text").startsWith("How does binary search work?"));
    }
    assertEquals("D1", delivered.param("channel"));
    settle();
    assertEquals(4, f.api.calls("chat.postMessage").size(), f.api.toString());
    // Exponential, jittered: the n-th wait lies in [half, all] of 0.5 s x 2^(n-1).
    assertEquals(3, f.retryWaits.size(), f.retryWaits.toString());
    assertBetween(Duration.ofMillis(250), Duration.ofMillis(500), f.retryWaits.get(0));
    assertBetween(Duration.ofMillis(500), Duration.ofMillis(1_000), f.retryWaits.get(1));
    assertBetween(Duration.ofMillis(1_000), Duration.ofMillis(2_000), f.retryWaits.get(2));

    // A hang past the client's timeout is tried again (the risk chosen: a possible duplicate).
    CountDownLatch release = new CountDownLatch(1);
    try {
      f.api.script("chat.postMessage", FakeSlackApi.stall(release), FakeSlackApi.stall(release), FakeSlackApi.stall(release));
      for (int i = 0; i < 3; i++) {
        event(SlackFixture.dm("how does a hash table work", SlackFixture.STUDENT, "1700000000.00095" + i), f.nextId("Ev"), Map.of());
      }
      // The fake records a stalled call only when released: these three are the retries.
      for (int i = 0; i < 3; i++) {
        FakeSlackApi.Call c = f.api.await("chat.postMessage");
        assertTrue(c.param("text").startsWith("How does a hash table work?"), c.all());
      }
    } finally {
      release.countDown();
    }
    for (int i = 0; i < 3; i++) {
      f.api.await("chat.postMessage");
    }
    settle();
    assertTrue(f.api.calls("chat.postEphemeral").isEmpty(), "a retried failure was reported: " + f.api);
    assertTrue(f.log.stream().anyMatch(l -> l.contains("trying again in")), f.log.toString());
  }

  @Test
  void anOutageLongerThanTheWebApiRetriesIsTriedAgainFromTheStore() throws Exception {
    long retried = bot.bot().intake().counts().retried();
    long answered = bot.bot().intake().counts().answered();
    java.util.List<org.studybot.answer.AnswerEvent> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable listening = f.answerer.listen(told::add);
    f.api.outage("chat.postMessage", Duration.ofMinutes(5), FakeSlackApi.status(503, null));
    try {
      event(SlackFixture.dm("what is a flipped classroom", SlackFixture.STUDENT, "1700000000.000903"), f.nextId("Ev"), Map.of());
      until(() -> bot.bot().intake().counts().retried() == retried + 1);
    } finally {
      f.api.restore("chat.postMessage");
    }
    int tries = f.api.calls("chat.postMessage").size();
    assertTrue(tries >= WebApi.MAX_ATTEMPTS, "the Web API's own retries came first: " + tries);
    f.clock.advance(Duration.ofSeconds(1));
    until(() -> bot.bot().intake().counts().answered() == answered + 1);
    FakeSlackApi.Call delivered = f.api.calls("chat.postMessage").get(tries);
    assertTrue(delivered.param("text").startsWith("What is a flipped classroom"), delivered.all());
    settle();
    assertTrue(f.api.calls("chat.postEphemeral").isEmpty(), "the student was told of a failure that was mended: " + f.api);
    // Worked out twice (the second attempt answers again), asked once: the usage figures count one.
    listening.close();
    assertEquals(1, told.stream().filter(e -> e.question().equals("what is a flipped classroom")).count(), told.toString());
  }

  @Test
  void failuresThatWillNotPassAreReportedToTheStudentAndLeaveNoWorkBehind() throws Exception {
    f.api.script("chat.postMessage", FakeSlackApi.error("channel_not_found"));
    event(SlackFixture.dm("how does binary search work", SlackFixture.STUDENT, "1700000000.000901"), f.nextId("Ev"), Map.of());
    assertTrue(f.api.await("chat.postEphemeral").all().contains("channel_not_found"));
    assertEquals(1, f.api.calls("chat.postMessage").size(), "a permanent error was retried: " + f.api);

    // Slack down through all the Web API's tries, twice: the question stays in the store, is tried
    // again a retry_after later, and only after the last attempt is the student told. The first
    // question's item is counted once its ephemeral has been posted, which may be after the await
    // above: read the counts only when nothing is held, or the later exact wait races with it.
    until(() -> bot.bot().intake().counts().held() == 0);
    long retried = bot.bot().intake().counts().retried();
    long answered = bot.bot().intake().counts().answered();
    f.api.outage("chat.postMessage", Duration.ofMinutes(5), FakeSlackApi.status(502, null));
    try {
      event(SlackFixture.dm("how does binary search work", SlackFixture.STUDENT, "1700000000.000902"), f.nextId("Ev"), Map.of());
      until(() -> bot.bot().intake().counts().retried() == retried + 1);
      assertEquals(1, f.api.calls("chat.postEphemeral").size(), "told before the last attempt: " + f.api);
      f.clock.advance(Duration.ofSeconds(1));
      FakeSlackApi.Call told = f.api.await(c -> c.method().equals("chat.postEphemeral")
          && c.param("text").contains("couldn't post my answer"));
      assertEquals(SlackFixture.STUDENT, told.param("user"));
      // Telling the student is the delivery: the item is done, not failed.
      until(() -> bot.bot().intake().counts().answered() == answered + 1);
    } finally {
      f.api.restore("chat.postMessage");
    }
    long tries = f.api.calls("chat.postMessage").size() - 1;
    assertTrue(tries >= 2 * WebApi.MAX_ATTEMPTS && tries < 3 * WebApi.MAX_ATTEMPTS, "tries are bounded: " + tries);
    settle();
    // The pool still answers after the outage.
    event(SlackFixture.dm("how does binary search work", SlackFixture.STUDENT, "1700000000.000990"), f.nextId("Ev"), Map.of());
    FakeSlackApi.Call after = f.api.await(c -> c.method().equals("chat.postMessage")
        && c.param("text").startsWith("How does binary search work?"));
    assertEquals("D1", after.param("channel"));
  }

  @Test
  void reloadWhileAnsweringLosesNoReply() throws Exception {
    int questions = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> acks = new ArrayList<>();
      for (int i = 0; i < questions; i++) {
        String ts = "1700000001." + (100000 + i);
        acks.add(pool.submit(() -> event(SlackFixture.mention("<@UBOT> how does photosynthesis work", SlackFixture.STUDENT, "C1", ts), f.nextId("Ev"), Map.of())));
        if (i % 10 == 5) {
          acks.add(pool.submit(() -> command(f.slash("/studybot", "reload", SlackFixture.ADMIN))));
        }
      }
      for (Future<HttpResponse<String>> a : acks) {
        assertEquals(200, a.get().statusCode());
      }
    } finally {
      pool.shutdown();
    }
    for (int i = 0; i < questions; i++) {
      assertTrue(f.api.await("chat.postMessage").param("text").startsWith("How does photosynthesis work?"));
    }
    // Each reload answers when it completes, off the bot's pool: wait for all four, so none
    // arrives during the next test.
    while (f.api.methods().stream().filter(m -> m.startsWith("respond/")).count() < 4) {
      f.api.await(c -> true);
    }
    settle();
    assertEquals(questions, f.api.calls("chat.postMessage").size());
  }

  @Test
  void logsHoldNoSecretsAndNoMessageText() throws Exception {
    event(SlackFixture.dm("my very private question about osmosis", SlackFixture.STUDENT, "1700000000.001000"), f.nextId("Ev"), Map.of());
    f.api.await("chat.postMessage");
    command(f.slash("/studybot", "stats", SlackFixture.STUDENT));
    client.raw("{\"secret\":\"body text\"}", true, Map.of());
    settle();
    f.assertLogsClean("my very private question", "body text");
  }
}

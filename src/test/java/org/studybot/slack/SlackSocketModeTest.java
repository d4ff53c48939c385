package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.reply.BlockKitRenderer;

/** The bot in Socket Mode against a fake Socket Mode server and the fake Web API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackSocketModeTest {
  SlackFixture f;
  FakeSocketMode socket;
  SlackLauncher.Running bot;
  SignedClient health;

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    f = new SlackFixture(data);
    socket = new FakeSocketMode();
    socket.startAndWait();
    f.api.socketUrl(socket.url());
    bot = f.start(true, Duration.ofSeconds(5));
    socket.awaitConnections(1);
    health = new SignedClient(bot.port());
  }

  @AfterAll
  void stop() throws Exception {
    bot.close();
    socket.stop(1000);
    f.close();
  }

  @BeforeEach
  void forget() {
    f.api.clear();
  }

  private JsonObject slash(String command, String text, String user, Map<String, String> fields) {
    JsonObject p = new JsonObject();
    f.slash(command, text, user).forEach(p::addProperty);
    fields.forEach(p::addProperty);
    return p;
  }

  private static String respondId(JsonObject payload) {
    String url = payload.get("response_url").getAsString();
    return url.substring(url.indexOf("/respond/") + 1);
  }

  @Test
  void connectsWithTheAppTokenAndReportsHealthy() throws Exception {
    HttpResponse<String> r = health.get(org.studybot.ops.HttpServer.HEALTH_PATH);
    assertEquals(200, r.statusCode(), r.body());
    // Socket Mode serves no events over HTTP.
    assertEquals(404, health.raw("{}", true, Map.of()).statusCode());
  }

  @Test
  void slashCommandsAreAckedAndAnswered() throws Exception {
    JsonObject ask = slash("/ask", "how does binary search work", SlackFixture.STUDENT, Map.of());
    socket.send(FakeSocketMode.envelope("env-ask", "slash_commands", ask, 0));
    socket.ack("env-ask");
    FakeSlackApi.Call reply = f.api.await(respondId(ask));
    assertTrue(reply.param("text").startsWith("How does binary search work?"), reply.param("text"));
    SlackFixture.button(SlackFixture.blocks(reply), BlockKitRenderer.ACTION_SHARE);

    JsonObject study = slash("/study", "", SlackFixture.STUDENT, Map.of());
    socket.send(FakeSocketMode.envelope("env-study", "slash_commands", study, 0));
    socket.ack("env-study");
    assertTrue(f.api.await(respondId(study)).param("text").contains("Computer Science (2)"));

    JsonObject refused = slash("/studybot", "reload", SlackFixture.STUDENT, Map.of());
    socket.send(FakeSocketMode.envelope("env-admin", "slash_commands", refused, 0));
    JsonObject ack = socket.ack("env-admin");
    assertTrue(ack.toString().contains("for StudyBot admins only"), ack.toString());

    JsonObject stats = slash("/studybot", "stats", SlackFixture.ADMIN, Map.of());
    socket.send(FakeSocketMode.envelope("env-stats", "slash_commands", stats, 0));
    socket.ack("env-stats");
    assertTrue(f.api.await(respondId(stats)).param("text").contains("10 articles"));
  }

  @Test
  void eventsAreAnsweredOnceEvenWhenRetried() throws Exception {
    JsonObject mention = SlackFixture.callback(
        SlackFixture.mention("<@UBOT> what is a flipped classroom", SlackFixture.STUDENT, "C2", "1700000002.000100"), "EvSock1");
    socket.send(FakeSocketMode.envelope("env-m1", "events_api", mention, 0));
    socket.ack("env-m1");
    FakeSlackApi.Call post = f.api.await("chat.postMessage");
    assertEquals("C2", post.param("channel"));
    assertEquals("1700000002.000100", post.param("thread_ts"));
    socket.send(FakeSocketMode.envelope("env-m1-retry", "events_api", mention, 1));
    socket.ack("env-m1-retry");

    JsonObject dm = SlackFixture.callback(SlackFixture.dm("how does a hash table work", SlackFixture.STUDENT, "1700000002.000200"), "EvSock2");
    socket.send(FakeSocketMode.envelope("env-dm", "events_api", dm, 0));
    socket.ack("env-dm");
    FakeSlackApi.Call answer = f.api.await("chat.postMessage");
    assertEquals("D1", answer.param("channel"));
    assertEquals(2, f.api.calls("chat.postMessage").size(), "the retried mention was answered again: " + f.api);

    socket.send(FakeSocketMode.envelope("env-home", "events_api", SlackFixture.callback(SlackFixture.homeOpened(SlackFixture.STUDENT), "EvSock3"), 0));
    socket.ack("env-home");
    assertTrue(f.api.await("views.publish").param("view").contains("Subjects"));
  }

  @Test
  void buttonsWorkOverTheSocket() throws Exception {
    JsonObject ask = slash("/ask", "how do vaccines help the immune system", SlackFixture.STUDENT, Map.of());
    socket.send(FakeSocketMode.envelope("env-b1", "slash_commands", ask, 0));
    FakeSlackApi.Call reply = f.api.await(respondId(ask));
    JsonObject share = SlackFixture.button(SlackFixture.blocks(reply), BlockKitRenderer.ACTION_SHARE);
    JsonObject click = f.click(share, SlackFixture.STUDENT, "C1", "1700000002.000300", null, true);
    socket.send(FakeSocketMode.envelope("env-b2", "interactive", click, 0));
    socket.ack("env-b2");
    FakeSlackApi.Call shared = f.api.await(respondId(click));
    assertEquals("in_channel", shared.param("response_type"));
    assertTrue(shared.param("text").startsWith("How do vaccines help"), shared.param("text"));
  }

  @Test
  void reconnectsWhenAskedAndAfterADropAndHealthReportsTheOutage() throws Exception {
    int before = socket.connections();
    socket.requestDisconnect();
    socket.awaitConnections(before + 1);
    answersOverTheSocket("EvRe1", "1700000003.000100");

    // A drop while Slack is slow to hand out a new URL: the health check says so until it is back.
    CountDownLatch slack = new CountDownLatch(1);
    f.api.script("apps.connections.open", FakeSlackApi.stall(slack), FakeSlackApi.stall(slack), FakeSlackApi.stall(slack));
    int dropped = socket.connections();
    try {
      socket.drop();
      awaitHealth(503);
    } finally {
      slack.countDown();
    }
    socket.awaitConnections(dropped + 1);
    awaitHealth(200);
    answersOverTheSocket("EvRe2", "1700000003.000200");
    assertTrue(f.log.stream().anyMatch(l -> l.contains("Socket Mode: connection closed")));
    f.assertLogsClean("what is a flipped classroom");
  }

  private void answersOverTheSocket(String eventId, String ts) throws Exception {
    JsonObject dm = SlackFixture.callback(SlackFixture.dm("how does photosynthesis work", SlackFixture.STUDENT, ts), eventId);
    socket.send(FakeSocketMode.envelope("env-" + eventId, "events_api", dm, 0));
    socket.ack("env-" + eventId);
    assertTrue(f.api.await(c -> c.method().equals("chat.postMessage") && c.param("text").startsWith("How does photosynthesis"))
        .param("channel").equals("D1"));
  }

  private void awaitHealth(int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = health.get(org.studybot.ops.HttpServer.HEALTH_PATH).statusCode();
      if (last == status) {
        return;
      }
    }
    throw new AssertionError("health stayed " + last + ", expected " + status);
  }
}

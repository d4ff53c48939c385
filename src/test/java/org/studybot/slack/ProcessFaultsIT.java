package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.ops.HttpServer;

/**
 * Faults tried on the packaged jar (failsafe; see {@link BotJvm}): slow clients, a failing Web
 * API, a refusing Socket Mode endpoint, an empty content directory. "Acknowledged" means "will
 * be answered": each test counts the requests acked against the answers Slack received.
 */
class ProcessFaultsIT {
  static final String SECRET = "process-test-signing-secret";

  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T t) {
    open.add(t);
    return t;
  }

  /** A config: the small Slack corpus, words alone, short client timeouts, loopback only. */
  private Path config(String extra) throws IOException {
    return config("studybot.yml", dir.resolve("data"), false, extra);
  }

  private Path config(String name, Path data, boolean semantic, String extra) throws IOException {
    Path c = dir.resolve(name);
    Files.writeString(c, """
        content_dir: %s
        data_dir: %s
        search:
          semantic: %s
        http:
          bind_address: 127.0.0.1
          header_timeout: 1s
          body_timeout: 1s
        slack:
          api_timeout: 2s
        %s
        """.formatted(SlackFixture.CORPUS.toAbsolutePath(), data, semantic ? "on" : "off", extra),
        StandardCharsets.UTF_8);
    return c;
  }

  private static Map<String, String> httpMode(FakeSlackApi api) {
    return Map.of("SLACK_BOT_TOKEN", SlackFixture.BOT_TOKEN, "SLACK_SIGNING_SECRET", SECRET,
        "SLACK_API_URL", api.apiUrl(), "PORT", "0");
  }

  private static HttpResponse<String> mention(SignedClient client, String ts, String eventId) throws Exception {
    JsonObject e = SlackPayloads.mention("<@UBOT> how does photosynthesis work", SlackFixture.STUDENT, "C1", ts);
    return client.post(SlackPayloads.callback(e, eventId, Instant.now()).toString(), true, Instant.now(), Map.of());
  }

  /** Waits (at most {@code within}) until {@code n} distinct threads got a delivered answer. */
  private static Set<String> awaitAnswered(FakeSlackApi api, int n, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Set<String> threads = Set.of();
    while (System.nanoTime() < deadline) {
      threads = api.delivered("chat.postMessage").stream().map(c -> c.param("thread_ts")).collect(Collectors.toSet());
      if (threads.size() >= n) {
        return threads;
      }
      api.await(c -> true); // the next call, whatever it is: no sleeping
    }
    throw new AssertionError(threads.size() + " of " + n + " answered within " + within + ": " + api);
  }

  // ------------------------------------------------------------------ slow clients

  @Test
  void slowClientsNeitherSilenceTheBotNorItsHealth() throws Exception {
    FakeSlackApi api = keep(new FakeSlackApi());
    BotJvm bot = keep(BotJvm.start(httpMode(api), "serve", "--config", config("").toString()));
    int port = bot.awaitPort();

    // 12 slowloris clients: 6 trickle a request head, 6 a body, a byte every 300 ms.
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Socket s = keep(new Socket(InetAddress.getLoopbackAddress(), port));
      String start = i % 2 == 0
          ? "POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow: "
          : "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n{";
      s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
      slow.add(s);
    }
    CountDownLatch stopTrickle = new CountDownLatch(1);
    CountDownLatch cut = new CountDownLatch(slow.size());
    Thread trickler = new Thread(() -> {
      List<Socket> alive = new ArrayList<>(slow);
      try {
        while (!alive.isEmpty() && !stopTrickle.await(300, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          alive.removeIf(s -> {
            try {
              s.getOutputStream().write('a');
              s.getOutputStream().flush();
              return false;
            } catch (IOException closed) {
              cut.countDown();
              return true;
            }
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "slowloris");
    trickler.setDaemon(true);
    trickler.start();

    SignedClient client = new SignedClient(port, SECRET);
    long t0 = System.nanoTime();
    HttpResponse<String> health = client.get(HttpServer.HEALTH_PATH);
    long healthMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(200, health.statusCode(), health.body());
    assertTrue(healthMs < 2_000, "health took " + healthMs + " ms beside 12 slow clients");

    int accepted = 0;
    Map<String, String> ask = SlackPayloads.slash("/ask", "what is a hash table", SlackFixture.STUDENT,
        api.responseUrl("slash-slow"), "trigger-slow");
    long t1 = System.nanoTime();
    accepted += client.post(SlackPayloads.form(ask), false, Instant.now(), Map.of()).statusCode() == 200 ? 1 : 0;
    accepted += mention(client, "1700000100.000001", "EvSlow1").statusCode() == 200 ? 1 : 0;
    long ackMs = (System.nanoTime() - t1) / 1_000_000;
    assertEquals(2, accepted);
    assertTrue(ackMs < 3_000, "two acks took " + ackMs + " ms beside 12 slow clients");
    api.await("respond/slash-slow");
    awaitAnswered(api, 1, Duration.ofSeconds(20));
    int answered = api.delivered("respond/slash-slow").size() + api.delivered("chat.postMessage").size();
    assertEquals(accepted, answered, "acked vs answered");

    // The server cut every slow client off (1 s for a head or a body), though each kept sending.
    boolean allCut = cut.await(20, java.util.concurrent.TimeUnit.SECONDS);
    stopTrickle.countDown();
    assertTrue(allCut, cut.getCount() + " slow clients still connected");
    assertTrue(bot.count(l -> l.contains("no complete request head within 1 s")) >= 6, String.join("\n", bot.lines()));
    assertTrue(bot.count(l -> l.contains("body not complete within 1 s")) >= 6, String.join("\n", bot.lines()));
    assertTrue(bot.alive());
    System.out.printf("slow clients: 12 held; health %d ms, 2 acks %d ms; accepted %d, answered %d%n",
        healthMs, ackMs, accepted, answered);
  }

  // ------------------------------------------------------------------ a failing Web API

  @Test
  void everyAcknowledgedQuestionIsAnsweredThrough500sAHangAnd429sForTenSeconds() throws Exception {
    FakeSlackApi api = keep(new FakeSlackApi());
    CountDownLatch hang = new CountDownLatch(1);
    try {
      api.script("chat.postMessage", FakeSlackApi.status(500, null), FakeSlackApi.status(503, null),
          FakeSlackApi.stall(hang), FakeSlackApi.stall(hang), FakeSlackApi.error("internal_error"));
      // One student asks all twenty: more than the intake lets one student ask at once (its
      // limits have tests of their own; this one is about the Web API).
      BotJvm bot = keep(BotJvm.start(httpMode(api), "serve", "--config",
          config("intake:\n  user_burst: 1000\n  channel_burst: 1000\n").toString()));
      SignedClient client = new SignedClient(bot.awaitPort(), SECRET);
      int accepted = 0;
      for (int i = 0; i < 10; i++) {
        accepted += mention(client, "1700000200.0000" + (10 + i), "EvFail" + i).statusCode() == 200 ? 1 : 0;
      }
      // Once the first answers are through (2 of them hung, to be retried), Slack rate limits every
      // post for 10 s.
      awaitAnswered(api, 5, Duration.ofSeconds(30));
      api.outage("chat.postMessage", Duration.ofSeconds(10), FakeSlackApi.status(429, "1"));
      for (int i = 10; i < 20; i++) {
        accepted += mention(client, "1700000200.0000" + (10 + i), "EvFail" + i).statusCode() == 200 ? 1 : 0;
      }
      assertEquals(20, accepted);
      long tAnswer = System.nanoTime();
      Set<String> answered = awaitAnswered(api, 20, Duration.ofSeconds(90));
      System.out.printf("answered in %.1f s%n", (System.nanoTime() - tAnswer) / 1e9);
      assertEquals(accepted, answered.size(), "acked vs answered");
      assertTrue(api.calls("chat.postEphemeral").isEmpty(), "a student was told of a failure: " + api);
      long tries = api.calls("chat.postMessage").size();
      long duplicates = api.delivered("chat.postMessage").size() - answered.size();
      assertEquals(0, duplicates, "delivered twice");
      assertTrue(bot.count(l -> l.contains("chat.postMessage: http_429")) > 0);
      System.out.printf("web api faults: accepted %d, answered %d, %d calls (500, 503, 2 hangs, internal_error, "
          + "429 for 10 s), duplicates %d%n", accepted, answered.size(), tries, duplicates);
    } finally {
      hang.countDown();
    }
  }

  // ------------------------------------------------------------------ Socket Mode

  @Test
  void socketModeBacksOffOnOkFalseAndOnARefusingEndpoint() throws Exception {
    List<Long> opens = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch tooMany = new CountDownLatch(1);
    FakeSlackApi api = keep(new FakeSlackApi());
    FakeSocketMode ws = new FakeSocketMode();
    ws.startAndWait();
    open.add(() -> ws.stop(1000));
    api.socketUrl(ws.url());
    api.script("apps.connections.open", FakeSlackApi.error("internal_error"), FakeSlackApi.error("internal_error"),
        FakeSlackApi.status(500, null));
    Map<String, String> env = Map.of("SLACK_BOT_TOKEN", SlackFixture.BOT_TOKEN, "SLACK_APP_TOKEN", SlackFixture.APP_TOKEN,
        "SLACK_API_URL", api.apiUrl(), "PORT", "0");
    long t0 = System.nanoTime();
    BotJvm bot = keep(BotJvm.start(env, "serve", "--config", config("").toString()));
    SignedClient health = new SignedClient(bot.awaitPort(), SECRET);
    ws.awaitConnections(1);
    double okFalseSeconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(4, api.calls("apps.connections.open").size(), "three failures, then one success: " + api);
    awaitHealth(health, 200);

    // The endpoint goes away: every reconnect is refused. The SDK retried every 250 ms here.
    int before = api.calls("apps.connections.open").size();
    ws.stop(1000);
    awaitHealth(health, 503);
    // Watch 10 s of refusal; give up early if the bot goes past 5 calls.
    Thread watcher = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          api.await("apps.connections.open");
          if (api.calls("apps.connections.open").size() - before > 5) {
            tooMany.countDown();
          }
        }
      } catch (InterruptedException | AssertionError e) {
        // Done watching.
      }
    }, "watch-opens");
    watcher.setDaemon(true);
    watcher.start();
    boolean exceeded = tooMany.await(10, java.util.concurrent.TimeUnit.SECONDS);
    watcher.interrupt();
    int during = api.calls("apps.connections.open").size() - before;
    assertTrue(!exceeded && during >= 1 && during <= 5, during + " apps.connections.open calls in 10 s of refusal");
    String detail = health.get(HttpServer.HEALTH_PATH).body();
    assertTrue(detail.contains("Socket Mode connection to Slack is down"), detail);
    assertTrue(bot.alive());
    System.out.printf("socket mode: ok:false x2 + 500 -> connected after %.1f s with 4 calls; refused endpoint: "
        + "%d calls in 10 s (was 31 in 8 s)%n", okFalseSeconds, during);
  }

  private static void awaitHealth(SignedClient client, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = client.get(HttpServer.HEALTH_PATH).statusCode();
      if (last == status) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("health stayed " + last + ", expected " + status);
  }

  // ------------------------------------------------------------------ start-up failures

  @Test
  void anEmptyContentDirectoryExits1NamingIt() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-content"));
    FakeSlackApi api = keep(new FakeSlackApi());
    BotJvm bot = keep(BotJvm.start(httpMode(api), "serve", "--config", config("").toString(), "--content",
        empty.toString()));
    assertEquals(1, bot.exitCode(Duration.ofSeconds(60)), String.join("\n", bot.lines()));
    String message = bot.await(l -> l.contains("no articles loaded from"), Duration.ofSeconds(1));
    assertTrue(message.contains(empty.toString()) && message.contains("allow_empty"), message);
    assertTrue(bot.lines().stream().noneMatch(l -> l.contains("NullPointerException")), String.join("\n", bot.lines()));
  }

  @Test
  void allowEmptyStartsAndSaysSo() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-content"));
    FakeSlackApi api = keep(new FakeSlackApi());
    BotJvm bot = keep(BotJvm.start(httpMode(api), "serve", "--config", config("allow_empty: on").toString(),
        "--content", empty.toString()));
    SignedClient client = new SignedClient(bot.awaitPort(), SECRET);
    HttpResponse<String> health = client.get(HttpServer.HEALTH_PATH);
    assertEquals(503, health.statusCode());
    assertTrue(health.body().contains("content not loaded yet"), health.body());
    assertEquals(200, mention(client, "1700000300.000001", "EvEmpty").statusCode());
    FakeSlackApi.Call reply = api.await("chat.postMessage");
    assertTrue(reply.param("text").contains("no articles loaded yet"), reply.all());
  }

  @Test
  void anUnwritableDataDirectoryWarnsOnceAndStillAnswers() throws Exception {
    // Root ignores permission bits, so the data directory is made unwritable another way: a
    // path under a plain file cannot be created by anyone.
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    Path c = config("ro.yml", file.resolve("data"), true, "");
    BotJvm bot = keep(BotJvm.start(Map.of(), "ask", "--config", c.toString(), "how does photosynthesis work"));
    assertEquals(0, bot.exitCode(Duration.ofSeconds(120)), String.join("\n", bot.lines()));
    List<String> lines = bot.lines();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("How does photosynthesis work?")), String.join("\n", lines));
    assertEquals(1, lines.stream().filter(l -> l.contains("keeping the vectors in memory")).count(), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.contains("semantic matching on")), String.join("\n", lines));
  }

}

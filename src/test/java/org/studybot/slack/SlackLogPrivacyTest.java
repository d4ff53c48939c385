package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.reply.BlockKitRenderer;

/**
 * The real bot, as a separate JVM with its real logging backend and configuration, in HTTP mode
 * against the stand-in Slack: every kind of request (mentions, DMs, the three slash commands,
 * clicks, the App Home, and requests Bolt does not recognise, which it would log whole), each
 * carrying a unique marker. Everything the process prints (stdout and stderr, whatever the
 * backend) is then scanned: no marker, token, signing secret or response URL may appear. The
 * logging backend's most verbose level is asked for too, so the rule must hold at any level.
 */
class SlackLogPrivacyTest {
  private static final String BOT_TOKEN = "xoxb-privacy-test-token-5511";
  private static final String SECRET = "privacy-test-signing-secret-7733";

  @Test
  void noMessageTextBodyOrTokenIsEverLogged(@TempDir Path tmp) throws Exception {
    String marker = "zq" + Long.toHexString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 60));
    Path config = tmp.resolve("studybot.yml");
    // One student sends every kind of request at once: more than the intake lets one student ask.
    Files.writeString(config, "data_dir: " + tmp.resolve("data").toAbsolutePath() + "\nintake:\n  user_burst: 1000\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (FakeSlackApi api = new FakeSlackApi()) {
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Dfile.encoding=UTF-8",
              // The most verbose level there is (logback.xml's root): the SDK's loggers must stay silent anyway.
              "-Dstudybot.log.level=TRACE",
              "-cp", System.getProperty("java.class.path"),
              "org.studybot.cli.Main", "serve",
              "--config", config.toString(),
              "--content", SlackFixture.CORPUS.toAbsolutePath().toString(),
              "--semantic", "off");
      pb.redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("SLACK_") || k.equals("STUDYBOT_ADMINS"));
      env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
      env.put("SLACK_SIGNING_SECRET", SECRET);
      env.put("SLACK_API_URL", api.apiUrl());
      env.put("PORT", Integer.toString(port));
      env.put("STUDYBOT_ADMINS", SlackFixture.ADMIN);
      Process bot = pb.start();
      StringBuffer out = new StringBuffer();
      CountDownLatch listening = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            out.append(line).append('\n');
            if (line.contains("/slack/events")) {
              listening.countDown();
            }
          }
        } catch (IOException e) {
          out.append("[reader failed: ").append(e).append("]\n");
        }
      }, "bot-output");
      reader.start();
      try {
        assertTrue(listening.await(90, TimeUnit.SECONDS), () -> "the bot did not start:\n" + out);
        drive(new SignedClient(port, SECRET), api, marker);
      } finally {
        bot.destroy();
        if (!bot.waitFor(30, TimeUnit.SECONDS)) {
          bot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
      }
      String printed = out.toString();
      assertTrue(printed.contains("listening on"), printed);
      assertTrue(api.methods().stream().filter(m -> m.startsWith("respond/")).count() >= 6, api.methods().toString());
      assertTrue(api.methods().contains("chat.postMessage") && api.methods().contains("views.publish"), api.methods().toString());
      for (String secret : List.of(marker, BOT_TOKEN, SECRET, "xoxb-", "/respond/", "response_url", "\"text\"")) {
        for (String line : printed.split("\n")) {
          assertFalse(line.contains(secret), () -> "the bot printed \"" + secret + "\": " + line);
        }
      }
    }
  }

  /** Every kind of request Slack sends, each with the marker in its text. */
  private static void drive(SignedClient client, FakeSlackApi api, String marker) throws Exception {
    List<HttpResponse<String>> acks = new ArrayList<>();
    acks.add(event(client, SlackPayloads.mention(
        "<@" + FakeSlackApi.BOT_USER + "> how does photosynthesis work " + marker + " &amp; <https://evil.example/" + marker
            + "|" + marker + "> <!channel>", "USTUDENT", "C1", "1700000000.000100"), "Ev1"));
    acks.add(event(client, SlackPayloads.dm("how does binary search work " + marker, "USTUDENT", "D1", "1700000000.000200"), "Ev2"));
    acks.add(event(client, SlackPayloads.homeOpened("USTUDENT"), "Ev3"));
    // An event the bot does not subscribe to, and payloads Bolt does not recognise at all (Bolt
    // logs the latter whole at WARN: "No request pattern detected for {…}").
    JsonObject reaction = new JsonObject();
    reaction.addProperty("type", "reaction_added");
    reaction.addProperty("user", "USTUDENT");
    reaction.addProperty("reaction", marker);
    acks.add(event(client, reaction, "Ev4"));
    JsonObject unknown = new JsonObject();
    unknown.addProperty("type", "something_new_" + marker);
    unknown.addProperty("text", marker);
    acks.add(client.post(unknown.toString(), true, Instant.now(), Map.of()));
    acks.add(client.post("text=" + marker + "&nothing=" + marker, false, Instant.now(), Map.of()));

    String ask = api.responseUrl("ask-" + marker);
    acks.add(command(client, SlackPayloads.slash("/ask", "what is a hash table " + marker, "USTUDENT", ask, "t1")));
    acks.add(command(client, SlackPayloads.slash("/study", "Biology how does dna replication work " + marker, "USTUDENT",
        api.responseUrl("study-" + marker), "t2")));
    acks.add(command(client, SlackPayloads.slash("/study", "Nonexistent" + marker, "USTUDENT",
        api.responseUrl("study2-" + marker), "t3")));
    acks.add(command(client, SlackPayloads.slash("/studybot", marker, "USTUDENT", api.responseUrl("admin-" + marker), "t4")));
    acks.add(command(client, SlackPayloads.slash("/studybot", "stats " + marker, SlackFixture.ADMIN,
        api.responseUrl("stats-" + marker), "t5")));
    acks.add(command(client, SlackPayloads.slash("/studybot", "gaps", "UOTHER", api.responseUrl("gaps-" + marker), "t6")));

    FakeSlackApi.Call answer = api.await(c -> c.method().equals("respond/ask-" + marker));
    JsonArray blocks = SlackFixture.blocks(answer);
    for (String action : List.of(BlockKitRenderer.ACTION_UP, BlockKitRenderer.ACTION_DOWN, BlockKitRenderer.ACTION_SHARE)) {
      JsonObject button = SlackFixture.button(blocks, action);
      acks.add(click(client, api, button, marker));
    }
    for (HttpResponse<String> r : acks) {
      assertTrue(r.statusCode() == 200 || r.statusCode() == 400 || r.statusCode() == 404, "acked: " + r.statusCode() + " " + r.body());
    }
    assertEquals(200, acks.get(0).statusCode());
    // The share posts in the channel, then confirms privately: the last thing the run does.
    until(api, () -> api.calls("chat.postMessage").size() >= 2 && !api.calls("views.publish").isEmpty()
        && api.methods().stream().filter(m -> m.startsWith("respond/")).count() >= 8);
  }

  /** Waits call by call (each wait bounded by the fake) until {@code done} holds. */
  private static void until(FakeSlackApi api, java.util.function.BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      api.await(c -> true);
    }
  }

  private static HttpResponse<String> event(SignedClient client, JsonObject event, String id) throws Exception {
    return client.post(SlackPayloads.callback(event, id, Instant.now()).toString(), true, Instant.now(), Map.of());
  }

  private static HttpResponse<String> command(SignedClient client, Map<String, String> fields) throws Exception {
    return client.post(SlackPayloads.form(fields), false, Instant.now(), Map.of());
  }

  private static HttpResponse<String> click(SignedClient client, FakeSlackApi api, JsonObject button, String marker)
      throws Exception {
    JsonObject p = SlackPayloads.click(button, "USTUDENT", "C1", "1700000000.000300", null, true,
        api.responseUrl("click-" + marker + "-" + button.get("action_id").getAsString()), "t-" + marker);
    return client.post(SlackPayloads.form(Map.of("payload", p.toString())), false, Instant.now(), Map.of());
  }
}

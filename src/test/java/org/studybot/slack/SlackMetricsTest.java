package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.studybot.logging.AnswerLog;
import org.studybot.metrics.MetricsSettings;
import org.studybot.metrics.Scrape;
import org.studybot.reply.BlockKitRenderer;

/**
 * The bot in HTTP mode with metrics on: a scripted session against the fake Slack, then {@code GET
 * /metrics} shows the counters moved by exactly what the session did.
 */
class SlackMetricsTest {
  @TempDir Path data;

  private static Scrape scrape(SignedClient client) throws Exception {
    HttpResponse<String> r = client.get("/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    return Scrape.parse(r.body());
  }

  private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  @Test
  void aScriptedSessionMovesTheCountersByExactlyWhatHappened() throws Exception {
    // The answer log's events, as the JSON layout would get them.
    Logger answers = (Logger) LoggerFactory.getLogger(AnswerLog.LOGGER);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    answers.addAppender(logged);
    try (SlackFixture f = new SlackFixture(data);
        SlackLauncher.Running bot = f.start(false, Duration.ofMillis(1500), MetricsSettings.defaults())) {
      SignedClient client = new SignedClient(bot.port());
      assertEquals(bot.port(), bot.metricsPort(), "metrics on the bot's own port");
      Scrape before = scrape(client);
      assertEquals(10, before.sum("studybot_corpus_articles", Map.of()));

      // Three private answers, two mentions (the first rate limited once), one 👍.
      for (String q : new String[] {"how does DNA replication work?", "what is osmosis", "what happened in peru in 1800"}) {
        Map<String, String> cmd = f.slash("/ask", q, SlackFixture.STUDENT);
        assertEquals(200, client.post(SlackFixture.form(cmd), false, SlackFixture.NOW, Map.of()).statusCode());
        String url = cmd.get("response_url");
        f.api.await(url.substring(url.indexOf("/respond/") + 1));
      }
      f.api.script("chat.postMessage", FakeSlackApi.status(429, "1"));
      FakeSlackApi.Call first = null;
      for (String q : new String[] {"<@UBOT> how does DNA replication work?", "<@UBOT> what is osmosis"}) {
        JsonObject e = SlackFixture.mention(q, SlackFixture.STUDENT, "C1", "1700000000.00" + f.nextId(""));
        client.post(SlackFixture.callback(e, f.nextId("Ev")).toString(), true, SlackFixture.NOW, Map.of());
        FakeSlackApi.Call post = f.api.await("chat.postMessage");
        first = first == null ? post : first;
      }
      JsonObject up = SlackFixture.button(SlackFixture.blocks(first), BlockKitRenderer.ACTION_UP);
      client.post(SlackFixture.form(Map.of("payload", f.click(up, SlackFixture.STUDENT, "C1", "1700000000.000601",
          "1700000000.000600", false).toString())), false, SlackFixture.NOW, Map.of());
      f.api.await("chat.postEphemeral");

      // The fake has the last call before the bot has its answer: wait for the bot to count all 7
      // tries (3 response URLs, 2 posts and the 429, 1 thanks), then check they are exactly those.
      Scrape after = scrape(client);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (delta(before, after, "studybot_slack_api_calls_total", Map.of()) < 7 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        after = scrape(client);
      }
      assertEquals(7, delta(before, after, "studybot_slack_api_calls_total", Map.of()));
      assertEquals(3, delta(before, after, "studybot_slack_api_calls_total", Map.of("method", "response_url", "outcome", "ok")));
      assertEquals(2, delta(before, after, "studybot_slack_api_calls_total", Map.of("method", "chat.postMessage", "outcome", "ok")));
      assertEquals(1, delta(before, after, "studybot_slack_api_calls_total", Map.of("method", "chat.postMessage", "outcome", "rate_limited")));
      assertEquals(1, delta(before, after, "studybot_slack_api_calls_total", Map.of("method", "chat.postEphemeral", "outcome", "ok")));
      assertEquals(1, delta(before, after, "studybot_retries_total", Map.of("what", "slack_api")));
      assertEquals(1, delta(before, after, "studybot_feedback_total", Map.of("vote", "up")));
      assertEquals(0, delta(before, after, "studybot_feedback_total", Map.of("vote", "down")));
      assertTrue(after.sum("studybot_jvm_memory_used_bytes", Map.of()) > 0);

      // Every question asked, counted once, by front end; latency observed for each.
      assertEquals(3, delta(before, after, "studybot_questions_total", Map.of("front_end", "slack-ask")));
      assertEquals(2, delta(before, after, "studybot_questions_total", Map.of("front_end", "slack-mention")));
      assertEquals(5, delta(before, after, "studybot_questions_total", Map.of()));
      assertEquals(4, delta(before, after, "studybot_questions_total", Map.of("status", "answered", "subject", "Biology")),
          "DNA replication and osmosis, twice each");
      assertEquals(1, delta(before, after, "studybot_questions_total", Map.of("status", "none"))
          + delta(before, after, "studybot_questions_total", Map.of("status", "unsure")), "what happened in Peru in 1800");
      assertEquals(5, delta(before, after, "studybot_answer_latency_seconds_count", Map.of()));
      assertEquals(2, delta(before, after, "studybot_reply_cache_requests_total", Map.of("result", "hit")),
          "the DNA and osmosis questions asked again");

      // One answer log line per question, with the mention's event id and team from the MDC.
      assertEquals(5, logged.list.size());
      List<ILoggingEvent> mentions = logged.list.stream()
          .filter(e -> e.getKeyValuePairs().stream().anyMatch(kv -> kv.value.equals("slack-mention"))).toList();
      assertEquals(2, mentions.size());
      for (ILoggingEvent e : mentions) {
        assertTrue(e.getMDCPropertyMap().get("event_id").startsWith("Ev"), e.getMDCPropertyMap().toString());
        assertEquals("T1", e.getMDCPropertyMap().get("team"));
        assertTrue(e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("latency_ms") && kv.value instanceof Double));
      }
      String all = logged.list.toString() + logged.list.stream().map(e -> String.valueOf(e.getKeyValuePairs())).toList();
      assertFalse(all.contains("replication") || all.contains("osmosis"), "no question text: " + all);
    } finally {
      answers.detachAppender(logged);
    }
  }

  @Test
  void aManagementPortServesMetricsApartFromSlack() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (SlackFixture f = new SlackFixture(data);
        SlackLauncher.Running bot = f.start(false, Duration.ofMillis(1500), new MetricsSettings(true, port))) {
      assertEquals(port, bot.metricsPort());
      assertEquals(404, new SignedClient(bot.port()).get("/metrics").statusCode(), "not on the Slack port");
      assertTrue(scrape(new SignedClient(port)).has("studybot_corpus_articles"));
      HttpResponse<String> health = new SignedClient(port).get(org.studybot.ops.HttpServer.HEALTH_PATH);
      assertEquals(200, health.statusCode());
      assertTrue(health.body().contains("10 articles"), health.body());
    }
  }

  @Test
  void metricsOffServesNothing() throws Exception {
    try (SlackFixture f = new SlackFixture(data);
        SlackLauncher.Running bot = f.start(false, Duration.ofMillis(1500), new MetricsSettings(false, 0))) {
      assertEquals(404, new SignedClient(bot.port()).get("/metrics").statusCode());
    }
  }
}

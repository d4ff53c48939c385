package org.studybot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.studybot.ops.HttpRequest;
import org.studybot.ops.HttpResponse;

class PrometheusMetricsTest {
  private final PrometheusMetrics metrics = new PrometheusMetrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  private Scrape scrape() {
    return Scrape.parse(metrics.scrape());
  }

  @Test
  void questionsAreCountedByFrontEndStatusAndSubjectWithTheirLatency() {
    metrics.watchCorpus(() -> 109, () -> 1, Set.of("Biology", "Physics")::contains);
    metrics.question("slack-ask", "answered", "Biology", Duration.ofMillis(3));
    metrics.question("slack-ask", "answered", "Biology", Duration.ofMillis(40));
    metrics.question("slack-mention", "unsure", "Physics", Duration.ofMillis(7));
    metrics.question("shell", "chat", "", Duration.ofNanos(100_000));
    metrics.question("slack-study", "none", "whatever the student typed", Duration.ofMillis(1));

    Scrape s = scrape();
    assertEquals(2, s.sum("studybot_questions_total", Map.of("front_end", "slack-ask", "status", "answered", "subject", "Biology")));
    assertEquals(1, s.sum("studybot_questions_total", Map.of("status", "unsure", "subject", "Physics")));
    assertEquals(1, s.sum("studybot_questions_total", Map.of("status", "chat", "subject", "none")));
    assertEquals(1, s.sum("studybot_questions_total", Map.of("front_end", "slack-study", "subject", "other")),
        "a subject outside the corpus never becomes a label");
    assertEquals(5, s.sum("studybot_questions_total", Map.of()));
    assertEquals(5, s.sum("studybot_answer_latency_seconds_count", Map.of()));
    assertEquals(0.043, s.sum("studybot_answer_latency_seconds_sum", Map.of("front_end", "slack-ask")), 1e-9);
    assertEquals(1, s.sum("studybot_answer_latency_seconds_bucket", Map.of("front_end", "slack-ask", "le", "0.005")));
    assertEquals(2, s.sum("studybot_answer_latency_seconds_bucket", Map.of("front_end", "slack-ask", "le", "0.05")));
    assertEquals(109, s.sum("studybot_corpus_articles", Map.of()));
  }

  @Test
  void everyNameHasThePrefixAndJvmAndProcessMetersAreThere() {
    Scrape s = scrape();
    assertTrue(s.samples().stream().allMatch(x -> x.name().startsWith("studybot_")),
        () -> s.samples().stream().filter(x -> !x.name().startsWith("studybot_")).toList().toString());
    assertTrue(s.has("studybot_jvm_memory_used_bytes"));
    assertTrue(s.has("studybot_jvm_threads_live_threads"));
    assertTrue(s.has("studybot_process_cpu_usage"));
    assertTrue(s.has("studybot_process_uptime_seconds"));
  }

  @Test
  void slackCallsFeedbackReloadsAndBacklogs() {
    metrics.slackCall("chat.postMessage", "rate_limited");
    metrics.slackCall("chat.postMessage", "ok");
    metrics.slackCall("views.publish", "something new");
    metrics.feedback(true);
    metrics.feedback(false);
    metrics.feedback(false);
    metrics.reload(true, Duration.ofMillis(1500));
    metrics.reload(false, Duration.ofMillis(20));
    AtomicInteger queued = new AtomicInteger(3);
    metrics.watch(Metrics.Backlog.INTAKE_QUEUE, queued::get);
    metrics.retried("intake");

    Scrape s = scrape();
    assertEquals(1, s.sum("studybot_slack_api_calls_total", Map.of("method", "chat.postMessage", "outcome", "rate_limited")));
    assertEquals(1, s.sum("studybot_slack_api_calls_total", Map.of("method", "views.publish", "outcome", "other")));
    assertEquals(1, s.sum("studybot_feedback_total", Map.of("vote", "up")));
    assertEquals(2, s.sum("studybot_feedback_total", Map.of("vote", "down")));
    assertEquals(1, s.sum("studybot_reload_duration_seconds_count", Map.of("result", "swapped")));
    assertEquals(1.5, s.sum("studybot_reload_duration_seconds_sum", Map.of("result", "swapped")), 1e-9);
    assertEquals(1, s.sum("studybot_reload_duration_seconds_count", Map.of("result", "kept")));
    assertEquals(3, s.sum("studybot_intake_queue_depth", Map.of()));
    queued.set(7);
    assertEquals(7, scrape().sum("studybot_intake_queue_depth", Map.of()), "read at each scrape");
    assertEquals(1, s.sum("studybot_retries_total", Map.of("what", "intake")));
  }

  @Test
  void writesHeldWhileTheStoreCannotWriteAndThoseDropped() {
    AtomicInteger held = new AtomicInteger(12);
    AtomicInteger dropped = new AtomicInteger(0);
    metrics.watchHeld("votes", held::get, dropped::get);
    metrics.watchHeld("unanswered", () -> 0, () -> 0);
    Scrape s = scrape();
    assertEquals(12, s.sum("studybot_store_held", Map.of("what", "votes")));
    assertEquals(0, s.sum("studybot_store_held_dropped_total", Map.of("what", "votes")));
    held.set(5000);
    dropped.set(3);
    s = scrape();
    assertEquals(5000, s.sum("studybot_store_held", Map.of("what", "votes")), "read at each scrape");
    assertEquals(3, s.sum("studybot_store_held_dropped_total", Map.of("what", "votes")));
    assertTrue(s.has("studybot_store_held_dropped_total"));
  }

  @Test
  void theReplyCacheIsReadFromCaffeinesOwnStatistics() {
    Cache<String, String> cache = Caffeine.newBuilder().recordStats().maximumSize(10).build();
    metrics.watchReplyCache(cache::stats, cache::estimatedSize);
    cache.getIfPresent("a");
    cache.put("a", "reply");
    cache.getIfPresent("a");
    cache.getIfPresent("a");
    cache.getIfPresent("b");
    Scrape s = scrape();
    assertEquals(2, s.sum("studybot_reply_cache_requests_total", Map.of("result", "hit")));
    assertEquals(2, s.sum("studybot_reply_cache_requests_total", Map.of("result", "miss")));
    assertEquals(0.5, s.sum("studybot_reply_cache_hit_ratio", Map.of()), 1e-9);
    assertEquals(1, s.sum("studybot_reply_cache_size", Map.of()));
  }

  @Test
  void theCorpusCommitIsOneSeriesThatFollowsReloads() {
    metrics.corpusCommit("none");
    assertEquals(1, scrape().sum("studybot_corpus_info", Map.of("commit", "none")));
    metrics.corpusCommit("3f2a9c1");
    metrics.corpusCommit("b77e0d4");
    Scrape s = scrape();
    assertEquals(1, s.sum("studybot_corpus_info", Map.of("commit", "b77e0d4")));
    assertEquals(1, s.samples().stream().filter(x -> x.name().equals("studybot_corpus_info")).count(), "old commits dropped");
  }

  @Test
  void labelValuesAreBounded() {
    for (int i = 0; i < PrometheusMetrics.MAX_VALUES + 10; i++) {
      metrics.slackCall("method." + i, "ok");
    }
    Scrape s = scrape();
    long series = s.samples().stream().filter(x -> x.name().equals("studybot_slack_api_calls_total")).count();
    assertEquals(PrometheusMetrics.MAX_VALUES + 1, series);
    assertEquals(10, s.sum("studybot_slack_api_calls_total", Map.of("method", "other")));
  }

  @Test
  void theRouteServesTheTextFormatToGetAndHeadOnly() throws Exception {
    metrics.feedback(true);
    MetricsRoute route = new MetricsRoute(metrics);
    HttpResponse get = route.handle(new HttpRequest("GET", "/metrics", "", Map.of(), null, "127.0.0.1"));
    assertEquals(200, get.status());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", get.contentType());
    assertEquals(1, Scrape.parse(new String(get.body(), StandardCharsets.UTF_8)).sum("studybot_feedback_total", Map.of()));
    HttpResponse head = route.handle(new HttpRequest("HEAD", "/metrics", "", Map.of(), null, "127.0.0.1"));
    assertEquals(200, head.status());
    assertEquals(0, head.body().length);
    HttpResponse post = route.handle(new HttpRequest("POST", "/metrics", "", Map.of(), new byte[] {1}, "127.0.0.1"));
    assertEquals(405, post.status());
    assertEquals(List.of("GET, HEAD"), post.headers().get("Allow"));
  }

  @Test
  void noneRecordsNothingAndDisabledSettingsGiveNone() {
    Metrics.NONE.question("shell", "answered", "Biology", Duration.ofMillis(1));
    assertEquals(Metrics.NONE, new MetricsSettings(false, 0).create());
    Metrics on = MetricsSettings.defaults().create();
    try {
      assertTrue(on instanceof PrometheusMetrics);
    } finally {
      ((PrometheusMetrics) on).close();
    }
    IllegalArgumentException bad =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MetricsSettings(true, 70_000));
    assertEquals("metrics.port: 70000 is not a port from 0 to 65535", bad.getMessage());
  }
}

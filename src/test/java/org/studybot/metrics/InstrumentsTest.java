package org.studybot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.answer.Question;
import org.studybot.config.BotConfig;

class InstrumentsTest {
  private final PrometheusMetrics metrics = new PrometheusMetrics();
  private Answerer answerer;

  @AfterEach
  void close() {
    metrics.close();
    answerer.library().close();
  }

  @Test
  void corpusCacheAndReloadsAreReadFromTheAnswerer() throws Exception {
    Consumer<String> quiet = line -> {};
    answerer = Engine.start(BotConfig.builder().contentDir(Path.of("content")).semantic(false).build(), quiet);
    Instruments.answerer(metrics, answerer);
    Scrape s = Scrape.parse(metrics.scrape());
    assertEquals(109, s.sum("studybot_corpus_articles", Map.of()));
    assertEquals(1, s.sum("studybot_corpus_version", Map.of()));
    assertEquals(1, s.sum("studybot_corpus_info", Map.of("commit", "none")), "a local directory has no commit");
    assertEquals(1, s.sum("studybot_reload_duration_seconds_count", Map.of("result", "swapped")), "the first load");

    answerer.answer(Question.of("how does photosynthesis work"));
    answerer.answer(Question.of("how does photosynthesis work"));
    answerer.answer(Question.of("what causes inflation"));
    answerer.library().reload().get();

    s = Scrape.parse(metrics.scrape());
    assertEquals(3, s.sum("studybot_questions_total", Map.of("front_end", "cli")));
    assertEquals(2, s.sum("studybot_questions_total", Map.of("status", "answered", "subject", "Biology")), s.samples().toString());
    assertEquals(3, s.sum("studybot_answer_latency_seconds_count", Map.of()));
    assertEquals(1, s.sum("studybot_reply_cache_requests_total", Map.of("result", "hit")));
    assertEquals(2, s.sum("studybot_reply_cache_requests_total", Map.of("result", "miss")));
    assertEquals(2, s.sum("studybot_reload_duration_seconds_count", Map.of("result", "swapped")));
    assertEquals(2, s.sum("studybot_corpus_version", Map.of()));
    assertEquals(0, s.sum("studybot_reply_cache_size", Map.of()), "a reload empties the cache");
  }
}

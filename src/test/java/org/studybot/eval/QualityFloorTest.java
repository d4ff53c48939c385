package org.studybot.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigLoader;

/**
 * Fails when matching quality on the evaluation set drops below the floor reached so far, for the
 * hybrid engine (the default), for words alone ({@code search.semantic: off}), and for the hybrid
 * engine with 5,000 short dictionary articles loaded beside the corpus. The hybrid engine's floors
 * are the targets of issue 15 (in-scope 97 % and off-topic 95 %; with the distractors 95 % and 90
 * %), which {@code java -jar target/studybot.jar eval [--distractors DIR]} reached when they were
 * set (97.1 % / 95.6 %, 95.7 % / 95.6 %: see the README's "Evaluation"); words alone's sit under
 * what it printed (89.3 % / 98.5 % / 0.966, then 89.7 % with initialisms). The near-miss set's
 * in-scope floors were raised when siblings and initialisms were ranked better (measured 96.8 %,
 * words alone 82.5 %, with the dictionary articles 93.7 %). The intent set's floors sit a little
 * under what it printed when they were set (96.2 % / 90.4 %, words alone 88.7 % / 90.4 %, with the
 * distractors 94.3 % / 85.1 %), off-topic raised when quantities were checked (94.7 %, words alone
 * 92.6 %, with the distractors 91.5 %). Raise them as the engine improves, never lower them.
 */
class QualityFloorTest {
  /** Where vectors of the distractor run are kept between local runs ({@code mvn clean} drops them). */
  private static final Path DISTRACTOR_DATA = Path.of("target/quality-floor/data");

  /** Floors for the first set, the near-miss set and the intent set: in-scope, off-topic, MRR@5 of each. */
  private record Floors(
      double inScope, double offTopic, double mrr, double nearInScope, double nearOffTopic, double intentInScope,
      double intentOffTopic) {}

  @ParameterizedTest(name = "semantic={0}")
  @CsvSource({
    // semantic; first set: in-scope answered correctly, off-topic not answered, MRR@5;
    // near-miss set: in-scope (kind student) answered correctly, near misses not answered;
    // intent set: in-scope (kind intentq) answered correctly, off-topic (intentnear) not answered
    "true,  0.97, 0.95, 0.98, 0.95, 0.98, 0.94, 0.93",
    "false, 0.89, 0.95, 0.96, 0.82, 0.95, 0.86, 0.91",
  })
  void evaluationSetStaysAboveTheFloors(
      boolean semantic, double inScopeFloor, double offTopicFloor, double mrrFloor, double nearInScope, double nearOffTopic,
      double intentInScope, double intentOffTopic, @TempDir Path data) throws Exception {
    check(config(Path.of("content"), data).toBuilder().semantic(semantic).build(),
        new Floors(inScopeFloor, offTopicFloor, mrrFloor, nearInScope, nearOffTopic, intentInScope, intentOffTopic));
  }

  /**
   * The hybrid engine with 5,000 dictionary-style distractors ({@link DictionaryDistractors}, from
   * Debian's dict-foldoc) beside the corpus. Skipped where the dictionary is not installed, except
   * in CI ({@code CI=true}), whose set-up installs it: there a missing dictionary fails the test.
   */
  @Test
  void withFiveThousandDictionaryDistractorsTheFloorsHold(@TempDir Path tmp) throws Exception {
    boolean available = DictionaryDistractors.available(DictionaryDistractors.FOLDOC);
    if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(DictionaryDistractors.FOLDOC + ".index / .dict.dz are missing: CI must install dict-foldoc (.ci/run)");
    }
    Assumptions.assumeTrue(available, "dict-foldoc is not installed (apt-get install dict-foldoc)");
    Path distractors = tmp.resolve("distractors");
    DictionaryDistractors.write(
        DictionaryDistractors.read(DictionaryDistractors.FOLDOC), 5000, DictionaryDistractors.SEED, distractors);
    Path corpus = tmp.resolve("corpus");
    EvalCorpus.merge(Path.of("content"), distractors, corpus);
    Files.createDirectories(DISTRACTOR_DATA);
    // Only the embeddings are kept between runs: a vector graph left by an earlier build grows by
    // segments as texts change, and its approximate neighbours can move a near tie (seen once, one
    // question under a floor). Rebuilt from the kept vectors it is the same graph every run.
    deleteTree(DISTRACTOR_DATA.resolve("vectors/index"));
    check(config(corpus, DISTRACTOR_DATA).toBuilder().semantic(true).build(), new Floors(0.95, 0.90, 0.96, 0.93, 0.93, 0.92, 0.90));
  }

  /**
   * The interim state of a large cold start ({@code eval --quick}: every article by its quick
   * pass's vector, the interim cut-off) answers more in-scope questions right than words alone and
   * declines at least as many off-topic ones, on the evaluation set and the held-out one: serving
   * it before the full vectors are done is a gain, never a loss.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"src/test/resources/eval", "src/test/resources/eval-heldout"})
  void theQuickPassInterimBeatsWordsAlone(String setDir, @TempDir Path data) throws Exception {
    EvalSet set = EvalSet.load(Path.of(setDir));
    BotConfig config = config(Path.of("content"), data);
    Evaluation.Report words = run(Engine.start(config.toBuilder().semantic(false).build(), line -> {}), set);
    Evaluation.Report interim = run(
        Engine.start(config, org.studybot.config.Secrets.fromEnv(Map.of()), line -> {}, null, null, true), set);
    String both = "words alone:\n" + words.table() + "interim:\n" + interim.table();
    assertTrue(interim.inScopeAccuracy() > words.inScopeAccuracy(), () -> "in-scope not above words alone\n" + both);
    assertTrue(interim.offTopicRejection() >= words.offTopicRejection(), () -> "off-topic below words alone\n" + both);
  }

  private static Evaluation.Report run(Answerer answerer, EvalSet set) {
    try {
      return Evaluation.run(answerer, set);
    } finally {
      answerer.library().close();
    }
  }

  private static BotConfig config(Path content, Path data) throws Exception {
    // The shipped configuration, as the eval command uses it; caches go to the given directory.
    return ConfigLoader.load(Path.of("config/studybot.yml"), true, Map.of())
        .toBuilder()
        .contentDir(content)
        .dataDir(data)
        .build();
  }

  private static void check(BotConfig config, Floors floors) throws Exception {
    Answerer answerer = Engine.start(config, line -> {});
    // A cold vector cache with the distractors embeds in the background: measure words and meaning.
    answerer.library().awaitVectors();
    try {
      EvalSet set = EvalSet.load(Path.of("src/test/resources/eval"));
      assertTrue(set.cases().size() >= 400, "the evaluation set is there");
      Evaluation.Report all = Evaluation.run(answerer, set);
      String table = all.table();
      Evaluation.Report report = all.firstSet();
      Evaluation.Report near = all.nearMissSet();
      assertTrue(near.outcomes().size() >= 150, "the near-miss set is there");
      assertTrue(report.inScopeAccuracy() >= floors.inScope(), () -> "in-scope below " + floors.inScope() + "\n" + table);
      assertTrue(report.offTopicRejection() >= floors.offTopic(), () -> "off-topic below " + floors.offTopic() + "\n" + table);
      assertTrue(report.mrr5() >= floors.mrr(), () -> "MRR@5 below " + floors.mrr() + "\n" + table);
      assertTrue(near.inScopeAccuracy() >= floors.nearInScope(),
          () -> "near-miss set's in-scope below " + floors.nearInScope() + "\n" + table);
      assertTrue(near.offTopicRejection() >= floors.nearOffTopic(),
          () -> "near misses declined below " + floors.nearOffTopic() + "\n" + table);
      Evaluation.Report intent = all.intentSet();
      assertTrue(intent.outcomes().size() >= 140, "the intent set is there");
      assertTrue(intent.inScopeAccuracy() >= floors.intentInScope(),
          () -> "intent set's in-scope below " + floors.intentInScope() + "\n" + table);
      assertTrue(intent.offTopicRejection() >= floors.intentOffTopic(),
          () -> "intent set's off-topic declined below " + floors.intentOffTopic() + "\n" + table);
    } finally {
      answerer.library().close();
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

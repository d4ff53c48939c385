package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.studybot.config.SearchSettings;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/** The real models, offline, natives under a data directory; MiniLM against the embedder it replaced. */
class OnnxEmbedderTest {
  @TempDir static Path dir;
  static OnnxEmbedder miniLm;

  @BeforeAll
  static void load() {
    miniLm = OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, dir.resolve("native"));
  }

  @AfterAll
  static void close() {
    miniLm.close();
  }

  @Test
  void embedsMeaningWithUnitVectors() {
    List<float[]> v =
        miniLm.embed(
            List.of(
                "What is a simile? A figure of speech comparing two things using like or as.",
                "the figure of speech that compares two things using like or as",
                "How does photosynthesis work? Plants turn light, water and carbon dioxide into sugar.",
                ""));

    assertEquals(4, v.size());
    for (float[] x : v) {
      assertEquals(384, x.length);
      assertEquals(1.0, Vectors.dot(x, x), 1e-4, "unit length");
    }
    double same = Vectors.dot(v.get(0), v.get(1));
    double other = Vectors.dot(v.get(2), v.get(1));
    assertTrue(same > 0.6 && same > other + 0.3, "simile close to simile (" + same + "), far from photosynthesis (" + other + ")");
    assertTrue(miniLm.modelId().startsWith("all-minilm-l6-v2-q:"), miniLm.modelId());
  }

  @Test
  void theSameVectorsAsTheOneByOneEmbedderItReplaced() {
    // Every article of the starter corpus (as embedded for the index), questions, and the edge
    // cases: blank, past the model's 128 tokens, accents and symbols.
    List<String> texts = new ArrayList<>();
    for (Article a : new CorpusLoader(1 << 20).load(Path.of("content")).articles()) {
      texts.add(ArticleVectors.text(a));
    }
    texts.addAll(List.of("wat caused the grate depression", "diff btwn tcp and udp?", "", "   ",
        "the cell ".repeat(400), "Café naïve façade — 50 % of H₂O ≠ 100 °C", "why"));
    List<float[]> old;
    try (LangChainMiniLm reference = new LangChainMiniLm(dir.resolve("native"), miniLm.modelId())) {
      old = reference.embed(texts);
    }
    List<float[]> now = miniLm.embed(texts);

    assertEquals(texts.size(), now.size());
    for (int i = 0; i < texts.size(); i++) {
      double cos = Vectors.dot(old.get(i), now.get(i));
      assertTrue(cos >= 0.999, "text " + i + " (\"" + texts.get(i).substring(0, Math.min(60, texts.get(i).length()))
          + "\"): cosine " + cos + " with the old embedder's vector");
    }
  }

  @Test
  void aBatchKeepsTheOrderAndGivesEachTextItsOwnVector() {
    List<String> texts = List.of(
        "How do vaccines train the immune system to recognise a virus before an infection?",
        "tcp",
        "What is the difference between weather and climate, and why does the distinction matter for forecasts?",
        "simile",
        "photosynthesis in plants");
    List<float[]> batch = miniLm.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = miniLm.embed(texts.get(i));
      double cos = Vectors.dot(alone, batch.get(i));
      assertTrue(cos >= 0.999, texts.get(i) + ": alone vs in a batch " + cos);
    }
    assertTrue(Vectors.dot(batch.get(1), batch.get(3)) < 0.9, "different texts, different vectors");
  }

  @Test
  void runsGroupSimilarLengthsWithinTheLimits() {
    int[] lengths = new int[300];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 3 + (i * 37) % 126; // 3..128 tokens, shuffled
    }
    List<int[]> runs = OnnxEmbedder.runs(lengths, 32);
    Set<Integer> seen = new HashSet<>();
    int previousLongest = 0;
    for (int[] run : runs) {
      int longest = Arrays.stream(run).map(i -> lengths[i]).max().orElseThrow();
      int shortest = Arrays.stream(run).map(i -> lengths[i]).min().orElseThrow();
      assertTrue(run.length <= 32, "texts per run: " + run.length);
      assertTrue(run.length == 1 || run.length * longest <= OnnxEmbedder.MAX_TOKENS_PER_RUN,
          "padded tokens per run: " + run.length * longest);
      assertTrue(shortest >= previousLongest, "runs follow each other by length");
      previousLongest = longest;
      for (int i : run) {
        assertTrue(seen.add(i), "index " + i + " in one run only");
      }
    }
    assertEquals(lengths.length, seen.size(), "every text in a run");
    assertTrue(runs.size() <= 300 / 32 + 8, "few runs: " + runs.size());
    // A text longer than the token budget alone still gets its own run.
    assertEquals(List.of(List.of(0), List.of(1)), OnnxEmbedder.runs(new int[] {5000, 6000}, 32).stream()
        .map(r -> Arrays.stream(r).boxed().toList()).toList());
    // The default, one text per run: each alone, shortest first.
    assertEquals(List.of(List.of(1), List.of(2), List.of(0)), OnnxEmbedder.runs(new int[] {9, 3, 5}, 1).stream()
        .map(r -> Arrays.stream(r).boxed().toList()).toList());
  }

  @Test
  void concurrentCallersGetTheirOwnResults() throws Exception {
    List<String> a = List.of("osmosis across a membrane", "supply and demand curves", "newton's third law");
    List<String> b = List.of("the french revolution", "prime numbers");
    List<float[]> aAlone = miniLm.embed(a);
    List<float[]> bAlone = miniLm.embed(b);
    List<CompletableFuture<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      List<String> texts = i % 2 == 0 ? a : b;
      List<float[]> expected = i % 2 == 0 ? aAlone : bAlone;
      calls.add(CompletableFuture.supplyAsync(() -> {
        List<float[]> got = miniLm.embed(texts);
        for (int j = 0; j < texts.size(); j++) {
          if (Vectors.dot(got.get(j), expected.get(j)) < 0.999) {
            return false;
          }
        }
        return true;
      }));
    }
    for (CompletableFuture<Boolean> c : calls) {
      assertTrue(c.get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void aClosedEmbedderRefusesToEmbedAndClosesOnce() {
    OnnxEmbedder e = OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, dir.resolve("native"), 2, 1);
    assertEquals(384, e.embed(List.of("one", "two")).get(1).length);
    e.close();
    IllegalStateException single = assertThrows(IllegalStateException.class, () -> e.embed("three"));
    assertTrue(single.getMessage().contains("closed"), single.getMessage());
    assertThrows(IllegalStateException.class, () -> e.embed(List.of("three", "four")));
    e.close();
    assertEquals(List.of(), e.embed(List.of()));
  }

  @Test
  void runsOfSeveralTextsStayCloseToEachTextAlone() {
    // The models quantize activations per tensor, so a run's texts shift each other's vectors a
    // little: why one text per run is the default. Runs of 8 stay close, not equal.
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add("question " + i + " on " + "the water cycle and evaporation ".repeat(1 + i % 4));
    }
    try (OnnxEmbedder runsOf8 = OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, dir.resolve("native"), 2, 8)) {
      List<float[]> batched = runsOf8.embed(texts);
      List<float[]> alone = miniLm.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        double cos = Vectors.dot(batched.get(i), alone.get(i));
        assertTrue(cos > 0.98, "text " + i + ": " + cos);
      }
    }
  }

  @Test
  void oneThreadGivesTheSameVectorsAsMany() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      texts.add("question number " + i + " about " + "cells ".repeat(i % 9));
    }
    try (OnnxEmbedder one = OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, dir.resolve("native"), 1, 1)) {
      List<float[]> serial = one.embed(texts);
      List<float[]> parallel = miniLm.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(serial.get(i), parallel.get(i), 1e-5f, "text " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = SentenceModel.class, names = {"BGE_SMALL_EN_V15_Q", "E5_SMALL_V2_Q"})
  void theOtherModelsLoadAndEmbedMeaning(SentenceModel model) {
    try (OnnxEmbedder e = OnnxEmbedder.load(model, dir.resolve("native"))) {
      List<float[]> v = e.embed(List.of(
          "What is a simile? A figure of speech comparing two things using like or as.",
          "the figure of speech that compares two things using like or as",
          "How does photosynthesis work? Plants turn light, water and carbon dioxide into sugar."));
      for (float[] x : v) {
        assertEquals(model.dimension(), x.length);
        assertEquals(1.0, Vectors.dot(x, x), 1e-4);
      }
      double same = Vectors.dot(v.get(0), v.get(1));
      double other = Vectors.dot(v.get(2), v.get(1));
      assertTrue(same > other + 0.1, model + ": simile " + same + " vs photosynthesis " + other);
      assertTrue(e.modelId().startsWith(model.configName() + ":"), e.modelId());
      assertTrue(!e.modelId().equals(miniLm.modelId()));
      assertArrayEquals(v.get(1), e.embed("the figure of speech that compares two things using like or as"),
          1e-3f, "alone as in a batch");
    }
  }

  @Test
  void theConfigurationNamesExactlyTheseModels() {
    assertEquals(SearchSettings.MODELS, SentenceModel.names());
    assertEquals(SentenceModel.ALL_MINILM_L6_V2_Q, SentenceModel.named("all-minilm-l6-v2-q").orElseThrow());
    assertTrue(SentenceModel.named("minilm").isEmpty());
  }
}

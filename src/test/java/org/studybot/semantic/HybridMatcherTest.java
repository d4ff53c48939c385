package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;

class HybridMatcherTest {
  // "Understanding" for the fake model: these question words mean what the articles say.
  private final FakeEmbedder embedder =
      new FakeEmbedder("fake-1", Map.of("greenery", "photosynthesis", "sunlight", "light", "germ", "virus"));
  private final LexicalMatcher lexical = new LexicalMatcher(2000, 32);
  private CorpusIndex index;
  private CorpusIndex.Lease lease;

  @BeforeEach
  void build() {
    List<Article> articles = Fixtures.corpus();
    List<float[]> vectors = new ArrayList<>();
    articles.forEach(a -> vectors.add(embedder.vector(ArticleVectors.text(a))));
    index = CorpusIndex.build(articles, IndexedVectors.inMemory(vectors), 1, CorpusLoader.Progress.NONE);
    lease = index.lease().orElseThrow();
  }

  @AfterEach
  void close() {
    lease.close();
    index.close();
  }

  private HybridMatcher hybrid(double lexicalWeight) {
    return new HybridMatcher(lexical, embedder, 2000, 20, lexicalWeight, 0, 0);
  }

  /** Each article's fused score (its log) by words and meaning alone, weights 0.4 / 0.6. */
  private Map<String, Double> fusedLogScores(String q) {
    Map<String, Double> out = new HashMap<>();
    for (Match m : hybrid(0.4).match(lease, q, null, 10).matches()) {
      out.put(m.article().id(), Math.log(m.score()));
    }
    return out;
  }

  private static List<String> ids(MatchResult r) {
    return r.matches().stream().map(m -> m.article().id()).toList();
  }

  @Test
  void fusedScoreIsTheWeightedSumOfZScoresOverBothRankings() {
    String q = "how do plants make food from sunlight and greenery";
    MatchResult words = lexical.match(lease, q, null, 20);
    float[] qv = embedder.vector(q);
    List<CorpusIndex.VectorHit> near = lease.nearest(qv, null, 20);
    double[] bm25 = words.matches().stream().mapToDouble(Match::score).toArray();
    double[] cos = near.stream().mapToDouble(CorpusIndex.VectorHit::similarity).toArray();
    HybridMatcher.Normal nb = HybridMatcher.Normal.of(bm25);
    HybridMatcher.Normal nc = HybridMatcher.Normal.of(cos);
    Map<String, Double> expected = new HashMap<>();
    for (Article a : index.articles()) {
      double b =
          words.matches().stream().filter(m -> m.article().equals(a)).mapToDouble(Match::score).findFirst().orElse(0);
      double c = Vectors.dot(embedder.vector(ArticleVectors.text(a)), qv);
      expected.put(a.id(), 0.4 * nb.z(b) + 0.6 * nc.z(c));
    }

    MatchResult fused = hybrid(0.4).match(lease, q, null, 10);

    assertEquals(index.size(), fused.matches().size(), "every article is in one list or the other");
    for (Match m : fused.matches()) {
      assertEquals(expected.get(m.article().id()), Math.log(m.score()), 1e-9, m.article().id());
      assertEquals(Vectors.dot(embedder.vector(ArticleVectors.text(m.article())), qv), m.similarity(), 1e-6);
      assertEquals(index.similarity(m.article(), qv).orElseThrow(), m.similarity(), 1e-6);
    }
    for (int i = 1; i < fused.matches().size(); i++) {
      assertTrue(fused.matches().get(i - 1).score() >= fused.matches().get(i).score(), "best first");
    }
    assertEquals("5", fused.best().article().id());
  }

  @Test
  void coverageOfTheQuestionAddsToTheFusedScore() {
    String q = "how do plants make food from sunlight and greenery";
    Map<String, Double> without = fusedLogScores(q);

    MatchResult with = new HybridMatcher(lexical, embedder, 2000, 20, 0.4, 0.5, 0).match(lease, q, null, 10);

    assertTrue(with.matches().stream().anyMatch(m -> m.coverage() > 0 && m.coverage() < 1), "coverage varies");
    for (Match m : with.matches()) {
      assertEquals(without.get(m.article().id()) + 0.5 * m.coverage(), Math.log(m.score()), 1e-9, m.article().id());
    }
    assertThrows(IllegalArgumentException.class, () -> new HybridMatcher(lexical, embedder, 2000, 20, 0.5, -1, 0));
  }

  @Test
  void aShortArticleLosesByItsShortnessALongOneNothing() {
    String q = "how do plants make food from sunlight and greenery";
    Map<String, Double> without = fusedLogScores(q);

    MatchResult with = new HybridMatcher(lexical, embedder, 2000, 20, 0.4, 0, 1.5).match(lease, q, null, 10);

    assertTrue(with.matches().stream().anyMatch(m -> index.length(m.article()) < HybridMatcher.REFERENCE_LENGTH), "some are short");
    for (Match m : with.matches()) {
      int words = index.length(m.article());
      assertTrue(words > 0, "every article has words");
      double lost = words >= HybridMatcher.REFERENCE_LENGTH ? 0 : 1.5 * Math.log(HybridMatcher.REFERENCE_LENGTH / (double) words);
      assertEquals(without.get(m.article().id()) - lost, Math.log(m.score()), 1e-9, m.article().id());
    }
    assertEquals(0, HybridMatcher.shortness(HybridMatcher.REFERENCE_LENGTH));
    assertEquals(0, HybridMatcher.shortness(10 * HybridMatcher.REFERENCE_LENGTH));
    assertEquals(Math.log(10), HybridMatcher.shortness(HybridMatcher.REFERENCE_LENGTH / 10), 1e-12);
    assertTrue(HybridMatcher.shortness(1) > HybridMatcher.shortness(50), "shorter loses more");
    assertThrows(IllegalArgumentException.class, () -> new HybridMatcher(lexical, embedder, 2000, 20, 0.5, 0, -1));
  }

  @Test
  void aSiblingCloserInMeaningGoesFirstOnlyWhenWordsBarelySeparateThem() {
    int full = HybridMatcher.REFERENCE_LENGTH;
    // Words nearly tie, meaning clearly prefers the runner-up, which is the nearest of all and holds
    // as much of the question in its head: the runner-up first.
    assertTrue(HybridMatcher.siblingFirst(0.2, 0.38, 0.52, 0.52, 0.14, 0.31, full));
    assertTrue(HybridMatcher.siblingFirst(0.2, 0.22, 0.39, 0.39, 0, 0, 2 * full));
    // Any one condition missing keeps the order.
    assertFalse(HybridMatcher.siblingFirst(HybridMatcher.SIBLING_MARGIN, 0.38, 0.52, 0.52, 0.14, 0.31, full), "margin");
    assertFalse(HybridMatcher.siblingFirst(0.2, 0.38, 0.45, 0.45, 0.14, 0.31, full), "closer by less than the gap");
    assertFalse(HybridMatcher.siblingFirst(0.2, 0.38, 0.52, 0.60, 0.14, 0.31, full), "a third is nearer in meaning");
    assertFalse(HybridMatcher.siblingFirst(0.2, 0.38, 0.52, 0.52, 0.31, 0.14, full), "the best's head holds more");
    assertFalse(HybridMatcher.siblingFirst(0.2, 0.38, 0.52, 0.52, 0.14, 0.31, full - 1), "a short article");
    assertFalse(HybridMatcher.siblingFirst(0.2, 0.38, Double.NaN, 0.38, 0.14, 0.31, full), "not embedded yet");
  }

  @Test
  void meaningFindsAnArticleThatSharesNoWordWithTheQuestion() {
    String q = "nasty germ";
    assertTrue(lexical.match(lease, q, null, 10).matches().isEmpty(), "no word of the question is in any article");

    MatchResult r = hybrid(0.5).match(lease, q, null, 3);

    assertEquals("6", r.best().article().id());
    assertEquals(0, r.best().coverage(), "no word covered");
    assertTrue(r.best().similarity() > 0.3, "similar in meaning: " + r.best().similarity());
  }

  @Test
  void allWeightOnWordsKeepsTheLexicalOrder() {
    String q = "comparison using like or as";
    List<String> words = ids(lexical.match(lease, q, null, 20));
    List<String> fused = ids(hybrid(1.0).match(lease, q, null, 20));
    assertEquals(words, fused.subList(0, words.size()));
  }

  @Test
  void coverageOfAWordMatchIsTheLexicalOne() {
    String q = "binary search halving sorted list";
    Match word = lexical.match(lease, q, null, 1).best();
    Match fused = hybrid(0.5).match(lease, q, null, 1).best();
    assertEquals(word.article(), fused.article());
    assertEquals(word.coverage(), fused.coverage(), 1e-12);
    assertEquals(word.headCoverage(), fused.headCoverage(), 1e-12);
    assertFalse(Double.isNaN(fused.similarity()));
  }

  @Test
  void subjectFilterAppliesToBothRankings() {
    MatchResult r = hybrid(0.5).match(lease, "nasty germ in green plants", "english", 10);
    assertFalse(r.matches().isEmpty());
    r.matches().forEach(m -> assertEquals("English", m.article().subject()));
  }

  @Test
  void anIndexWithoutVectorsIsMatchedByWordsAlone() {
    try (CorpusIndex plain = CorpusIndex.build(Fixtures.corpus(), 2, CorpusLoader.Progress.NONE);
        CorpusIndex.Lease l = plain.lease().orElseThrow()) {
      MatchResult r = hybrid(0.5).match(l, "binary search", null, 5);
      assertEquals(ids(lexical.match(l, "binary search", null, 5)), ids(r));
      assertTrue(Double.isNaN(r.best().similarity()));
      assertThrows(IllegalStateException.class, () -> l.nearest(new float[FakeEmbedder.DIMENSION], null, 3));
    }
  }

  @Test
  void zScoresOfAFlatListDoNotDivideByZero() {
    HybridMatcher.Normal n = HybridMatcher.Normal.of(new double[] {2, 2, 2});
    assertEquals(0, n.z(2));
    assertEquals(1, n.z(3));
    HybridMatcher.Normal m = HybridMatcher.Normal.of(new double[] {1, 3});
    assertEquals(1, m.z(3), 1e-12);
    assertEquals(-1, m.z(1), 1e-12);
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThrows(IllegalArgumentException.class, () -> new HybridMatcher(lexical, embedder, 2000, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new HybridMatcher(lexical, embedder, 2000, 20, 1.5));
  }

  @Test
  void vectorsMustMatchTheArticles() {
    List<Article> articles = Fixtures.corpus();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CorpusIndex.build(articles, IndexedVectors.inMemory(List.of(new float[] {1})), 1, CorpusLoader.Progress.NONE));
    assertTrue(e.getMessage().contains("1 vectors for 6 articles"), e.getMessage());
  }
}

package org.studybot.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.studybot.content.CorpusLoader;

/** Matching free text against the real corpus: never query syntax, bounded, filtered by subject. */
class LexicalMatcherTest {
  private static CorpusIndex index;
  private final LexicalMatcher matcher = new LexicalMatcher(2000, 32);

  @BeforeAll
  static void build() {
    index =
        CorpusIndex.build(new CorpusLoader(1_048_576).load(Path.of("content")).articles(), 7, CorpusLoader.Progress.NONE);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  private MatchResult match(String q, String subject, int limit) {
    try (CorpusIndex.Lease lease = index.lease().orElseThrow()) {
      return matcher.match(lease, q, subject, limit);
    }
  }

  private static List<String> typed(MatchResult r) {
    return r.terms().stream().map(QueryTerm::typed).toList();
  }

  @Test
  void queryOperatorsAreJustText() {
    MatchResult r = match("what is \"entropy AND (heat", null, 5);
    assertEquals(List.of("entropi", "heat"), typed(r));
    assertFalse(r.matches().isEmpty());
    assertEquals(7, r.corpusVersion());
    for (String q : List.of("*", "?", "AND OR NOT", "title:entropy^5~2", "+-&&||!(){}[]^\"~*?:\\/", "heat~", "\"")) {
      MatchResult other = match(q, null, 5);
      // Operators never survive as terms (a colon inside a word is a word character, not a field).
      other.terms().forEach(t -> assertTrue(t.typed().matches("[\\p{L}\\p{N}:._']+"), q + " -> " + t));
    }
    assertTrue(match("*", null, 5).matches().isEmpty());
    assertTrue(match("AND OR NOT", null, 5).matches().isEmpty());
  }

  @Test
  void bestMatchForAnExactTitle() {
    MatchResult r = match("How does photosynthesis work?", null, 5);
    assertEquals("How does photosynthesis work?", r.best().article().title());
    assertTrue(r.best().coverage() > 0.99, () -> "coverage " + r.best().coverage());
    for (int i = 1; i < r.matches().size(); i++) {
      assertTrue(r.matches().get(i - 1).score() >= r.matches().get(i).score(), "best first");
    }
    r.matches().forEach(m -> assertTrue(m.coverage() >= 0 && m.coverage() <= 1));
    r.matches().forEach(m -> assertTrue(Double.isNaN(m.similarity()), "lexical has no similarity"));
  }

  @Test
  void typosAreCorrectedToIndexedTermsAtALowerWeight() {
    MatchResult r = match("photosynthsis", null, 5);
    QueryTerm t = r.terms().get(0);
    assertTrue(t.corrected(), t::toString);
    assertEquals("photosynthesi", t.searched());
    assertEquals("How does photosynthesis work?", r.best().article().title());
  }

  @Test
  void anInitialismOfANameTheArticlesWriteInFullFindsThem() {
    // The New Deal article names Franklin D. Roosevelt and the Works Progress Administration, never
    // FDR or WPA.
    for (String q : List.of("what was the WPA", "what did fdr do")) {
      MatchResult r = match(q, null, 5);
      assertEquals("What was the New Deal and how did it respond to the Great Depression?", r.best().article().title(), q);
      assertTrue(r.terms().stream().allMatch(t -> t.searched() != null), () -> q + " " + r.terms());
    }
    // A word some article holds is searched as it is, and two letters are not expanded.
    assertEquals(List.of("tcp"), match("tcp", null, 5).terms().stream().map(QueryTerm::searched).toList());
    assertEquals(List.of("fr"), typed(match("fr", null, 5)));
    assertEquals(null, match("fr", null, 5).terms().get(0).searched());
    // A stop word typed with a slip is chat, not an initialism ("wats": whats).
    assertTrue(LexicalMatcher.chatSpelling("wats"));
    assertTrue(LexicalMatcher.chatSpelling("whta"));
    assertFalse(LexicalMatcher.chatSpelling("fdr"));
    assertFalse(LexicalMatcher.chatSpelling("wpa"));
  }

  @Test
  void onlyTypingSlipsAreCorrected() {
    // Dropped or doubled letters, swapped neighbours, a vowel for a vowel: slips.
    for (String[] slip : new String[][] {{"serach", "search"}, {"tarrif", "tariff"}, {"pentamiter", "pentameter"},
        {"assessmnt", "assessment"}, {"efect", "effect"}, {"qouta", "quota"}}) {
      assertTrue(LexicalMatcher.typo(slip[0], slip[1], 2), slip[0] + " -> " + slip[1]);
    }
    // A consonant for another letter makes another word; three slips are too many.
    for (String[] other : new String[][] {{"smarter", "smaller"}, {"germs", "genes"}, {"wedding", "winding"},
        {"doctor", "donor"}, {"cheaper", "clearer"}, {"motor", "meter"}, {"lunar", "linear"}, {"photosynthesis", "photo"}, {"aaaaa", "eeeee"}}) {
      assertFalse(LexicalMatcher.typo(other[0], other[1], 2), other[0] + " -> " + other[1]);
    }
    // One slip at most for a short word.
    assertTrue(LexicalMatcher.typo("teh", "the", 1));
    assertFalse(LexicalMatcher.typo("tehh", "the", 1));
    assertFalse(LexicalMatcher.typo("bell", "ball", 1), "a vowel for a vowel is two slips");
    // In the corpus: a real word it lacks stays unknown rather than becoming one a letter away.
    QueryTerm wedding = match("wedding", null, 5).terms().get(0);
    assertEquals(null, wedding.searched(), "not winding: " + wedding);
    QueryTerm kick = match("kick", null, 5).terms().get(0);
    assertEquals(null, kick.searched(), "not kill: " + kick);
    QueryTerm shortWord = match("fri", null, 5).terms().get(0);
    assertFalse(shortWord.corrected(), "three letters are too few to correct: " + shortWord);
  }

  @Test
  void unknownWordsCountButAreNotSearched() {
    MatchResult r = match("zzxqv photosynthesis", null, 5);
    QueryTerm unknown = r.terms().stream().filter(t -> t.typed().equals("zzxqv")).findFirst().orElseThrow();
    assertEquals(null, unknown.searched());
    assertTrue(unknown.weight() > 0);
    assertTrue(r.best().coverage() < 0.8, "an unknown rare word lowers coverage");
  }

  @Test
  void subjectFilterKeepsOnlyThatSubject() {
    MatchResult all = match("energy", null, 50);
    assertTrue(all.matches().stream().map(m -> m.article().subjectKey()).distinct().count() > 1);
    MatchResult physics = match("energy", "physics", 50);
    assertFalse(physics.matches().isEmpty());
    physics.matches().forEach(m -> assertEquals("physics", m.article().subjectKey()));
    assertTrue(match("energy", "no-such-subject", 50).matches().isEmpty());
  }

  @Test
  void limitIsRespected() {
    assertEquals(3, match("energy", null, 3).matches().size());
    assertTrue(match("energy", null, 0).matches().isEmpty());
  }

  @Test
  void termsAreCappedAndDistinct() {
    String many = IntStream.range(0, 500).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
    MatchResult r = new LexicalMatcher(100_000, 32).match(index.lease().orElseThrow(), many, null, 5);
    assertEquals(32, r.terms().size());
    MatchResult repeated = match("heat heat heat HEAT heats", null, 5);
    assertEquals(List.of("heat"), typed(repeated));
  }

  @Test
  void stopWordsOnlyOrEmojiOnlyFindNothing() {
    for (String q : List.of("what is it", "😀😀😀 🎉", "", "   ", ":tada: :wave:")) {
      MatchResult r = match(q, null, 5);
      assertTrue(r.matches().isEmpty(), q);
    }
  }

  @Test
  void idfFallsWithDocumentFrequency() {
    assertTrue(LexicalMatcher.idf(1, 100) > LexicalMatcher.idf(50, 100));
    assertTrue(LexicalMatcher.idf(0, 100) > LexicalMatcher.idf(1, 100));
  }

  @Test
  void equalScoresComeInCorpusOrderOnEveryBuild() {
    List<org.studybot.content.Article> twins = new java.util.ArrayList<>();
    for (int i = 0; i < 12 + LexicalMatcher.TIE_MARGIN / 2; i++) {
      twins.add(
          new org.studybot.content.Article(
              String.valueOf(1000 + i), "Osmosis", null, "Biology", "/o/" + i, "", "", List.of(),
              "Water crosses a membrane.", List.of(), "t" + i));
    }
    for (int build = 0; build < 5; build++) {
      try (CorpusIndex twinIndex = CorpusIndex.build(twins, build, CorpusLoader.Progress.NONE);
          CorpusIndex.Lease lease = twinIndex.lease().orElseThrow()) {
        List<String> ids = matcher.match(lease, "osmosis", null, 5).matches().stream().map(m -> m.article().id()).toList();
        assertEquals(List.of("1000", "1001", "1002", "1003", "1004"), ids);
      }
    }
  }
}

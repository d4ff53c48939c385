package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.studybot.content.Article;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;

/** The confidence's evidence, and the logistic fit shared by {@code eval --fit} and the fusion benchmark. */
class ConfidenceFitTest {
  @Test
  void separatesWhatTheEvidenceSeparates() {
    // Right answers have high coverage, wrong ones low; the second feature is noise.
    List<double[]> xs =
        List.of(new double[] {0.9, 0.2}, new double[] {0.8, 0.7}, new double[] {0.95, 0.4},
            new double[] {0.1, 0.3}, new double[] {0.2, 0.8}, new double[] {0.15, 0.5});
    List<Integer> ys = List.of(1, 1, 1, 0, 0, 0);
    double[] w = Confidence.fit(xs, ys);
    assertEquals(3, w.length, "intercept and one weight per feature");
    assertTrue(w[1] > 0, "coverage weight " + w[1]);
    for (int i = 0; i < xs.size(); i++) {
      double p = Confidence.probability(w, xs.get(i));
      assertTrue(ys.get(i) == 1 ? p > 0.8 : p < 0.2, "case " + i + ": " + p);
    }
  }

  private static Match match(String id, double score, double coverage, double similarity) {
    Article a = new Article(id, id, id, "S", "/learn/" + id, "", "", List.of(), "text", List.of(), id + ".md");
    return new Match(a, score, coverage, coverage / 2, similarity);
  }

  @Test
  void wordsAndMeaningAgreeingCountsForTheBestMatch() {
    MatchResult agree = new MatchResult(List.of(match("a", 4, 0.8, 0.6), match("b", 2, 0.5, 0.3), match("c", 1, 0.2, 0.4)), List.of(), 1);
    MatchResult disagree = new MatchResult(List.of(match("a", 4, 0.8, 0.3), match("b", 2, 0.5, 0.6)), List.of(), 1);

    double[] f = Confidence.features(agree);
    assertEquals(5, f.length, "coverage, lead, head coverage, similarity, agreement");
    assertEquals(0.8, f[0], 1e-12);
    assertEquals(0.5, f[1], 1e-12, "(4 - 2) / 4");
    assertEquals(0.6 - 0.4, f[4], 1e-12, "its similarity over the most similar other candidate");
    assertEquals(0.3 - 0.6, Confidence.features(disagree)[4], 1e-12, "another article is closer in meaning");
    assertTrue(Confidence.of(agree) > Confidence.of(disagree), Confidence.of(agree) + " vs " + Confidence.of(disagree));
  }

  @Test
  void aBestMatchWithoutAVectorIsJudgedByWordsAlone() {
    // While vectors are built in the background an article may have none: its similarity is NaN.
    MatchResult r = new MatchResult(List.of(match("a", 4, 0.9, Double.NaN), match("b", 1, 0.3, 0.5)), List.of(), 1);

    double[] f = Confidence.features(r);
    assertEquals(3, f.length, "the words-only evidence");
    assertEquals(Confidence.probability(Confidence.LEXICAL, f), Confidence.of(r), 1e-12);
    assertTrue(Confidence.of(r) > 0.5, "a full match by words is still answered: " + Confidence.of(r));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "how do i lower the ph in my fish tank | PROCEDURE",
        "how to calibrate a ph meter | PROCEDURE",
        "how can we measure strain | PROCEDURE",
        "how 2 work out the odds of 2 heads | PROCEDURE",
        "what year did the titanic sink | FACT",
        "what is the fastest car in the world | FACT",
        "whats the chemical formula for caffeine | FACT",
        "what is the atomic number of gold? | FACT",
        "how does photosynthesis work | EXPLANATION",
        "why do prices rise | EXPLANATION",
        "what is the difference between a stack and a queue | EXPLANATION",
        "what is the mean | EXPLANATION",
      })
  void readsWhatAQuestionAsksFor(String question, Confidence.Asks asks) {
    assertEquals(asks, Confidence.asks(question));
  }

  @Test
  void aProcedureOrFactNeedsMoreThanTheTopicToBeAnswered() {
    // The same evidence: a definition that shares the topic (coverage 0.5, similarity 0.3).
    MatchResult topic = new MatchResult(List.of(match("a", 4, 0.5, 0.3), match("b", 1, 0.2, 0.1)), List.of(), 1);
    double p = Confidence.of(topic);
    assertEquals(p, Confidence.of("why is the ph scale logarithmic", topic), 1e-12, "an explanation: as before");
    assertEquals(p / 2, Confidence.of("how do i lower the ph in my fish tank", topic), 1e-12, "a procedure: halved");
    assertEquals(p / 2, Confidence.of("what is the boiling point of water", topic), 1e-12, "a fact: halved");
    // Holding the question's words and meaning (0.7 + 0.5 >= 0.87), the article answers the procedure.
    MatchResult full = new MatchResult(List.of(match("a", 4, 0.7, 0.5), match("b", 1, 0.2, 0.1)), List.of(), 1);
    assertEquals(Confidence.of(full), Confidence.of("how do i convert grams to moles", full), 1e-12);
    // Every word in the body but none in the head, and little meaning: the thing is only mentioned.
    Match mentioned = new Match(match("a", 4, 1, 0.24).article(), 4, 1.0, 0.0, 0.24);
    MatchResult passing = new MatchResult(List.of(mentioned, match("b", 1, 0.2, 0.1)), List.of(), 1);
    assertEquals(Confidence.of(passing) / 2, Confidence.of("how do i use a microscope", passing), 1e-12);
    // Without vectors (words alone) there is no meaning to ask for: judged as before.
    MatchResult words = new MatchResult(List.of(match("a", 4, 0.5, Double.NaN)), List.of(), 1);
    assertEquals(Confidence.of(words), Confidence.of("how do i lower the ph", words), 1e-12);
  }
}

package org.studybot.answer;

import java.util.List;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;

/**
 * How sure the bot is that the best match answers the question, as a probability in [0,1].
 *
 * <p>A logistic model over the evidence of the best match: its coverage of the question (the
 * share of the question's rare words it contains), its lead over the runner-up, its coverage
 * counted in the article's head (title, question, description, keywords) alone, and, when semantic
 * matching is on, the semantic similarity of question and article and whether words and meaning
 * agree (the best match's similarity against the highest of the other candidates': a word match
 * that some other article beats on meaning is doubtful). The weights are fit on the evaluation set
 * ({@code src/test/resources/eval}) with and without 5,000 dictionary distractors by {@code
 * studybot eval --fit --distractors DIR}, so the thresholds in the configuration are
 * probabilities, not raw scores. A best match with no vector (embedding still under way) is judged
 * by words alone. Thread-safe.
 */
public final class Confidence {
  // Fit by `java -jar target/studybot.jar eval --fit`; see the README's "Evaluation" section.
  static final double[] LEXICAL = {-2.858, 4.765, 12.679, -0.131};
  // Semantic (HybridMatcher; its lead reads the fused margin). `eval --fit --distractors DIR` (the
  // evaluation set with and without 5,000 dict-foldoc articles, fitted together) gave
  // {-4.597, 8.301, 2.517, -2.519, 3.189, 7.149}. The intercept is raised by logit(0.55) -
  // logit(0.35) so the configured answered threshold (0.55) acts as 0.35 on the fit's scale, the
  // point of the fit's threshold table where off-topic rejection reached 97 % in both conditions.
  static final double[] SEMANTIC = {-3.777, 8.301, 2.517, -2.519, 3.189, 7.149};

  /** Where the configured answered threshold (0.55) sits on the fitted model's scale. */
  static final double FIT_THRESHOLD = 0.35;

  /**
   * The interim calibration: while articles carry the quick pass's vectors (a large cold start's
   * embeddings of their head alone, {@link MatchResult#interim}), whose cosines run higher for
   * unrelated texts, the semantic model's log-odds are lowered by this much: the smallest cut-off
   * of {@code eval --quick}'s offset table at which the interim declines every off-topic question
   * words alone decline on the evaluation set, the held-out set and with 5,000 dictionary
   * distractors, while answering more in-scope ones right (README, "Embedding speed"). A cut-off,
   * not other weights: a refit on interim vectors separated no better.
   */
  public static final double INTERIM_OFFSET = 2.5;

  private Confidence() {}

  /** The confidence that {@code result}'s best match is the answer; 0 when there is none. */
  public static double of(MatchResult result) {
    return of(result, result.interim() ? INTERIM_OFFSET : 0);
  }

  /**
   * The confidence with the semantic model's log-odds lowered by {@code interimOffset}: {@link
   * #INTERIM_OFFSET} for interim vectors, 0 otherwise ({@code eval --quick} tries others).
   */
  public static double of(MatchResult result, double interimOffset) {
    Match best = result.best();
    if (best == null) {
      return 0;
    }
    if (Double.isNaN(best.similarity())) {
      return probability(LEXICAL, features(result));
    }
    double[] w = SEMANTIC.clone();
    w[0] -= interimOffset;
    return probability(w, features(result));
  }

  /**
   * The logistic model: {@code 1 / (1 + e^-z)} with {@code z = w[0] + w[1] x[0] + ...} (features
   * beyond the weights are ignored). The one copy, shared by the answerer, {@code eval --fit} and
   * the fusion benchmark.
   */
  public static double probability(double[] w, double[] x) {
    double z = w[0];
    for (int i = 0; i < x.length && i + 1 < w.length; i++) {
      z += w[i + 1] * x[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * Fits the logistic model's weights (intercept first) to {@code xs} with labels {@code ys} (1 when
   * the best match was the right article): batch gradient descent, rate 0.5, 20,000 steps. The one
   * copy, shared by {@code eval --fit} and the fusion benchmark.
   */
  public static double[] fit(List<double[]> xs, List<Integer> ys) {
    int d = xs.get(0).length;
    double[] w = new double[d + 1];
    double rate = 0.5;
    for (int iter = 0; iter < 20000; iter++) {
      double[] grad = new double[d + 1];
      for (int i = 0; i < xs.size(); i++) {
        double err = probability(w, xs.get(i)) - ys.get(i);
        grad[0] += err;
        for (int j = 0; j < d; j++) {
          grad[j + 1] += err * xs.get(i)[j];
        }
      }
      for (int j = 0; j <= d; j++) {
        w[j] -= rate * grad[j] / xs.size();
      }
    }
    return w;
  }

  /**
   * The evidence: coverage of the best match; its lead over the runner-up ((s1 - s2) / s1) times
   * its head coverage (a lead earned by a word the article only mentions in passing, as in
   * off-topic chat, counts for little); its head coverage; and, when it has a similarity, the
   * similarity and its margin over the most similar other candidate (negative when another
   * article is closer in meaning).
   */
  public static double[] features(MatchResult result) {
    Match best = result.best();
    if (best == null) {
      return new double[] {0, 0, 0};
    }
    double s1 = best.score();
    double s2 = result.matches().size() > 1 ? result.matches().get(1).score() : 0;
    double lead = s1 > 0 ? Math.max(0, (s1 - s2) / s1) : 0;
    if (Double.isNaN(best.similarity())) {
      return new double[] {best.coverage(), lead * best.headCoverage(), best.headCoverage()};
    }
    double other = Double.NaN;
    for (Match m : result.matches().subList(1, result.matches().size())) {
      if (!Double.isNaN(m.similarity()) && !(m.similarity() <= other)) {
        other = m.similarity();
      }
    }
    double agreement = Double.isNaN(other) ? 0 : best.similarity() - other;
    return new double[] {best.coverage(), lead, best.headCoverage(), best.similarity(), agreement};
  }
}

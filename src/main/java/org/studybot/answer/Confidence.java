package org.studybot.answer;

import org.studybot.search.Match;
import org.studybot.search.MatchResult;

/**
 * How sure the bot is that the best match answers the question, as a probability in [0,1].
 *
 * <p>A logistic model over the evidence of the best match: its coverage of the question (the
 * share of the question's rare words it contains), its lead over the runner-up, and, when
 * semantic matching is on, the semantic similarity of question and article. The weights were fit
 * on the evaluation set ({@code src/test/resources/eval}) with {@code EvalMain --fit}, so the
 * thresholds in the configuration are probabilities, not raw scores. Thread-safe.
 */
public final class Confidence {
  // Fit by EvalMain --fit on the evaluation set; see the README's "Evaluation" section.
  static final double[] LEXICAL = {-6.0, 8.0, 3.0};
  // Semantic (HybridMatcher, lead read from the fused margin): fit by `eval --semantic on --fit`
  // gave {-6.702, 5.457, 2.441, 10.489}; the intercept is moved by logit(0.55) - logit(0.75) so
  // the configured answered threshold (0.55) sits where the fit rejects >= 90 % of off-topic
  // questions (0.75 on the fit's scale: 91.3 % in-scope answered-correct, 91.2 % off-topic).
  static final double[] SEMANTIC = {-7.600, 5.457, 2.441, 10.489};

  private Confidence() {}

  /** The confidence that {@code result}'s best match is the answer; 0 when there is none. */
  public static double of(MatchResult result) {
    Match best = result.best();
    if (best == null) {
      return 0;
    }
    double[] f = features(result);
    double[] w = Double.isNaN(best.similarity()) ? LEXICAL : SEMANTIC;
    double z = w[0];
    for (int i = 0; i < f.length && i + 1 < w.length; i++) {
      z += w[i + 1] * f[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The evidence: coverage of the best match, its lead over the runner-up ((s1 - s2) / s1), and
   * (when present) its semantic similarity.
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
      return new double[] {best.coverage(), lead};
    }
    return new double[] {best.coverage(), lead, best.similarity()};
  }
}

package org.studybot.answer;

import java.util.List;
import java.util.regex.Pattern;
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
   * What a question asks for, where that asks more of the match than sharing its topic: a
   * procedure ("how do i lower the ph in my fish tank", "how to calibrate a ph meter") or a single
   * fact ("what is the atomic number of gold", "what year did the titanic sink"). A concept article
   * that names the thing rarely gives either; it answers them only when it also holds most of the
   * question's words and its meaning (see {@link #ASKS_MORE}).
   */
  enum Asks {
    /** An explanation, a definition, a comparison: the articles' kind of answer. */
    EXPLANATION,
    /** How to do something. */
    PROCEDURE,
    /** One fact: a year, a number, a superlative, a property of a named thing. */
    FACT
  }

  private static final Pattern PROCEDURE =
      Pattern.compile("^(?:how (?:do|can|should|would|could) (?:i|we|you)|how to|how 2|how do u|how would u)\\b.*");
  private static final Pattern FACT =
      Pattern.compile(
          "^(?:what year|which year|what date)\\b.*"
              + "|^(?:what|whats|what s|what'?s|what is|which) (?:is )?the \\w+est\\b.*"
              + "|^(?:what|whats|what s|what'?s|what is) (?:is )?the (?:\\w+ )?(?:number|formula|point|symbol|name|height|length"
              + "|distance|population|date|age|size) (?:of|for)\\b.*");

  /**
   * The coverage plus similarity a procedure or fact question's best match needs to be answered
   * with confidence: measured with {@code FeatureDump} on the evaluation set, every in-scope "how
   * do i ..." answered right had at least 0.89 and 10 of the 11 near-miss ones answered before at most
   * 0.83 (the near-miss facts at most 0.86).
   */
  static final double ASKS_MORE = 0.87;

  /**
   * The similarity such a match needs when none of the question's words is in the article's head
   * (title, question, description, keywords): the thing to do is then only mentioned in its body
   * ("how do i use a microscope" against the article on mitosis, similarity 0.24); the one in-scope
   * procedure of the set so matched ("how 2 work out the odds ...") had 0.42.
   */
  static final double ASKS_MEANING = 0.3;

  /** What {@code question} (as cleaned) asks for. */
  static Asks asks(String question) {
    String t = SmallTalk.normalise(question);
    if (PROCEDURE.matcher(t).matches()) {
      return Asks.PROCEDURE;
    }
    return FACT.matcher(t).matches() ? Asks.FACT : Asks.EXPLANATION;
  }

  /**
   * The confidence that {@code result}'s best match answers {@code question}: {@link
   * #of(MatchResult)}, halved when the question asks for a procedure or a fact and the match holds
   * less of its words and meaning than {@link #ASKS_MORE}, or has none of its words in its head and
   * less similarity than {@link #ASKS_MEANING} (a definition of the thing is then at most a lead,
   * "unsure", not an answer); and halved when the question asks who, when or where and the match
   * names no person, date or place near the question's topic ({@link AnswerType#supplies}). A match
   * without a vector is judged by words alone, as before.
   */
  public static double of(String question, MatchResult result) {
    return of(question, result, result.interim() ? INTERIM_OFFSET : 0);
  }

  /**
   * As {@link #of(String, MatchResult)}, with the semantic model's log-odds lowered by {@code
   * interimOffset} (as {@link #of(MatchResult, double)}): what {@code eval --quick}'s table of
   * cut-offs reads, so it counts what the answerer would answer at each.
   */
  public static double of(String question, MatchResult result, double interimOffset) {
    double p = of(result, interimOffset);
    Match best = result.best();
    if (best != null && !AnswerType.supplies(question, best.article())) {
      // Asks who, when or where, and the article names no such thing near the topic: a lead at most.
      return p / 2;
    }
    if (best == null || Double.isNaN(best.similarity()) || asks(question) == Asks.EXPLANATION) {
      return p;
    }
    boolean holds = best.coverage() + best.similarity() >= ASKS_MORE
        && (best.headCoverage() > 0 || best.similarity() >= ASKS_MEANING);
    return holds ? p : p / 2;
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

package org.studybot.semantic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;
import org.studybot.search.Matcher;
import org.studybot.search.QueryText;

/**
 * Matches by words and by meaning at once. Thread-safe.
 *
 * <p>The question goes to the {@link LexicalMatcher} (BM25 over all of an article's text) and, as a
 * sentence embedding, to the index's vectors (nearest neighbours by cosine); each ranking's top
 * {@code depth} scores are turned into z-scores (minus the mean, over the standard deviation, of
 * that top list) so the two scales meet, and every article in either list is ranked by the
 * weighted sum. An article only the vectors found takes the lowest BM25 z-score it could have (that
 * of the last word match, or of no match at all when the word list was not full); its cosine is
 * always exact. Words keep sibling topics apart (TCP and UDP embed close together); meaning finds
 * the concept a student describes without its name. The fused score also counts how much of the
 * question the article covers, and an article shorter than a paragraph loses a little (a one-line
 * definition explains little of a question that shares its one word). When words barely separate
 * the best two and meaning clearly prefers the second, the second is ranked first (see {@link
 * #SIBLING_MARGIN}).
 *
 * <p>Each {@link Match} carries the fused score (as {@code exp}, so it is positive), the lexical
 * coverages and the cosine similarity of question and article, which the confidence reads. An
 * index built without vectors is matched by words alone.
 */
public final class HybridMatcher implements Matcher {
  /** How deep each ranking is read and normalised: measured in the README's evaluation. */
  public static final int DEPTH = 20;

  /** The share of the BM25 z-score in the fused score; the cosine's is the rest. */
  public static final double LEXICAL_WEIGHT = 0.7;

  /**
   * The weight of an article's coverage of the question (the share of its rare words the article
   * holds, in [0,1]) added to the fused score. BM25 lets one rare word in a one-line article
   * outscore an article that holds all of the question; coverage says how much of the question
   * each candidate explains. Measured with {@code FeatureDump -Draw} (src/bench): 0.5 ranks the right
   * article first for 2 more of the 484 in-scope questions with 5,000 dictionary articles loaded and
   * changes none without them; 1 and more start to lose questions without them.
   */
  public static final double COVERAGE_WEIGHT = 0.5;

  /**
   * How much a short article loses: {@code LENGTH_WEIGHT × ln(REFERENCE_LENGTH / words)} comes off
   * the fused score of an article of fewer than {@link #REFERENCE_LENGTH} words (as indexed, stop
   * words left out); longer articles lose nothing. A one-line definition that shares a word or two
   * with a question ("What is Python?" for "why is python called interpreted and is it slow")
   * scores high by words and by meaning, yet it explains little of what the question asks; an
   * article of a paragraph or more does. Measured with {@code RankDump} (src/bench): with 5,000
   * dictionary articles loaded the right article is ranked first for 455 → 464 of the 484 in-scope
   * questions (with BM25's k1 at 1.5); without them nothing changes, every article being longer.
   */
  public static final double LENGTH_WEIGHT = 1.5;

  /** The length in words from which an article is not counted short (see {@link #LENGTH_WEIGHT}). */
  public static final int REFERENCE_LENGTH = 100;

  /**
   * Siblings: how close (in fused score) the runner-up must be to the best for meaning to decide
   * between them. Two articles on neighbouring topics (mitosis and meiosis, photosynthesis and
   * cellular respiration) share most of their vocabulary, and the one that names more of the
   * question's words somewhere in its text wins on words though the other is the one the question
   * is about ("why do sex cells only have half the chromosomes": the mitosis article mentions sex
   * cells and halving in passing). Within this margin, the runner-up is ranked first when it is
   * closer in meaning by at least {@link #SIBLING_MEANING_GAP} and the nearest of all candidates, the
   * best does not hold more of the question in its title, question, description or keywords (its
   * lead is then from words its body only mentions), and both are full articles ({@link
   * #REFERENCE_LENGTH} words or more). Measured with {@code FeatureDump -Draw} (src/bench) and
   * {@code eval}: the near-miss set's in-scope questions 90.5 % → 95.2 % answered right, nothing else
   * changed with or without the dictionary articles; wider margins or smaller gaps also swapped
   * right answers away (README, Evaluation).
   */
  public static final double SIBLING_MARGIN = 0.5;

  /**
   * The cosine by which a sibling must be closer in meaning than the best to be ranked first (see
   * {@link #SIBLING_MARGIN}); it must also be the nearest in meaning of all the candidates.
   */
  public static final double SIBLING_MEANING_GAP = 0.1;

  /**
   * How many nearest vectors the graph search looks for: more than it keeps ({@link #DEPTH}), so
   * that the approximate search's misses, which differ from one graph build to the next, rarely
   * change the list the cosines are normalised over.
   */
  static final int NEAR_SEARCH = 2 * DEPTH;

  private final LexicalMatcher lexical;
  private final Embedder embedder;
  private final int maxChars;
  private final int depth;
  private final double lexicalWeight;
  private final double coverageWeight;
  private final double lengthWeight;

  /** A matcher with the measured depth and weights. */
  public HybridMatcher(LexicalMatcher lexical, Embedder embedder, int maxChars) {
    this(lexical, embedder, maxChars, DEPTH, LEXICAL_WEIGHT, COVERAGE_WEIGHT, LENGTH_WEIGHT);
  }

  /** As below, with the measured coverage and length weights. */
  public HybridMatcher(LexicalMatcher lexical, Embedder embedder, int maxChars, int depth, double lexicalWeight) {
    this(lexical, embedder, maxChars, depth, lexicalWeight, COVERAGE_WEIGHT, LENGTH_WEIGHT);
  }

  /**
   * @param maxChars a question is cut to this many characters
   * @param depth how many of each ranking are fused
   * @param lexicalWeight the BM25 share of the fused score, in [0,1]
   * @param coverageWeight how much the share of the question an article explains adds to the fused
   *     score, at least 0
   * @param lengthWeight how much an article shorter than {@link #REFERENCE_LENGTH} words loses per
   *     unit of {@code ln(REFERENCE_LENGTH / words)}, at least 0
   */
  public HybridMatcher(
      LexicalMatcher lexical, Embedder embedder, int maxChars, int depth, double lexicalWeight, double coverageWeight,
      double lengthWeight) {
    if (depth < 1 || lexicalWeight < 0 || lexicalWeight > 1 || !(coverageWeight >= 0) || !(lengthWeight >= 0)) {
      throw new IllegalArgumentException(
          "depth must be at least 1, the lexical weight in [0,1] and the coverage and length weights at least 0, not "
              + depth + ", " + lexicalWeight + ", " + coverageWeight + " and " + lengthWeight);
    }
    this.lengthWeight = lengthWeight;
    this.lexical = lexical;
    this.embedder = embedder;
    this.maxChars = maxChars;
    this.depth = depth;
    this.lexicalWeight = lexicalWeight;
    this.coverageWeight = coverageWeight;
  }

  /** One article found by either ranking. */
  private static final class Candidate {
    final Match words;
    final CorpusIndex.VectorHit near;
    Match evidence;
    double similarity;
    double fused;

    Candidate(Match words, CorpusIndex.VectorHit near) {
      this.words = words;
      this.near = near;
    }
  }

  @Override
  public MatchResult match(CorpusIndex.Lease lease, String question, String subjectKey, int limit) {
    CorpusIndex index = lease.index();
    int k = Math.max(depth, limit);
    MatchResult words = lexical.match(lease, question, subjectKey, k);
    if (!index.hasVectors() || limit <= 0) {
      return words;
    }
    String text = QueryText.normalize(question, maxChars);
    if (text.isBlank()) {
      return words;
    }
    float[] q = embedder.embed(text);
    List<CorpusIndex.VectorHit> near = nearest(lease, q, subjectKey, k);

    Map<String, Candidate> candidates = new LinkedHashMap<>();
    for (Match m : words.matches()) {
      candidates.put(m.article().id(), new Candidate(m, null));
    }
    for (CorpusIndex.VectorHit h : near) {
      Candidate c = candidates.get(h.article().id());
      candidates.put(h.article().id(), c == null ? new Candidate(null, h) : new Candidate(c.words, h));
    }

    Normal bm25 = Normal.of(words.matches().stream().limit(depth).mapToDouble(Match::score).toArray());
    Normal cosine = Normal.of(near.stream().limit(depth).mapToDouble(CorpusIndex.VectorHit::similarity).toArray());
    // An article outside the word ranking scores at most its last entry, or nothing when it is short.
    double floorScore = words.matches().size() >= k ? words.matches().get(words.matches().size() - 1).score() : 0;
    double floor = bm25.z(floorScore);

    List<Match> out = new ArrayList<>(candidates.size());
    List<Candidate> ranked = new ArrayList<>(candidates.values());
    for (Candidate c : ranked) {
      c.evidence =
          c.words != null ? c.words : LexicalMatcher.evidence(lease, c.near.doc(), c.near.article(), 0, words.terms());
      c.similarity = similarity(index, c, q);
      double zWords = c.words != null ? bm25.z(c.words.score()) : floor;
      // An article not embedded yet (vectors are built in the background) is neither helped nor
      // hurt by meaning: the mean of the nearest list's cosines.
      double zMeaning = Double.isNaN(c.similarity) ? 0 : cosine.z(c.similarity);
      c.fused =
          lexicalWeight * zWords + (1 - lexicalWeight) * zMeaning + coverageWeight * c.evidence.coverage()
              - lengthWeight * shortness(index.length(c.evidence.article()));
    }
    ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.fused));
    if (!index.interimVectors()) {
      // Measured with full-text vectors; the quick pass's head-only ones are left as they rank.
      preferSibling(index, ranked);
    }
    for (Candidate c : ranked.subList(0, Math.min(limit, ranked.size()))) {
      // exp keeps the order and makes the score positive, so the confidence's lead over the
      // runner-up, (s1 - s2) / s1 = 1 - exp(f2 - f1), reads the fused margin.
      Match e = c.evidence;
      out.add(new Match(e.article(), Math.exp(c.fused), e.coverage(), e.headCoverage(), c.similarity));
    }
    return new MatchResult(out, words.terms(), words.corpusVersion(), index.interimVectors());
  }

  /**
   * Ranks the runner-up first when words barely separate it from the best, meaning prefers it and
   * the best's lead is not in its head (see {@link #SIBLING_MARGIN}). The two swap their fused
   * scores too, so the scores stay in order and the lead the confidence reads is the same margin.
   */
  private static void preferSibling(CorpusIndex index, List<Candidate> ranked) {
    if (ranked.size() < 2) {
      return;
    }
    Candidate best = ranked.get(0);
    Candidate next = ranked.get(1);
    double nearest = Double.NEGATIVE_INFINITY;
    for (Candidate c : ranked) {
      if (c.similarity > nearest) {
        nearest = c.similarity;
      }
    }
    boolean swap =
        siblingFirst(
            best.fused - next.fused,
            best.similarity,
            next.similarity,
            nearest,
            best.evidence.headCoverage(),
            next.evidence.headCoverage(),
            Math.min(index.length(best.evidence.article()), index.length(next.evidence.article())));
    if (swap) {
      double f = best.fused;
      best.fused = next.fused;
      next.fused = f;
      ranked.set(0, next);
      ranked.set(1, best);
    }
  }

  /**
   * Whether the runner-up goes first (see {@link #SIBLING_MARGIN}): its fused score within the
   * margin of the best's, closer in meaning by the gap and the nearest of all candidates, holding
   * as much of the question in its head, and both articles full length. A similarity of {@code
   * NaN} (an article not embedded yet) never wins.
   *
   * @param margin the best's fused score minus the runner-up's, at least 0
   * @param nearest the highest similarity among all candidates
   * @param shorter the length in words of the shorter of the two
   */
  static boolean siblingFirst(
      double margin, double bestSimilarity, double nextSimilarity, double nearest, double bestHead, double nextHead,
      int shorter) {
    boolean close = margin < SIBLING_MARGIN;
    // NaN compares false: no meaning, no swap.
    boolean nearer = nextSimilarity - bestSimilarity >= SIBLING_MEANING_GAP && nextSimilarity >= nearest;
    // The best's lead is then in words its body mentions, not in what it says it is about.
    boolean headNoBetter = nextHead >= bestHead;
    // A short article is not a sibling but a definition, which explains less of a question than its
    // closeness in meaning says (see LENGTH_WEIGHT).
    boolean full = shorter >= REFERENCE_LENGTH;
    return close && nearer && headNoBetter && full;
  }

  /**
   * How short an article of {@code words} words is: {@code ln(REFERENCE_LENGTH / words)}, 0 from
   * {@link #REFERENCE_LENGTH} words on (see {@link #LENGTH_WEIGHT}).
   */
  static double shortness(int words) {
    return words >= REFERENCE_LENGTH ? 0 : Math.log((double) REFERENCE_LENGTH / Math.max(1, words));
  }

  /** The {@code k} articles nearest {@code q} by exact cosine among a wider graph search's, best first. */
  private static List<CorpusIndex.VectorHit> nearest(CorpusIndex.Lease lease, float[] q, String subjectKey, int k) {
    List<CorpusIndex.VectorHit> near = new ArrayList<>(lease.nearest(q, subjectKey, Math.max(k, NEAR_SEARCH)));
    near.sort(Comparator.comparingDouble((CorpusIndex.VectorHit h) -> -h.similarity()));
    return near.size() > k ? near.subList(0, k) : near;
  }

  private static double similarity(CorpusIndex index, Candidate c, float[] q) {
    if (c.near != null) {
      return c.near.similarity();
    }
    return index.similarity(c.words.article(), q).orElse(Double.NaN);
  }

  /** The mean and standard deviation of a list of scores, for z-scores. */
  record Normal(double mean, double sd) {
    static Normal of(double[] xs) {
      if (xs.length == 0) {
        return new Normal(0, 1);
      }
      double mean = 0;
      for (double x : xs) {
        mean += x;
      }
      mean /= xs.length;
      double var = 0;
      for (double x : xs) {
        var += (x - mean) * (x - mean);
      }
      double sd = Math.sqrt(var / xs.length);
      // One score, or all equal: no spread to scale by, so differences count as they are.
      return new Normal(mean, sd > 1e-9 ? sd : 1);
    }

    double z(double x) {
      return (x - mean) / sd;
    }
  }
}

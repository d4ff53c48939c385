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
 * the concept a student describes without its name.
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

  private final LexicalMatcher lexical;
  private final Embedder embedder;
  private final int maxChars;
  private final int depth;
  private final double lexicalWeight;

  /** A matcher with the measured depth and weights. */
  public HybridMatcher(LexicalMatcher lexical, Embedder embedder, int maxChars) {
    this(lexical, embedder, maxChars, DEPTH, LEXICAL_WEIGHT);
  }

  /**
   * @param maxChars a question is cut to this many characters
   * @param depth how many of each ranking are fused
   * @param lexicalWeight the BM25 share of the fused score, in [0,1]
   */
  public HybridMatcher(LexicalMatcher lexical, Embedder embedder, int maxChars, int depth, double lexicalWeight) {
    if (depth < 1 || lexicalWeight < 0 || lexicalWeight > 1) {
      throw new IllegalArgumentException(
          "depth must be at least 1 and the lexical weight in [0,1], not " + depth + " and " + lexicalWeight);
    }
    this.lexical = lexical;
    this.embedder = embedder;
    this.maxChars = maxChars;
    this.depth = depth;
    this.lexicalWeight = lexicalWeight;
  }

  /** One article found by either ranking. */
  private static final class Candidate {
    final Match words;
    final CorpusIndex.VectorHit near;
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
    List<CorpusIndex.VectorHit> near = lease.nearest(q, subjectKey, k);

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
      double cos = similarity(index, c, q);
      double zWords = c.words != null ? bm25.z(c.words.score()) : floor;
      c.fused = lexicalWeight * zWords + (1 - lexicalWeight) * cosine.z(cos);
    }
    ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.fused));
    for (Candidate c : ranked.subList(0, Math.min(limit, ranked.size()))) {
      Match evidence =
          c.words != null
              ? c.words
              : LexicalMatcher.evidence(lease, c.near.doc(), c.near.article(), 0, words.terms());
      // exp keeps the order and makes the score positive, so the confidence's lead over the
      // runner-up, (s1 - s2) / s1 = 1 - exp(f2 - f1), reads the fused margin.
      out.add(
          new Match(
              evidence.article(), Math.exp(c.fused), evidence.coverage(), evidence.headCoverage(),
              similarity(index, c, q)));
    }
    return new MatchResult(out, words.terms(), words.corpusVersion());
  }

  private static double similarity(CorpusIndex index, Candidate c, float[] q) {
    if (c.near != null) {
      return c.near.similarity();
    }
    return index.similarity(c.words.article(), q).orElse(0.0);
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

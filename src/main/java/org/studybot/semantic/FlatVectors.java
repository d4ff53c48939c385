package org.studybot.semantic;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.PriorityQueue;
import org.studybot.search.VectorSearch;

/**
 * The interim vectors of a quick pass ({@link Semantic#addQuickVectors}), searched exactly by
 * comparing the question with every article: no graph to build, so words and quick meaning serve
 * as soon as the quick pass is embedded; each question scans every vector instead (384
 * multiply-adds an article), for the few minutes until the full vectors and their graph replace
 * them. Exact, so equal vectors rank by corpus order. Immutable and thread-safe.
 */
final class FlatVectors implements VectorSearch {
  private final List<float[]> vectors;

  /** A subject's articles. */
  private record Ordinals(BitSet set) implements Filter {}

  /**
   * @param vectors one per article, in order, unit length
   * @throws IllegalArgumentException when a vector is missing or of another length
   */
  FlatVectors(List<float[]> vectors) {
    this.vectors = IndexedVectors.checked(vectors);
  }

  @Override
  public int size() {
    return vectors.size();
  }

  @Override
  public List<Neighbour> nearest(float[] query, int k, Filter filter) {
    BitSet only = filter == null ? null : ((Ordinals) filter).set();
    // The k best so far, worst on top; ties keep the earlier article (corpus order).
    PriorityQueue<Neighbour> best = new PriorityQueue<>(Math.max(1, k),
        (a, b) -> a.similarity() != b.similarity() ? Double.compare(a.similarity(), b.similarity())
            : Integer.compare(b.ordinal(), a.ordinal()));
    for (int i = only == null ? 0 : only.nextSetBit(0); i >= 0 && i < vectors.size();
        i = only == null ? i + 1 : only.nextSetBit(i + 1)) {
      double s = Vectors.dot(vectors.get(i), query);
      if (best.size() < k) {
        best.add(new Neighbour(i, s));
      } else if (k > 0 && s > best.peek().similarity()) {
        best.poll();
        best.add(new Neighbour(i, s));
      }
    }
    List<Neighbour> out = new ArrayList<>(best);
    out.sort((a, b) -> a.similarity() != b.similarity() ? Double.compare(b.similarity(), a.similarity())
        : Integer.compare(a.ordinal(), b.ordinal()));
    return out;
  }

  @Override
  public Filter filter(int[] ordinals) {
    BitSet set = new BitSet(vectors.size());
    for (int o : ordinals) {
      set.set(o);
    }
    return new Ordinals(set);
  }

  @Override
  public double similarity(int ordinal, float[] query) {
    return Vectors.dot(vectors.get(ordinal), query);
  }

  @Override
  public boolean interim() {
    return true;
  }

  @Override
  public void close() {}
}

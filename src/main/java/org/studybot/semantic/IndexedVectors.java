package org.studybot.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.Query;
import org.studybot.search.VectorSearch;

/**
 * A corpus's article vectors and their {@link VectorIndex}, as search's {@link VectorSearch}: the
 * graph finds the nearest articles, and each one's similarity is the exact dot product of the
 * unit-length vectors. Immutable and thread-safe; closing it closes the vector index.
 */
public final class IndexedVectors implements VectorSearch {
  private final List<float[]> vectors;
  private final VectorIndex index;

  /** A subject's texts as a Lucene filter of the vector index. */
  private record IndexFilter(Query query) implements Filter {}

  /**
   * The vectors (one per article, in order, unit length) searched in {@code index}, which was
   * built over them; closes the index when they do not check out.
   *
   * @throws IllegalArgumentException when the vectors are not all of one non-zero length
   */
  IndexedVectors(List<float[]> vectors, VectorIndex index) {
    try {
      this.vectors = checked(vectors);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    this.index = index;
  }

  /** The vectors (one per article, in order, unit length) in a vector index built in memory. */
  public static IndexedVectors inMemory(List<float[]> vectors) {
    return new IndexedVectors(checked(vectors), VectorIndex.inMemory(vectors));
  }

  /** The vectors as an immutable list, once each is known to be there and all of one length. */
  static List<float[]> checked(List<float[]> vectors) {
    int dim = vectors.isEmpty() ? 0 : vectors.get(0) == null ? 0 : vectors.get(0).length;
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      if (v == null || v.length != dim || dim == 0) {
        throw new IllegalArgumentException(
            "vector of article " + i + " has length " + (v == null ? "null" : v.length)
                + ", expected every vector to have the same non-zero length " + dim);
      }
    }
    return List.copyOf(vectors);
  }

  @Override
  public int size() {
    return vectors.size();
  }

  @Override
  public List<Neighbour> nearest(float[] query, int k, Filter filter) {
    Query only = filter == null ? null : ((IndexFilter) filter).query();
    try {
      List<VectorIndex.Hit> near = index.nearest(query, k, only);
      List<Neighbour> out = new ArrayList<>(near.size());
      for (VectorIndex.Hit h : near) {
        // The graph's score is an approximation on another scale: the cosine is computed exactly.
        out.add(new Neighbour(h.article(), similarity(h.article(), query)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Filter filter(int[] ordinals) {
    return new IndexFilter(index.filter(ordinals));
  }

  @Override
  public double similarity(int ordinal, float[] query) {
    return Vectors.dot(vectors.get(ordinal), query);
  }

  /** How many segments (graphs) the vector index has. */
  public int segments() {
    return index.segments();
  }

  @Override
  public void close() {
    index.close();
  }
}

package org.studybot.search;

import java.util.List;

/**
 * What search needs from article vectors, and all it knows of them: the articles nearest to a
 * question's vector, and how similar one article is to it. Articles are named by their ordinal
 * in the corpus (their place in the list the index was built from). Package {@code semantic}
 * implements it (embeddings, an HNSW graph); search never sees a vector's origin or storage.
 * Implementations are immutable and thread-safe; the {@link CorpusIndex} built over one owns it
 * and closes it with its last lease.
 */
public interface VectorSearch extends AutoCloseable {
  /** An article near a query vector: its ordinal and the cosine similarity of the two. */
  record Neighbour(int ordinal, double similarity) {}

  /** A set of articles prepared once ({@link #filter}) and reused across searches. */
  interface Filter {}

  /** How many articles have a vector: one per article of the corpus. */
  int size();

  /**
   * The {@code k} articles nearest to {@code query} (approximate), best first.
   *
   * @param filter only these articles (a filter this instance made), or {@code null} for all
   * @throws java.io.UncheckedIOException when the vectors cannot be read
   */
  List<Neighbour> nearest(float[] query, int k, Filter filter);

  /** The articles at these ordinals, as a filter for {@link #nearest}. */
  Filter filter(int[] ordinals);

  /** The cosine similarity of the article at {@code ordinal} and {@code query}. */
  double similarity(int ordinal, float[] query);

  /**
   * Whether these are interim vectors: some articles embedded from a shorter text while the full
   * ones are made (a cold start's quick pass). Their similarities run higher for unrelated texts,
   * so the answer layer's confidence reads them with its own, stricter calibration.
   */
  default boolean interim() {
    return false;
  }

  /** Releases what the vectors hold. */
  @Override
  void close();
}

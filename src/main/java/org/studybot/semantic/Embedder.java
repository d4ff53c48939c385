package org.studybot.semantic;

import java.util.List;

/**
 * Turns texts into sentence embeddings: unit-length vectors whose dot product is the cosine
 * similarity of the texts' meanings. Implementations are thread-safe.
 */
public interface Embedder extends AutoCloseable {
  /**
   * Identifies the model and its version: vectors from different ids are not comparable, so the
   * {@link VectorStore} keys on it.
   */
  String modelId();

  /** The length of every vector. */
  int dimension();

  /**
   * Embeds {@code texts}, one unit-length vector each, in order. May use every core.
   *
   * @throws IllegalStateException when the model fails on a text (naming it)
   */
  List<float[]> embed(List<String> texts);

  /** Releases what the embedder holds (threads, native sessions); nothing by default. */
  @Override
  default void close() {}

  /** Embeds one text. */
  default float[] embed(String text) {
    return embed(List.of(text)).get(0);
  }
}

package org.studybot.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a sentence encoder: each word (after mapping through {@code
 * meanings}, which plays the part of understanding) adds one to its hashed dimension; the sum is
 * scaled to unit length. Counts the texts it embeds, so tests can see cache hits.
 */
final class FakeEmbedder implements Embedder {
  static final int DIMENSION = 64;

  private final String modelId;
  private final Map<String, String> meanings;
  final AtomicInteger embedded = new AtomicInteger();

  FakeEmbedder(String modelId, Map<String, String> meanings) {
    this.modelId = modelId;
    this.meanings = Map.copyOf(meanings);
  }

  FakeEmbedder() {
    this("fake-1", Map.of());
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>();
    for (String t : texts) {
      embedded.incrementAndGet();
      out.add(vector(t));
    }
    return out;
  }

  float[] vector(String text) {
    float[] v = new float[DIMENSION];
    v[0] = 0.01f; // never the zero vector, which cosine cannot compare
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() < 3) {
        continue;
      }
      String meaning = meanings.getOrDefault(w, w);
      v[1 + Math.floorMod(meaning.hashCode(), DIMENSION - 1)] += 1;
    }
    return Vectors.normalized(v);
  }
}

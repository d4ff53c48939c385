package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.studybot.search.VectorSearch;

/** The quick pass's exact search finds what a full scan sorted by cosine finds, within a subject too. */
class FlatVectorsTest {
  private static List<float[]> random(int n, int dim, long seed) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        v[j] = (float) r.nextGaussian();
        norm += v[j] * v[j];
      }
      for (int j = 0; j < dim; j++) {
        v[j] /= (float) Math.sqrt(norm);
      }
      out.add(v);
    }
    return out;
  }

  private static List<Integer> expected(List<float[]> vs, float[] q, int k, IntStream ordinals) {
    return ordinals.boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -Vectors.dot(vs.get(i), q)).thenComparing(i -> i))
        .limit(k).toList();
  }

  @Test
  void nearestIsTheExactTopKBestFirstAndInterim() {
    List<float[]> vs = random(500, 16, 7);
    FlatVectors flat = new FlatVectors(vs);
    float[] q = random(1, 16, 8).get(0);
    List<VectorSearch.Neighbour> near = flat.nearest(q, 20, null);
    assertEquals(expected(vs, q, 20, IntStream.range(0, 500)), near.stream().map(VectorSearch.Neighbour::ordinal).toList());
    for (int i = 1; i < near.size(); i++) {
      assertTrue(near.get(i - 1).similarity() >= near.get(i).similarity());
    }
    assertEquals(Vectors.dot(vs.get(near.get(0).ordinal()), q), near.get(0).similarity(), 1e-9);
    assertTrue(flat.interim(), "read with the interim calibration");
    assertEquals(500, flat.size());
  }

  @Test
  void aFilterKeepsToItsArticles() {
    List<float[]> vs = random(300, 16, 9);
    FlatVectors flat = new FlatVectors(vs);
    float[] q = random(1, 16, 10).get(0);
    int[] even = IntStream.range(0, 300).filter(i -> i % 2 == 0).toArray();
    List<Integer> got = flat.nearest(q, 10, flat.filter(even)).stream().map(VectorSearch.Neighbour::ordinal).toList();
    assertEquals(expected(vs, q, 10, IntStream.of(even)), got);
    assertEquals(3, flat.nearest(q, 10, flat.filter(new int[] {5, 7, 9})).size(), "fewer than k: all of them");
  }

  @Test
  void aMissingVectorIsRefused() {
    List<float[]> vs = new ArrayList<>(random(3, 8, 1));
    vs.set(1, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FlatVectors(vs));
    assertTrue(e.getMessage().contains("article 1"), e.getMessage());
  }
}

package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Article vectors shared by replicas, on SQLite and PostgreSQL. */
class StoredVectorsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  static float[] vector(int seed) {
    float[] v = new float[384];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(seed * 31 + i);
    }
    return v;
  }

  @StoreTest
  void aVectorOneReplicaStoredIsFoundByAnother(TestDb db) {
    Store a = db.open(new MutableClock(T0));
    Store b = db.open(new MutableClock(T0));
    Map<String, float[]> batch = new LinkedHashMap<>();
    IntStream.range(0, 1_200).forEach(i -> batch.put("h" + i, vector(i)));
    a.vectors().putAll("minilm-q/384", batch);
    assertEquals(1_200, b.vectors().count("minilm-q/384"));
    assertEquals(0, b.vectors().count("other-model"));
    Map<String, float[]> found = b.vectors().find("minilm-q/384", List.of("h0", "h777", "h1199", "missing"));
    assertEquals(3, found.size());
    assertArrayEquals(vector(777), found.get("h777"));
    assertTrue(b.vectors().find("other-model", List.of("h0")).isEmpty(), "keyed by model too");
    Map<String, float[]> all = new HashMap<>();
    b.vectors().forEach("minilm-q/384", all::put);
    assertEquals(1_200, all.size());
    assertArrayEquals(vector(5), all.get("h5"));
  }

  @StoreTest
  void storingAgainKeepsTheFirst(TestDb db) {
    Store s = db.open(new MutableClock(T0));
    s.vectors().putAll("m", Map.of("h", vector(1)));
    s.vectors().putAll("m", Map.of("h", vector(2), "g", vector(3)));
    assertArrayEquals(vector(1), s.vectors().find("m", List.of("h")).get("h"));
    assertEquals(2, s.vectors().count("m"));
  }
}

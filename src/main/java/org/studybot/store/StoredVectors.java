package org.studybot.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Article vectors (sentence embeddings) keyed by model and a hash of the text embedded, shared by
 * every replica, so a text one replica embedded is never embedded again by another. A vector is
 * stored as little-endian float32s. Thread-safe.
 */
public final class StoredVectors {
  /** Rows per statement when reading or writing many. */
  private static final int BATCH = 500;

  private final Store store;

  StoredVectors(Store store) {
    this.store = store;
  }

  /** The vectors of {@code model} for those of {@code textHashes} that are stored. */
  public Map<String, float[]> find(String model, Collection<String> textHashes) {
    List<String> all = List.copyOf(textHashes);
    Map<String, float[]> out = new HashMap<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      store.read(
          "read vectors",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT text_hash, vector FROM article_vector WHERE model = ? AND text_hash IN ("
                        + marks
                        + ")")) {
              ps.setString(1, model);
              for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 2, chunk.get(i));
              }
              try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                  out.put(r.getString(1), decode(r.getBytes(2)));
                }
              }
            }
            return null;
          });
    }
    return out;
  }

  /** Every vector of {@code model}, streamed to {@code sink} (hash, vector). */
  public void forEach(String model, BiConsumer<String, float[]> sink) {
    store.read(
        "read vectors",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT text_hash, vector FROM article_vector WHERE model = ?")) {
            ps.setFetchSize(BATCH);
            ps.setString(1, model);
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                sink.accept(r.getString(1), decode(r.getBytes(2)));
              }
            }
          }
          return null;
        });
  }

  /** Stores vectors of {@code model}; a hash already stored (by any replica) is left as it is. */
  public void putAll(String model, Map<String, float[]> vectors) {
    List<Map.Entry<String, float[]>> all = new ArrayList<>(vectors.entrySet());
    long now = store.clock().millis();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<Map.Entry<String, float[]>> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
      store.write(
          "store vectors",
          Store.Commit.RELAXED,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO article_vector (model, text_hash, dims, vector, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (model, text_hash) DO NOTHING")) {
              for (Map.Entry<String, float[]> e : chunk) {
                ps.setString(1, model);
                ps.setString(2, e.getKey());
                ps.setInt(3, e.getValue().length);
                ps.setBytes(4, encode(e.getValue()));
                ps.setLong(5, now);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return null;
          });
    }
  }

  /** How many vectors of {@code model} are stored. */
  public int count(String model) {
    return store.read(
        "count vectors",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM article_vector WHERE model = ?")) {
            ps.setString(1, model);
            try (ResultSet r = ps.executeQuery()) {
              r.next();
              return r.getInt(1);
            }
          }
        });
  }

  static byte[] encode(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  static float[] decode(byte[] bytes) {
    float[] v = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}

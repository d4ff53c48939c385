package org.studybot.semantic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Article vectors remembered between runs, for one model, keyed by the hash of the text embedded,
 * so a restart or reload embeds only new or changed texts. {@link VectorCache} keeps them in a
 * checksummed file under the data directory; a shared store (one table per model) is an addition
 * here, not an edit across packages. Implementations are thread-safe.
 */
public interface VectorStore {

  /** A text's key: the first half of its SHA-256, plenty to tell a corpus's texts apart. Immutable. */
  record Key(long hi, long lo) {
    /** The key of {@code text}. */
    public static Key of(String text) {
      try {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap(h);
        return new Key(b.getLong(), b.getLong());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** 32 hex digits. */
    public String hex() {
      return HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
    }
  }

  /** The model the vectors are for. */
  String modelId();

  /** The vector stored for a key, or {@code null}. */
  float[] get(Key key);

  /** Remembers a vector (kept for good at the next {@link #save}). */
  void put(Key key, float[] vector);

  /** Forgets every vector whose key is not in {@code keep} and makes the rest durable. */
  void save(Set<Key> keep);

  /** How many vectors are stored. */
  int size();
}

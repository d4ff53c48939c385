package org.studybot.semantic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Article vectors remembered between runs, for one model, keyed by the hash of the text embedded,
 * so a restart or reload embeds only new or changed texts. {@link VectorCache} keeps them in a
 * checksummed file under the data directory; the shared store ({@code store.SharedVectors}) keeps
 * them in a database table for every replica, which {@link #fetch} reads for what another
 * replica embedded. Implementations are thread-safe.
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

    /**
     * The key written as {@link #hex}.
     *
     * @throws IllegalArgumentException when {@code hex} is not 32 hex digits
     */
    public static Key parse(String hex) {
      if (hex == null || hex.length() != 32) {
        throw new IllegalArgumentException(
            "vector key \"" + hex + "\" is not 32 hex digits (the first half of a text's SHA-256)");
      }
      try {
        return new Key(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "vector key \"" + hex + "\" is not 32 hex digits (the first half of a text's SHA-256)", e);
      }
    }
  }

  /** The model the vectors are for. */
  String modelId();

  /** The vector stored for a key, or {@code null}. */
  float[] get(Key key);

  /**
   * Of {@code keys}, which {@link #get} did not have, the vectors that are stored elsewhere by now
   * (another replica embedded them into a shared store), from then on also answered by {@link
   * #get}. A store only this process writes has nothing more: the default finds none. Never
   * throws: a store that cannot be read finds none, so the texts are embedded.
   */
  default Map<Key, float[]> fetch(Collection<Key> keys) {
    return Map.of();
  }

  /** Remembers a vector (kept for good at the next {@link #save}). */
  void put(Key key, float[] vector);

  /** Forgets every vector whose key is not in {@code keep} and makes the rest durable. */
  void save(Set<Key> keep);

  /**
   * Makes the vectors put so far durable in the middle of a long embedding (and when one stops
   * early), so a crash or a stop loses only what came after, keeping at least those in {@code
   * keep}; unlike {@link #save}, nothing a later load may need is lost for good. By default a
   * {@link #save} of {@code keep}, right for a store whose save forgets only in memory (the shared
   * table keeps every text's vector); a store that drops the others on disk overrides it.
   */
  default void checkpoint(Set<Key> keep) {
    save(keep);
  }

  /** How many vectors are stored. */
  int size();
}

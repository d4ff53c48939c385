package org.studybot.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.studybot.files.PrivateFiles;

/**
 * Article vectors remembered on disk between runs, keyed by the hash of the text embedded, for one
 * model. Thread-safe.
 *
 * <p>The file is written whole and moved into place, so a crash leaves the old file or the new one.
 * Its layout (little-endian): the magic {@code SBVECTOR}, the format version, the model id (length
 * and UTF-8 bytes), the dimension, the entry count; then per entry a 16-byte key (the first half
 * of the text's SHA-256) and {@code dimension} floats; then a CRC-32C of everything before it. A
 * file that is short, long, of another format, model or dimension, or whose checksum does not
 * match is never trusted: it is reported and the vectors are embedded again.
 */
public final class VectorCache implements VectorStore {
  static final long MAGIC = 0x524f544345564253L; // "SBVECTOR" read little-endian
  static final int FORMAT = 1;
  private static final int KEY_BYTES = 16;

  private final Path file;
  private final String modelId;
  private final int dimension;
  private final Map<Key, float[]> vectors = new ConcurrentHashMap<>();
  private final Consumer<String> log;
  private boolean unwritable;

  private VectorCache(Path file, String modelId, int dimension, Consumer<String> log) {
    this.file = file;
    this.modelId = modelId;
    this.dimension = dimension;
    this.log = log;
  }

  /**
   * Opens the cache in {@code file} for {@code modelId}: its vectors when the file is sound and for
   * this model and dimension, else empty (and {@code log} is told why).
   */
  public static VectorCache open(Path file, String modelId, int dimension, Consumer<String> log) {
    VectorCache cache = new VectorCache(file, modelId, dimension, log);
    try {
      cache.read();
    } catch (NoSuchFileException e) {
      // first run: nothing cached yet
    } catch (IOException | RuntimeException e) {
      cache.vectors.clear();
      log.accept("vector cache " + file + " is not usable (" + e.getMessage() + "); embedding the articles again");
    }
    return cache;
  }

  @Override
  public float[] get(Key key) {
    return vectors.get(key);
  }

  /** Remembers a vector (in memory until {@link #save}). */
  @Override
  public void put(Key key, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector of length " + vector.length + " for a cache of dimension " + dimension);
    }
    vectors.put(key, vector);
  }

  @Override
  public int size() {
    return vectors.size();
  }

  @Override
  public String modelId() {
    return modelId;
  }

  /**
   * Forgets every vector whose key is not in {@code keep} (texts no longer in the corpus) and
   * writes the rest to disk, replacing the file atomically. A cache that cannot be written (a
   * read-only or full disk) is logged once and kept in memory: a load or reload never fails for
   * it, only a restart embeds again. Each save tries the disk again and says when it works.
   */
  @Override
  public synchronized void save(Set<Key> keep) {
    try {
      write(keep);
      if (unwritable) {
        unwritable = false;
        log.accept("vector cache " + file + " written again");
      }
    } catch (UncheckedIOException e) {
      if (!unwritable) {
        unwritable = true;
        log.accept(e.getMessage() + " (" + e.getCause().getMessage()
            + "); keeping the vectors in memory, so a restart embeds the articles again");
      }
    }
  }

  /**
   * Writes every vector held, those outside {@code keep} too (texts of an earlier corpus that a
   * reload may bring back), replacing the file atomically; as {@link #save}, a disk that refuses is
   * logged once and the vectors stay in memory.
   */
  @Override
  public synchronized void checkpoint(Set<Key> keep) {
    save(Set.copyOf(vectors.keySet()));
  }

  /** Whether the last {@link #save} could not write the file. */
  synchronized boolean inMemoryOnly() {
    return unwritable;
  }

  private void write(Set<Key> keep) {
    vectors.keySet().retainAll(keep);
    Map<Key, float[]> snapshot = new HashMap<>(vectors);
    byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
    long entryBytes = KEY_BYTES + 4L * dimension;
    long total = 8 + 4 + 4 + id.length + 4 + 4 + entryBytes * snapshot.size() + 4;
    try {
      PrivateFiles.directory(file.toAbsolutePath().getParent());
      Path tmp = PrivateFiles.tempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          CRC32C crc = new CRC32C();
          ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
          buf.putLong(MAGIC).putInt(FORMAT).putInt(id.length).put(id).putInt(dimension).putInt(snapshot.size());
          for (Map.Entry<Key, float[]> e : snapshot.entrySet()) {
            if (buf.remaining() < entryBytes) {
              flush(buf, ch, crc);
            }
            buf.putLong(e.getKey().hi()).putLong(e.getKey().lo());
            for (float f : e.getValue()) {
              buf.putFloat(f);
            }
          }
          flush(buf, ch, crc);
          buf.putInt((int) crc.getValue());
          buf.flip();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          if (ch.size() != total) {
            throw new IOException("wrote " + ch.size() + " bytes, expected " + total);
          }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the vector cache " + file, e);
    }
  }

  private static void flush(ByteBuffer buf, FileChannel ch, CRC32C crc) throws IOException {
    buf.flip();
    crc.update(buf.duplicate());
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  private void read() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 28) {
        throw new IOException("file of " + size + " bytes is too short for a header");
      }
      ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
      CRC32C crc = new CRC32C();
      crc.update(all.duplicate().limit((int) Math.min(Integer.MAX_VALUE, size - 4)));
      if (size > Integer.MAX_VALUE || all.getInt((int) size - 4) != (int) crc.getValue()) {
        throw new IOException("checksum mismatch");
      }
      if (all.getLong() != MAGIC) {
        throw new IOException("not a vector cache (bad magic)");
      }
      int format = all.getInt();
      if (format != FORMAT) {
        throw new IOException("format " + format + ", expected " + FORMAT);
      }
      int idLength = all.getInt();
      if (idLength < 0 || idLength > 1024) {
        throw new IOException("model id length " + idLength);
      }
      byte[] id = new byte[idLength];
      all.get(id);
      String cachedModel = new String(id, StandardCharsets.UTF_8);
      if (!cachedModel.equals(modelId)) {
        throw new IOException("made by model " + cachedModel + ", not " + modelId);
      }
      int dim = all.getInt();
      if (dim != dimension) {
        throw new IOException("dimension " + dim + ", expected " + dimension);
      }
      int count = all.getInt();
      long expected = all.position() + (long) count * (KEY_BYTES + 4L * dimension) + 4;
      if (count < 0 || expected != size) {
        throw new IOException(count + " entries need " + expected + " bytes, the file has " + size);
      }
      for (int i = 0; i < count; i++) {
        Key k = new Key(all.getLong(), all.getLong());
        float[] v = new float[dimension];
        all.asFloatBuffer().get(v);
        all.position(all.position() + 4 * dimension);
        vectors.put(k, v);
      }
    }
  }
}

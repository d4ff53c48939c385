package org.studybot.semantic;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The all-MiniLM-L6-v2 sentence encoder (quantized, 384 dimensions), run in process by ONNX
 * Runtime on the CPU: the model ships inside its jar, so nothing is fetched at run time. A batch is
 * spread over every core, each call on one thread ({@link SingleThreadMiniLm}). Thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {
  /** Where the model sits inside its jar (hashed into the model id). */
  static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";

  static final int DIMENSION = 384;

  private final EmbeddingModel model;
  private final String modelId;
  private final ExecutorService pool;

  private MiniLmEmbedder(EmbeddingModel model, String modelId, ExecutorService pool) {
    this.model = model;
    this.modelId = modelId;
    this.pool = pool;
  }

  /**
   * Loads the model, with its native libraries unpacked under {@code nativeDir}.
   *
   * @throws UnsupportedOperationException on a platform whose native libraries are not packaged
   */
  public static MiniLmEmbedder load(Path nativeDir) {
    NativeLibraries.prepare(nativeDir);
    // The embedder owns its pool and stops it on close (the engine closes it with the library).
    ExecutorService pool = pool();
    try {
      return new MiniLmEmbedder(new SingleThreadMiniLm(pool), "all-minilm-l6-v2-q:" + modelHash(), pool);
    } catch (RuntimeException | Error e) {
      pool.shutdownNow();
      throw e;
    }
  }

  private static ExecutorService pool() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Runtime.getRuntime().availableProcessors(),
        r -> {
          Thread t = new Thread(r, "studybot-embed-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The first 16 hex digits of the model file's SHA-256: a new model means a new id. */
  private static String modelHash() {
    try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader().getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the embedding model " + MODEL_RESOURCE + " is missing from the class path");
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream din = new DigestInputStream(in, sha)) {
        din.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding model " + MODEL_RESOURCE, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      // The library rejects blank text; a lone full stop embeds as "nothing in particular".
      segments.add(TextSegment.from(t.isBlank() ? "." : t));
    }
    List<Embedding> out;
    try {
      out = model.embedAll(segments).content();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "embedding " + texts.size() + " texts failed (first: \"" + abbreviate(texts.get(0)) + "\")", e);
    }
    List<float[]> vectors = new ArrayList<>(out.size());
    for (Embedding e : out) {
      vectors.add(Vectors.normalized(e.vector()));
    }
    return vectors;
  }

  /** Stops the embedding threads; embedding afterwards fails. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}

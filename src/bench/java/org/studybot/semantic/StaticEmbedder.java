package org.studybot.semantic;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measurement-only static embedder distilled from MiniLM (the Model2Vec idea): every WordPiece
 * token id gets the mean-pooled MiniLM vector of {@code [CLS] token [SEP]}; a text's vector is the
 * normalized weighted mean of its tokens' static vectors. Embedding costs a tokenization and a few
 * thousand additions. Thread-safe once built.
 */
public final class StaticEmbedder implements Embedder {
  /** How a token's static vector is weighted in a text's mean. */
  public enum Weighting {
    /** Every token alike. */
    UNIFORM,
    /** log(1 + rank), the token id standing in for its frequency rank (Model2Vec's Zipf weighting). */
    ZIPF,
    /** SIF a / (a + p(w)), p(w) Zipf's 1/rank over the vocabulary, a = 1e-3. */
    SIF,
    /** ZIPF over token vectors centred first (the vocabulary's mean removed, as PCA would). */
    ZIPF_CENTRED
  }

  private static final SentenceModel MODEL = SentenceModel.ALL_MINILM_L6_V2_Q;
  private static final int CLS = 101;
  private static final int SEP = 102;
  /** Rows per distillation inference: all are three tokens long, so nothing is padded. */
  private static final int ROWS = 256;
  /** MiniLM's WordPiece vocabulary (bert-base-uncased). */
  private static final int VOCAB = 30522;

  private final float[][] vectors;
  private final float[] weights;
  private final HuggingFaceTokenizer tokenizer;
  private final String modelId;

  private StaticEmbedder(float[][] vectors, Weighting weighting, HuggingFaceTokenizer tokenizer) {
    this.vectors = weighting == Weighting.ZIPF_CENTRED ? centred(vectors) : vectors;
    this.tokenizer = tokenizer;
    this.modelId = "static-minilm-" + weighting.name().toLowerCase(java.util.Locale.ROOT)
        + (Boolean.getBoolean("static.truncate") ? "-128" : "") + (Boolean.getBoolean("static.middle") ? "-middle" : "");
    this.weights = new float[vectors.length];
    double harmonic = 0;
    for (int r = 1; r <= vectors.length; r++) {
      harmonic += 1.0 / r;
    }
    for (int id = 0; id < vectors.length; id++) {
      int rank = Math.max(1, id - 998); // ids below 999 are [PAD], [unused..], specials
      weights[id] = switch (weighting) {
        case UNIFORM -> 1f;
        case ZIPF, ZIPF_CENTRED -> (float) Math.log1p(rank);
        case SIF -> (float) (1e-3 / (1e-3 + (1.0 / rank) / harmonic));
      };
    }
    for (int special : new int[] {0, 100, CLS, SEP, 103}) {
      weights[special] = 0f;
    }
  }

  /**
   * The static table from {@code cache}, distilled into it first (on {@code threads} threads) when
   * it is missing; {@code log} told how long distillation took.
   */
  public static StaticEmbedder load(Path cache, Path nativeDir, int threads, Weighting weighting,
      java.util.function.Consumer<String> log) {
    NativeLibraries.load(nativeDir);
    HuggingFaceTokenizer tokenizer;
    try (InputStream json = StaticEmbedder.class.getClassLoader().getResourceAsStream(MODEL.tokenizerResource())) {
      // The whole text by default (a static vector costs little per extra token); with
      // -Dstatic.truncate=true the first 128 tokens, as MiniLM reads.
      tokenizer = Boolean.getBoolean("static.truncate")
          ? HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"))
          : HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    float[][] table = Files.isRegularFile(cache) ? read(cache) : null;
    if (table == null) {
      long t0 = System.nanoTime();
      table = distil(threads, VOCAB);
      log.accept(String.format(java.util.Locale.ROOT, "distilled %,d token vectors on %d threads in %.1f s",
          table.length, threads, (System.nanoTime() - t0) / 1e9));
      write(cache, table);
    }
    return new StaticEmbedder(table, weighting, tokenizer);
  }

  private static float[][] distil(int threads, int vocab) {
    byte[] onnx;
    try (InputStream in = StaticEmbedder.class.getClassLoader().getResourceAsStream(MODEL.modelResource())) {
      onnx = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    float[][] table = new float[vocab][];
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(onnx, options)) {
        boolean types = session.getInputNames().contains("token_type_ids");
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < vocab; from += ROWS) {
          int start = from;
          int rows = Math.min(ROWS, vocab - from);
          futures.add(pool.submit(() -> {
            run(env, session, types, start, rows, table);
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("distilling failed", e);
    } finally {
      pool.shutdownNow();
    }
    return table;
  }

  private static void run(OrtEnvironment env, OrtSession session, boolean types, int start, int rows, float[][] table)
      throws OrtException {
    long[] ids = new long[rows * 3];
    long[] mask = new long[rows * 3];
    java.util.Arrays.fill(mask, 1L);
    for (int r = 0; r < rows; r++) {
      ids[r * 3] = CLS;
      ids[r * 3 + 1] = start + r;
      ids[r * 3 + 2] = SEP;
    }
    long[] shape = {rows, 3};
    try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * 3]), shape)) {
      Map<String, OnnxTensor> in = types
          ? Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT)
          : Map.of("input_ids", idT, "attention_mask", maskT);
      try (OrtSession.Result result = session.run(in)) {
        FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
        int size = MODEL.dimension();
        for (int r = 0; r < rows; r++) {
          float[] v = new float[size];
          // -Dstatic.middle=true: the token's own output row only, not the mean with [CLS] and [SEP].
          boolean middle = Boolean.getBoolean("static.middle");
          for (int t = middle ? 1 : 0; t < (middle ? 2 : 3); t++) {
            int at = (r * 3 + t) * size;
            for (int d = 0; d < size; d++) {
              v[d] += states.get(at + d);
            }
          }
          table[start + r] = Vectors.normalized(v);
        }
      }
    }
  }

  /** The vectors less their mean over the real tokens (ids from 999), each renormalized. */
  private static float[][] centred(float[][] table) {
    float[] mean = new float[table[0].length];
    for (int id = 999; id < table.length; id++) {
      for (int d = 0; d < mean.length; d++) {
        mean[d] += table[id][d] / (table.length - 999);
      }
    }
    float[][] out = new float[table.length][];
    for (int id = 0; id < table.length; id++) {
      float[] v = table[id].clone();
      for (int d = 0; d < v.length; d++) {
        v[d] -= mean[d];
      }
      out[id] = Vectors.normalized(v);
    }
    return out;
  }

  private static float[][] read(Path file) {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int n = in.readInt();
      int dim = in.readInt();
      float[][] t = new float[n][dim];
      for (float[] v : t) {
        for (int d = 0; d < dim; d++) {
          v[d] = in.readFloat();
        }
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, float[][] table) {
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(table.length);
      out.writeInt(table[0].length);
      for (float[] v : table) {
        for (float f : v) {
          out.writeFloat(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return MODEL.dimension();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(one(t));
    }
    return out;
  }

  /** The token ids of {@code text} as embedded (the benchmark times tokenizing alone). */
  long[] tokens(String text) {
    return tokenizer.encode(text.isBlank() ? "." : text).getIds();
  }

  private float[] one(String text) {
    long[] ids = tokenizer.encode(text.isBlank() ? "." : text).getIds();
    float[] v = new float[MODEL.dimension()];
    for (long id : ids) {
      float w = weights[(int) id];
      if (w == 0f) {
        continue;
      }
      float[] s = vectors[(int) id];
      for (int d = 0; d < v.length; d++) {
        v[d] += w * s[d];
      }
    }
    return Vectors.normalized(v);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

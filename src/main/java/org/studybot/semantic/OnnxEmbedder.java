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
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link SentenceModel} run in process by ONNX Runtime on the CPU, many texts per inference: the
 * model ships inside its jar, so nothing is fetched at run time. Thread-safe.
 *
 * <p>A batch is tokenized at once, sorted by token count and cut into runs of similar length (so
 * little is padded), and each run goes through the model as one {@code [texts, tokens]} tensor
 * with an attention mask; the runs are spread over one thread per core, each run on one thread
 * (measured faster on two cores than one run at a time over both cores, see {@code
 * EmbeddingBench}). A single text, a question, is embedded on the caller's thread at once: it
 * neither waits behind a batch's queue nor pays for thread hand-offs, and two questions run on
 * two cores side by side.
 */
public final class OnnxEmbedder implements Embedder {
  /**
   * Texts per inference by default: one. Measured on x86-64 (EmbeddingBench, README "Embedding
   * speed"), the quantized models cost the same CPU time per token in a run of 1, 8 or 32 texts,
   * and a run of several changes each text's vector a little (the models quantize their
   * activations with one scale per tensor, so a text's neighbours in the run move its vector:
   * cosine 0.991 at worst with the text alone). One text per run keeps every vector exactly what
   * it is alone, as a question's is.
   */
  static final int TEXTS_PER_RUN = 1;

  /** Padded tokens per inference at most (texts × the longest), so long texts go in small runs. */
  static final int MAX_TOKENS_PER_RUN = 32 * 96;

  private final SentenceModel model;
  private final String modelId;
  private final OrtSession session;
  private final OrtEnvironment env;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean tokenTypes;
  /** Runs a batch's inferences; {@code null} with one thread: the caller runs them. */
  private final ExecutorService pool;
  /** Texts per inference at most. */
  private final int textsPerRun;
  /** Embedding holds the read lock, {@link #close} the write lock: nothing is freed in use. */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;
  /** Whether {@link #close} freed the native parts (under the write lock). */
  private boolean released;

  private OnnxEmbedder(
      SentenceModel model, String modelId, OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer,
      ExecutorService pool, int textsPerRun) throws OrtException {
    this.model = model;
    this.modelId = modelId;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.tokenTypes = session.getInputNames().contains("token_type_ids");
    this.pool = pool;
    this.textsPerRun = textsPerRun;
  }

  /**
   * Loads {@code model}, using every core for batches, with its native libraries unpacked under
   * {@code nativeDir} (see {@link NativeLibraries#load}).
   *
   * @throws UnsupportedOperationException on a platform whose native libraries are not packaged
   * @throws IllegalStateException when the model or its tokenizer is missing or cannot be read
   */
  public static OnnxEmbedder load(SentenceModel model, Path nativeDir) {
    return load(model, nativeDir, Runtime.getRuntime().availableProcessors(), TEXTS_PER_RUN);
  }

  /**
   * Loads {@code model}, spreading a batch's inferences over {@code threads} threads, at most
   * {@code textsPerRun} texts per inference (the benchmark compares run sizes).
   */
  static OnnxEmbedder load(SentenceModel model, Path nativeDir, int threads, int textsPerRun) {
    if (threads < 1 || textsPerRun < 1) {
      throw new IllegalArgumentException("threads and texts per run must be at least 1, not " + threads + " and " + textsPerRun);
    }
    NativeLibraries.load(nativeDir);
    byte[] onnx = resource(model.modelResource(), model);
    String id = model.configName() + ":" + sha256(onnx).substring(0, 16);
    OrtSession session = null;
    HuggingFaceTokenizer tokenizer = null;
    ExecutorService pool = null;
    try (InputStream json = OnnxEmbedder.class.getClassLoader().getResourceAsStream(model.tokenizerResource())) {
      if (json == null) {
        throw missing(model.tokenizerResource(), model);
      }
      // Padding is done here, per run; truncation stays as the tokenizer file says (MiniLM: 128
      // tokens, the others 512), as the model was trained.
      tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"));
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        // One thread per inference: parallelism comes from running several at once.
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(onnx, options);
      }
      pool = threads == 1 ? null : pool(threads);
      return new OnnxEmbedder(model, id, env, session, tokenizer, pool, textsPerRun);
    } catch (IOException e) {
      closeQuietly(session, tokenizer, pool);
      throw new UncheckedIOException("cannot read the tokenizer " + model.tokenizerResource() + " of " + model.configName(), e);
    } catch (OrtException e) {
      closeQuietly(session, tokenizer, pool);
      throw new IllegalStateException("ONNX Runtime cannot load the embedding model " + model.modelResource(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(session, tokenizer, pool);
      throw e;
    }
  }

  private static ExecutorService pool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "studybot-embed-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static byte[] resource(String name, SentenceModel model) {
    try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw missing(name, model);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding model " + name, e);
    }
  }

  private static IllegalStateException missing(String resource, SentenceModel model) {
    return new IllegalStateException(resource + " of the embedding model " + model.configName()
        + " is missing from the class path" + (model == SentenceModel.DEFAULT ? ""
            : " (the jar carries " + SentenceModel.DEFAULT.configName() + " only unless built with mvn -Pall-models package)"));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer, ExecutorService pool) {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (tokenizer != null) {
      tokenizer.close();
    }
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // Already failing: the first error is the one reported.
      }
    }
  }

  /** The model this embedder runs. */
  public SentenceModel model() {
    return model;
  }

  /** The model's name and the first 16 hex digits of its file's SHA-256: a new model means a new id. */
  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException also once the embedder is closed
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the embedder of " + modelId + " is closed");
      }
      Encoding[] encodings = tokenize(texts);
      float[][] out = new float[texts.size()][];
      if (texts.size() == 1) {
        run(encodings, new int[] {0}, out, texts);
        return List.of(out);
      }
      List<int[]> runs = runs(encodings, textsPerRun);
      if (pool == null) {
        for (int[] run : runs) {
          run(encodings, run, out, texts);
        }
      } else {
        inPool(runs, encodings, out, texts);
      }
      return Arrays.asList(out);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private Encoding[] tokenize(List<String> texts) {
    String[] prepared = new String[texts.size()];
    for (int i = 0; i < prepared.length; i++) {
      String t = texts.get(i);
      // A blank text embeds as "nothing in particular", as it always has.
      prepared[i] = model.prefix() + (t.isBlank() ? "." : t);
    }
    try {
      return prepared.length == 1 ? new Encoding[] {tokenizer.encode(prepared[0])} : tokenizer.batchEncode(prepared);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "tokenizing " + texts.size() + " texts failed (first: \"" + abbreviate(texts.get(0)) + "\")", e);
    }
  }

  /**
   * The texts' indices cut into inference runs: by token count (so each run pads little), at
   * most {@code textsPerRun} texts and {@link #MAX_TOKENS_PER_RUN} padded tokens each.
   */
  static List<int[]> runs(Encoding[] encodings, int textsPerRun) {
    int[] lengths = new int[encodings.length];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = encodings[i].getIds().length;
    }
    return runs(lengths, textsPerRun);
  }

  /** {@link #runs(Encoding[], int)} over the texts' token counts. */
  static List<int[]> runs(int[] lengths, int textsPerRun) {
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
    List<int[]> runs = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (int i : order) {
      // Sorted ascending, so the text being added is the run's longest.
      boolean full = current.size() == textsPerRun
          || (long) (current.size() + 1) * lengths[i] > MAX_TOKENS_PER_RUN;
      if (full && !current.isEmpty()) {
        runs.add(current.stream().mapToInt(Integer::intValue).toArray());
        current.clear();
      }
      current.add(i);
    }
    if (!current.isEmpty()) {
      runs.add(current.stream().mapToInt(Integer::intValue).toArray());
    }
    return runs;
  }

  private void inPool(List<int[]> runs, Encoding[] encodings, float[][] out, List<String> texts) {
    List<Future<?>> futures = new ArrayList<>(runs.size());
    try {
      // Longest runs first: the threads finish together rather than one waiting on a last long run.
      for (int r = runs.size() - 1; r >= 0; r--) {
        int[] run = runs.get(r);
        Callable<Void> task = () -> {
          if (closed) {
            throw new IllegalStateException("the embedder of " + modelId + " is closed");
          }
          run(encodings, run, out, texts);
          return null;
        };
        futures.add(pool.submit(task));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the embedder of " + modelId + " is closed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding " + texts.size() + " texts", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } finally {
      for (Future<?> f : futures) {
        f.cancel(false);
      }
    }
  }

  /** Runs the model once on the texts at {@code run} and writes their vectors into {@code out}. */
  private void run(Encoding[] encodings, int[] run, float[][] out, List<String> texts) {
    int rows = run.length;
    int width = 0;
    for (int i : run) {
      width = Math.max(width, encodings[i].getIds().length);
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    int[] lengths = new int[rows];
    for (int r = 0; r < rows; r++) {
      long[] textIds = encodings[run[r]].getIds();
      lengths[r] = textIds.length;
      System.arraycopy(textIds, 0, ids, r * width, textIds.length);
      Arrays.fill(mask, r * width, r * width + textIds.length, 1L);
    }
    long[] shape = {rows, width};
    try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeTensor = tokenTypes ? OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * width]), shape) : null) {
      Map<String, OnnxTensor> inputs = tokenTypes
          ? Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)
          : Map.of("input_ids", idTensor, "attention_mask", maskTensor);
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        long[] dims = hidden.getInfo().getShape();
        int size = model.dimension();
        if (dims.length != 3 || dims[0] != rows || dims[1] != width || dims[2] != size) {
          throw new IllegalStateException("the model " + modelId + " returned a tensor of shape " + Arrays.toString(dims)
              + ", expected [" + rows + ", " + width + ", " + size + "]");
        }
        FloatBuffer states = hidden.getFloatBuffer();
        for (int r = 0; r < rows; r++) {
          out[run[r]] = pool(states, r * width * size, lengths[r], size);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "embedding " + rows + " texts failed (first: \"" + abbreviate(texts.get(run[0])) + "\")", e);
    }
  }

  /** One text's sentence vector from its rows of hidden states starting at {@code from}, unit length. */
  private float[] pool(FloatBuffer states, int from, int tokens, int size) {
    float[] v = new float[size];
    if (model.pooling() == SentenceModel.Pooling.CLS) {
      states.get(from, v);
    } else {
      for (int t = 0; t < tokens; t++) {
        int at = from + t * size;
        for (int d = 0; d < size; d++) {
          v[d] += states.get(at + d);
        }
      }
      // The mean's divisor cancels in normalisation, but it keeps the sum's scale modest.
      for (int d = 0; d < size; d++) {
        v[d] /= tokens;
      }
    }
    return Vectors.normalized(v);
  }

  /**
   * Stops the batch threads and frees the model and tokenizer once running embeddings end;
   * embedding afterwards fails. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    if (pool != null) {
      pool.shutdown();
    }
    lifecycle.writeLock().lock();
    try {
      if (released) {
        return;
      }
      released = true;
      if (pool != null) {
        pool.shutdownNow();
      }
      tokenizer.close();
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("cannot close the model " + modelId, e);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}

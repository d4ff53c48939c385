package org.studybot.semantic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/**
 * Cold embedding throughput, the old embedder against the new, side by side in one JVM on the same
 * texts: every article of a corpus as the engine embeds it ({@link ArticleVectors#text}), handed
 * over in the engine's batches of {@link ArticleVectors#BATCH}, with no cache.
 *
 * <p>Engines ({@code --engines}, comma-separated, run in turn each round so they share the
 * machine's conditions): {@code old} (langchain4j's MiniLM, one text per inference over a pool:
 * what StudyBot ran before), {@code new} ({@link OnnxEmbedder}: batched, runs of similar length,
 * one thread per core), {@code new-1} (the same on one thread), {@code single} (the new embedder
 * given one text per call: batching's share of the gain), {@code bge}, {@code e5} (the other
 * models, batched), and {@code ort-...} (MiniLM under other ONNX Runtime settings, or unquantized:
 * see {@link OrtVariant}). Prints each round, then per engine the median texts per second and its ratio
 * to the first engine, and, for each engine, the cosine of its vectors with the first's
 * (minimum and median) when both run the same model.
 *
 * <p>With {@code --openings 300,150,0} each engine also runs once per recipe: the answer's opening
 * cut at that many characters (0: title, question and description only; see {@link
 * ArticleVectors#text(Article, int)}), named {@code engine@N}, and the mean tokens per text the
 * model sees (after its truncation) is printed per recipe; {@code -1} is the title alone (and the
 * question when it differs), a quick-pass recipe measured against opening 0 ({@link
 * ArticleVectors#quickText}).
 *
 * <p>Usage: {@code EmbeddingBench --content DIR [--limit N] [--runs R] [--engines old,new]
 * [--openings 300,150]}.
 */
public final class EmbeddingBench {
  private static final java.util.Set<String> MINILM = java.util.Set.of("old", "new", "new-1", "new-b8", "new-b32", "single");

  private EmbeddingBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path content = Path.of(opts.getOrDefault("content", "content"));
    int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
    int limit = Integer.parseInt(opts.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
    List<String> engines = List.of(opts.getOrDefault("engines", "old,new").split(","));
    Path natives = Path.of(opts.getOrDefault("natives", "data/native"));

    List<Integer> openings = Arrays.stream(
            opts.getOrDefault("openings", String.valueOf(ArticleVectors.ANSWER_OPENING)).split(","))
        .map(Integer::valueOf).toList();

    List<Article> articles = new CorpusLoader(1 << 20).load(content).articles();
    articles = articles.subList(0, Math.min(limit, articles.size()));
    Map<Integer, List<String>> textsOf = new LinkedHashMap<>();
    for (int o : openings) {
      List<String> ts = new ArrayList<>();
      for (Article a : articles) {
        ts.add(o >= 0 ? ArticleVectors.text(a, o) : a.question().equals(a.title()) ? a.title() : a.title() + ' ' + a.question());
      }
      textsOf.put(o, ts);
    }
    List<String> texts = textsOf.get(openings.get(0));
    System.out.printf("%,d texts from %s, %d cores, %d runs, engines %s, openings %s%n", texts.size(), content,
        Runtime.getRuntime().availableProcessors(), runs, engines, openings);

    Map<String, Embedder> byEngine = new LinkedHashMap<>();
    for (String e : engines) {
      byEngine.put(e, load(e, natives));
    }
    if (openings.size() > 1) {
      printTokens(textsOf);
    }
    // Each unit is an engine on one recipe's texts.
    Map<String, Embedder> loaded = new LinkedHashMap<>();
    Map<String, List<String>> unitTexts = new HashMap<>();
    Map<String, String> engineOf = new HashMap<>();
    for (String e : engines) {
      for (int o : openings) {
        String unit = openings.size() > 1 ? e + "@" + o : e;
        loaded.put(unit, byEngine.get(e));
        unitTexts.put(unit, textsOf.get(o));
        engineOf.put(unit, e);
      }
    }
    engines = List.copyOf(loaded.keySet());
    // Warm each once (JIT, ONNX Runtime's first-run allocations) on a slice outside the timing.
    for (Embedder e : byEngine.values()) {
      e.embed(texts.subList(0, Math.min(64, texts.size())));
    }
    Map<String, double[]> rates = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    Map<String, List<float[]>> vectors = new HashMap<>();
    com.sun.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    for (String e : engines) {
      rates.put(e, new double[runs]);
      cpu.put(e, new double[runs]);
    }
    for (int r = 0; r < runs; r++) {
      for (String e : engines) {
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<float[]> out = embedAll(loaded.get(e), unitTexts.get(e), engineOf.get(e).equals("single"));
        double secs = (System.nanoTime() - start) / 1e9;
        rates.get(e)[r] = texts.size() / secs;
        cpu.get(e)[r] = (os.getProcessCpuTime() - cpu0) / 1e6 / texts.size();
        vectors.put(e, out);
        System.out.printf("run %d %-7s %8.1f s %8.1f texts/s %6.2f ms CPU per text (load average %.1f)%n", r + 1, e, secs,
            texts.size() / secs, cpu.get(e)[r], os.getSystemLoadAverage());
      }
    }
    String first = engines.get(0);
    double base = median(rates.get(first));
    System.out.println();
    double baseCpu = median(cpu.get(first));
    System.out.println("engine   median texts/s  ratio   CPU ms/text  ratio   cosine with " + first + " (min / median)");
    for (String e : engines) {
      double m = median(rates.get(e));
      String cos = "";
      if (!e.equals(first) && miniLm(engineOf.get(e)) && miniLm(engineOf.get(first))) {
        double[] cs = new double[texts.size()];
        for (int i = 0; i < cs.length; i++) {
          cs[i] = Vectors.dot(vectors.get(first).get(i), vectors.get(e).get(i));
        }
        cos = String.format("%.5f / %.5f", Arrays.stream(cs).min().orElse(1), median(cs));
      }
      double c = median(cpu.get(e));
      System.out.printf("%-8s %14.1f %6.2fx %12.2f %6.2fx   %s%n", e, m, m / base, c, baseCpu / c, cos);
    }
    for (Embedder e : byEngine.values()) {
      e.close();
    }
  }

  /**
   * Per recipe, the mean tokens per text MiniLM sees (its tokenizer truncates at 128) and the mean
   * characters. Call after an embedder has loaded the tokenizer's native library.
   */
  private static void printTokens(Map<Integer, List<String>> textsOf) throws java.io.IOException {
    String resource = SentenceModel.ALL_MINILM_L6_V2_Q.tokenizerResource();
    try (java.io.InputStream json = EmbeddingBench.class.getClassLoader().getResourceAsStream(resource);
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tok =
            ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"))) {
      System.out.println("opening  mean tokens/text (median, share at 128)  mean chars/text");
      for (Map.Entry<Integer, List<String>> e : textsOf.entrySet()) {
        List<String> ts = e.getValue();
        double[] n = new double[ts.size()];
        int full = 0;
        long chars = 0;
        for (int i = 0; i < n.length; i++) {
          n[i] = tok.encode(ts.get(i)).getIds().length;
          full += n[i] >= 128 ? 1 : 0;
          chars += ts.get(i).length();
        }
        System.out.printf("%7d  %8.1f (%5.0f, %4.1f %%)  %17.1f%n", e.getKey(), Arrays.stream(n).average().orElse(0),
            median(n), 100.0 * full / n.length, (double) chars / n.length);
      }
    }
  }

  private static Embedder load(String engine, Path natives) {
    return switch (engine) {
      case "old" -> new LangChainMiniLm(natives, "all-minilm-l6-v2-q (langchain4j)");
      case "new", "single" -> OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, natives);
      case "new-1" -> OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, natives, 1, OnnxEmbedder.TEXTS_PER_RUN);
      case "new-b8" -> OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, natives, cores(), 8);
      case "new-b32" -> OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, natives, cores(), 32);
      case "bge" -> OnnxEmbedder.load(SentenceModel.BGE_SMALL_EN_V15_Q, natives);
      case "e5" -> OnnxEmbedder.load(SentenceModel.E5_SMALL_V2_Q, natives);
      default -> {
        if (miniLmVariant(engine)) {
          yield new OrtVariant(engine, natives);
        }
        throw new IllegalArgumentException("--engines: unknown engine " + engine
            + " (known: old, new, new-1, new-b8, new-b32, single, bge, e5, ort[-intra2|-nospin|-noarena|-nomempat|-bN|-fp32|-save...])");
      }
    };
  }

  private static boolean miniLmVariant(String engine) {
    return engine.equals("ort") || engine.startsWith("ort-");
  }

  /** Whether the engine runs MiniLM (any of its variants), so its vectors compare with another's. */
  private static boolean miniLm(String engine) {
    return MINILM.contains(engine) || miniLmVariant(engine);
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Embeds as the engine does: batches of {@link ArticleVectors#BATCH}, or one text per call. */
  private static List<float[]> embedAll(Embedder embedder, List<String> texts, boolean oneByOne) {
    List<float[]> out = new ArrayList<>(texts.size());
    if (oneByOne) {
      texts.parallelStream().map(embedder::embed).forEachOrdered(out::add);
      return out;
    }
    for (int from = 0; from < texts.size(); from += ArticleVectors.BATCH) {
      out.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + ArticleVectors.BATCH))));
    }
    return out;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}

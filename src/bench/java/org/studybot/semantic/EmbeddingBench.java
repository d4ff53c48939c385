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
 * given one text per call: batching's share of the gain), and {@code bge}, {@code e5} (the other
 * models, batched). Prints each round, then per engine the median texts per second and its ratio
 * to the first engine, and, for each engine, the cosine of its vectors with the first's
 * (minimum and median) when both run the same model.
 *
 * <p>Usage: {@code EmbeddingBench --content DIR [--limit N] [--runs R] [--engines old,new]}.
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

    List<Article> articles = new CorpusLoader(1 << 20).load(content).articles();
    List<String> texts = new ArrayList<>();
    for (Article a : articles.subList(0, Math.min(limit, articles.size()))) {
      texts.add(ArticleVectors.text(a));
    }
    System.out.printf("%,d texts from %s, %d cores, %d runs, engines %s%n", texts.size(), content,
        Runtime.getRuntime().availableProcessors(), runs, engines);

    Map<String, Embedder> loaded = new LinkedHashMap<>();
    for (String e : engines) {
      loaded.put(e, load(e, natives));
    }
    // Warm each once (JIT, ONNX Runtime's first-run allocations) on a slice outside the timing.
    for (Embedder e : loaded.values()) {
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
        List<float[]> out = embedAll(loaded.get(e), texts, e.equals("single"));
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
      if (!e.equals(first) && MINILM.contains(e) && MINILM.contains(first)) {
        double[] cs = new double[texts.size()];
        for (int i = 0; i < cs.length; i++) {
          cs[i] = Vectors.dot(vectors.get(first).get(i), vectors.get(e).get(i));
        }
        cos = String.format("%.5f / %.5f", Arrays.stream(cs).min().orElse(1), median(cs));
      }
      double c = median(cpu.get(e));
      System.out.printf("%-8s %14.1f %6.2fx %12.2f %6.2fx   %s%n", e, m, m / base, c, baseCpu / c, cos);
    }
    for (Embedder e : loaded.values()) {
      e.close();
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
      default -> throw new IllegalArgumentException("--engines: unknown engine " + engine
          + " (known: old, new, new-1, new-b8, new-b32, single, bge, e5)");
    };
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

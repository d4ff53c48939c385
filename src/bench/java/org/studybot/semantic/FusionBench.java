package org.studybot.semantic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.studybot.answer.Confidence;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.eval.EvalSet;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.MatchResult;
import org.studybot.search.Matcher;

/**
 * Measures fusion settings and embedding recipes on the evaluation set: top-1 by kind, and the
 * share answered correctly / off-topic rejected under a confidence fitted for each setting. Not a
 * test (compiled with the benchmarks in src/bench; it lives in this package because the recipes
 * reach package-private parts of {@code semantic}); run by hand after {@code mvn -q -B -DskipTests
 * package}:
 *
 * <pre>java -cp target/studybot.jar:target/test-classes org.studybot.semantic.FusionBench content [more dirs]</pre>
 *
 * <p>System properties: {@code -Dset=DIR} (default: the evaluation set bundled in the jar), {@code
 * -Drecipes}, {@code -Dweights}, {@code -Ddepths} (comma-separated), {@code -Ddump}.
 */
public final class FusionBench {
  private FusionBench() {}

  static final Map<String, Function<Article, String>> RECIPES = new TreeMap<>();

  static {
    RECIPES.put("a-title", a -> a.title());
    RECIPES.put("b-title+question+desc", a -> a.title() + " " + (a.question().equals(a.title()) ? "" : a.question() + " ") + a.description());
    RECIPES.put("c-default", ArticleVectors::text);
    RECIPES.put("d-default+keywords", a -> ArticleVectors.text(a) + " " + String.join(", ", a.keywords()));
  }

  public static void main(String[] args) throws Exception {
    List<Article> articles = new ArrayList<>();
    CorpusLoader loader = new CorpusLoader(1 << 20);
    for (String dir : args) {
      articles.addAll(loader.load(Path.of(dir)).articles());
    }
    String setDir = System.getProperty("set");
    EvalSet set = setDir == null ? EvalSet.bundled() : EvalSet.load(Path.of(setDir));
    Embedder embedder = OnnxEmbedder.load(
        SentenceModel.named(System.getProperty("model", SentenceModel.DEFAULT.configName())).orElseThrow(),
        Path.of("data/native"));
    LexicalMatcher lexical = new LexicalMatcher(2000, 32);
    String recipes = System.getProperty("recipes", "c-default");
    String weights = System.getProperty("weights", "0.5");
    String depths = System.getProperty("depths", "20");
    System.out.println(articles.size() + " articles, " + set.cases().size() + " cases");
    for (String r : recipes.split(",")) {
      VectorCache cache = VectorCache.open(Path.of("data/bench-" + r + ".bin"), embedder.modelId(), embedder.dimension(), System.out::println);
      long t0 = System.nanoTime();
      List<float[]> vs = new ArticleVectors(embedder, cache, System.out::println, RECIPES.get(r)).of(articles);
      System.out.printf("recipe %s: vectors in %.1f s%n", r, (System.nanoTime() - t0) / 1e9);
      try (CorpusIndex index = CorpusIndex.build(articles, IndexedVectors.inMemory(vs), 1, CorpusLoader.Progress.NONE)) {
        run("lexical", index, set, lexical);
        for (String d : depths.split(",")) {
          for (String w : weights.split(",")) {
            run(r + " depth=" + d + " w=" + w, index, set,
                new HybridMatcher(lexical, embedder, 2000, Integer.parseInt(d), Double.parseDouble(w)));
          }
        }
      }
    }
  }

  static void run(String name, CorpusIndex index, EvalSet set, Matcher matcher) {
    Map<String, int[]> byKind = new TreeMap<>();
    List<double[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    List<Boolean> off = new ArrayList<>();
    long nanos = 0;
    List<Long> each = new ArrayList<>();
    try (CorpusIndex.Lease lease = index.lease().orElseThrow()) {
      for (EvalSet.Case c : set.cases()) {
        String subject = null;
        if (c.subject() != null) {
          var s = org.studybot.answer.Catalog.subject(index, c.subject());
          if (s.isEmpty()) {
            continue; // an unknown subject is the answerer's business, not the matcher's
          }
          subject = s.get().key();
        }
        long t = System.nanoTime();
        MatchResult m = matcher.match(lease, c.question(), subject, 10);
        nanos += System.nanoTime() - t;
        each.add(System.nanoTime() - t);
        boolean top1 = !c.offTopic() && m.best() != null && m.best().article().id().equals(c.expected());
        int[] k = byKind.computeIfAbsent(c.kind(), x -> new int[2]);
        k[0]++;
        k[1] += top1 ? 1 : 0;
        double[] f = m.best() == null ? null : Confidence.features(m);
        if (f != null && System.getProperty("dump") != null) {
          System.out.printf("DUMP" + name.replace(" ", "_") + " %s %s %.3f %.3f %.3f | %s -> %s%n", c.kind(), top1 ? "ok" : "--", f[0], f[1], f.length > 2 ? f[2] : 0, c.question(), m.best().article().title());
        }
        if (f != null) {
          xs.add(f);
          ys.add(top1 ? 1 : 0);
          off.add(c.offTopic());
        }
      }
    }
    StringBuilder sb = new StringBuilder(String.format("%-34s", name));
    int n = 0;
    int ok = 0;
    for (var e : byKind.entrySet()) {
      if (!e.getKey().equals("offtopic")) {
        sb.append(String.format(" %s %.1f", e.getKey(), 100.0 * e.getValue()[1] / e.getValue()[0]));
        n += e.getValue()[0];
        ok += e.getValue()[1];
      }
    }
    sb.append(String.format(" | top-1 %.1f%%", 100.0 * ok / n));
    double[] w = Confidence.fit(xs, ys);
    // The best threshold for in-scope correct among those rejecting >= 90 % off-topic.
    String best = "";
    for (double t = 0.3; t <= 0.951; t += 0.05) {
      int inOk = 0;
      int offOk = 0;
      int offN = 0;
      for (int i = 0; i < xs.size(); i++) {
        boolean answered = Confidence.probability(w, xs.get(i)) >= t;
        if (off.get(i)) {
          offN++;
          offOk += answered ? 0 : 1;
        } else {
          inOk += answered && ys.get(i) == 1 ? 1 : 0;
        }
      }
      if (offOk >= 0.9 * offN) {
        best = String.format(" | t=%.2f answered-correct %.1f%% off-topic-rejected %.1f%%", t, 100.0 * inOk / n, 100.0 * offOk / offN);
        break;
      }
    }
    each.sort(null);
    sb.append(best)
        .append(String.format(" | %.2f ms/query, p50 %.2f p99 %.2f", nanos / 1e6 / each.size(),
            each.get(each.size() / 2) / 1e6, each.get((int) (each.size() * 0.99)) / 1e6));
    StringBuilder ws = new StringBuilder();
    for (double x : w) {
      ws.append(String.format("%.2f ", x));
    }
    System.out.println(sb + " | w " + ws);
  }
}

package org.studybot.semantic;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/**
 * CPU time per article text, one text at a time on the calling thread: MiniLM against the static
 * embedder distilled from it. {@code StaticSpeed CONTENT TABLE-FILE [REPS]}. Measurement only.
 */
public final class StaticSpeed {
  private StaticSpeed() {}

  public static void main(String[] args) throws Exception {
    List<Article> articles = new CorpusLoader(1 << 20).load(Path.of(args[0])).articles();
    int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
    List<String> texts = articles.stream().limit(limit).map(ArticleVectors::text).toList();
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path nativeDir = Path.of(System.getProperty("java.io.tmpdir"), "studybot-static-native");
    try (StaticEmbedder s = StaticEmbedder.load(Path.of(args[1]), nativeDir, 2, StaticEmbedder.Weighting.ZIPF, System.out::println);
        OnnxEmbedder m = OnnxEmbedder.load(SentenceModel.DEFAULT, nativeDir, 1, 1)) {
      System.out.printf("%d article texts, %d reps, one text per call on one thread%n", texts.size(), reps);
      double minilm = perText(m, texts, Math.max(1, reps / 2));
      double stat = perText(s, texts, reps * 20);
      double tokenize = perText(new Embedder() {
        @Override public String modelId() { return "tokenize"; }
        @Override public int dimension() { return 0; }
        @Override public List<float[]> embed(List<String> t) { s.tokens(t.get(0)); return List.of(new float[0]); }
      }, texts, reps * 20);
      long tokens = texts.stream().mapToLong(t -> s.tokens(t).length).sum();
      System.out.printf("mean tokens per text (static's tokenizer) %.0f%n", (double) tokens / texts.size());
      System.out.printf("tokenizing alone median CPU per text %.4f ms%n", tokenize);
      System.out.printf("minilm  median CPU per text %.3f ms%n", minilm);
      System.out.printf("static  median CPU per text %.4f ms%n", stat);
      System.out.printf("ratio   %.0fx%n", minilm / stat);
    }
  }

  /** Median over {@code reps} passes of (CPU of one pass / texts), in ms; one warm-up pass first. */
  private static double perText(Embedder e, List<String> texts, int reps) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String t : texts) {
      e.embed(t);
    }
    double[] per = new double[reps];
    for (int r = 0; r < reps; r++) {
      long c0 = mx.getCurrentThreadCpuTime();
      for (String t : texts) {
        e.embed(t);
      }
      per[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / texts.size();
    }
    Arrays.sort(per);
    return per[reps / 2];
  }
}

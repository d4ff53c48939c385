package org.studybot.semantic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.eval.EvalSet;

/**
 * How the static embedder's cosines of question and article relate to MiniLM's, over the
 * evaluation set's questions and the content's articles: the moments of both over every pair and
 * over each question's 20 nearest articles by the static vectors, and the least-squares line from
 * static to MiniLM over the latter. {@code StaticCalibration CONTENT TABLE-FILE}. Measurement only.
 */
public final class StaticCalibration {
  private StaticCalibration() {}

  public static void main(String[] args) throws Exception {
    List<Article> articles = new CorpusLoader(1 << 20).load(Path.of(args[0])).articles();
    List<String> questions = EvalSet.bundled().cases().stream().map(EvalSet.Case::question).toList();
    Path nativeDir = Path.of(System.getProperty("java.io.tmpdir"), "studybot-static-native");
    try (StaticEmbedder s = StaticEmbedder.load(Path.of(args[1]), nativeDir, 2,
            StaticEmbedder.Weighting.ZIPF_CENTRED, System.out::println);
        OnnxEmbedder m = OnnxEmbedder.load(SentenceModel.DEFAULT, nativeDir)) {
      List<String> texts = articles.stream().map(ArticleVectors::text).toList();
      List<float[]> sa = s.embed(texts);
      List<float[]> ma = m.embed(texts);
      List<double[]> all = new ArrayList<>();
      List<double[]> top = new ArrayList<>();
      for (String q : questions) {
        float[] sq = s.embed(q);
        float[] mq = m.embed(q);
        double[][] pairs = new double[articles.size()][];
        for (int i = 0; i < articles.size(); i++) {
          pairs[i] = new double[] {Vectors.dot(sq, sa.get(i)), Vectors.dot(mq, ma.get(i))};
          all.add(pairs[i]);
        }
        Arrays.sort(pairs, (x, y) -> Double.compare(y[0], x[0]));
        top.addAll(Arrays.asList(pairs).subList(0, Math.min(20, pairs.length)));
      }
      report("all pairs", all);
      report("each question's 20 nearest by static", top);
    }
  }

  private static void report(String what, List<double[]> pairs) {
    double[] mean = new double[2];
    for (double[] p : pairs) {
      mean[0] += p[0] / pairs.size();
      mean[1] += p[1] / pairs.size();
    }
    double sxx = 0, syy = 0, sxy = 0;
    for (double[] p : pairs) {
      sxx += (p[0] - mean[0]) * (p[0] - mean[0]);
      syy += (p[1] - mean[1]) * (p[1] - mean[1]);
      sxy += (p[0] - mean[0]) * (p[1] - mean[1]);
    }
    double sdS = Math.sqrt(sxx / pairs.size()), sdM = Math.sqrt(syy / pairs.size());
    double slope = sxy / sxx;
    System.out.printf("%s (%d): static mean %.3f sd %.3f; MiniLM mean %.3f sd %.3f; correlation %.3f%n", what,
        pairs.size(), mean[0], sdS, mean[1], sdM, sxy / Math.sqrt(sxx * syy));
    System.out.printf("  moments: MiniLM = %.3f x static %+.3f; least squares: MiniLM = %.3f x static %+.3f%n",
        sdM / sdS, mean[1] - sdM / sdS * mean[0], slope, mean[1] - slope * mean[0]);
  }
}

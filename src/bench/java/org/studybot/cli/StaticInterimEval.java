package org.studybot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.semantic.ArticleVectors;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.StaticEmbedder;

/**
 * {@code eval --quick} with the static embedder distilled from MiniLM as the interim encoder (of
 * articles and questions): {@code StaticInterimEval WEIGHTING TABLE-FILE head|full studybot-args...}.
 * With {@code full}, an article's head text (what the quick pass embeds) is replaced by its full
 * text before the static embedding, so the interim is every article's full text embedded statically.
 * Measurement only.
 */
public final class StaticInterimEval {
  private StaticInterimEval() {}

  public static void main(String[] args) throws Exception {
    StaticEmbedder.Weighting w = StaticEmbedder.Weighting.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
    Path table = Path.of(args[1]);
    boolean full = args[2].equals("full");
    String[] rest = Arrays.copyOfRange(args, 3, args.length);
    List<String> list = Arrays.asList(rest);
    Map<String, String> headToFull = new HashMap<>();
    if (full) {
      int c = list.indexOf("--content");
      addAll(Path.of(c >= 0 ? list.get(c + 1) : "content"), headToFull);
      int d = list.indexOf("--distractors");
      if (d >= 0) {
        addAll(Path.of(list.get(d + 1)), headToFull);
      }
    }
    Path nativeDir = Path.of(System.getProperty("java.io.tmpdir"), "studybot-static-native");
    Main main = new Main(System.in, System.out, System.err, System.getenv())
        .embedder(() -> {
          StaticEmbedder s = StaticEmbedder.load(table, nativeDir, 2, w, System.err::println);
          // -Dstatic.a, -Dstatic.b: the cosine of question and article read as a * cosine + b (an
          // extra dimension carries b), to bring static cosines to MiniLM's scale.
          double scale = Double.parseDouble(System.getProperty("static.a", "1"));
          double shift = Double.parseDouble(System.getProperty("static.b", "0"));
          boolean affine = scale != 1 || shift != 0;
          return new Embedder() {
            @Override
            public String modelId() {
              return s.modelId() + (full ? "-full" : "-head");
            }

            @Override
            public int dimension() {
              return s.dimension() + (affine ? 1 : 0);
            }

            @Override
            public List<float[]> embed(List<String> texts) {
              List<float[]> v = s.embed(texts.stream().map(t -> headToFull.getOrDefault(t, t)).toList());
              return affine ? v.stream().map(x -> extend(x, scale, Math.signum(shift) * Math.sqrt(Math.abs(shift)))).toList() : v;
            }

            @Override
            public float[] embed(String question) {
              float[] v = s.embed(List.of(question)).get(0);
              return affine ? extend(v, scale, Math.sqrt(Math.abs(shift))) : v;
            }

            @Override
            public void close() {
              s.close();
            }
          };
        });
    System.exit(main.run(rest));
  }

  private static float[] extend(float[] v, double scale, double last) {
    float[] out = Arrays.copyOf(v, v.length + 1);
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * Math.sqrt(scale));
    }
    out[v.length] = (float) last;
    return out;
  }

  private static void addAll(Path dir, Map<String, String> out) throws Exception {
    if (!Files.isDirectory(dir)) {
      return;
    }
    for (Article a : new CorpusLoader(1 << 20).load(dir).articles()) {
      out.put(ArticleVectors.quickText(a), ArticleVectors.text(a));
    }
  }
}

package org.studybot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.semantic.ArticleVectors;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.OnnxEmbedder;
import org.studybot.semantic.SentenceModel;

/**
 * The command line with MiniLM, but every article's full vector made from two embeddings, its
 * head's (title, question, description: what the quick pass embeds) and its answer opening's,
 * mixed by their lengths: what a full pass that reuses the quick pass's vectors would serve.
 * {@code SplitEval studybot-args...} (content from {@code --content}, else content/, plus {@code
 * --distractors}). Measurement only.
 */
public final class SplitEval {
  private SplitEval() {}

  public static void main(String[] args) throws Exception {
    List<String> list = Arrays.asList(args);
    Map<String, String> fullToHead = new HashMap<>();
    // -Dsplit.titled=true: the opening is embedded after the article's title, for context.
    boolean titled = Boolean.getBoolean("split.titled");
    int c = list.indexOf("--content");
    addAll(Path.of(c >= 0 ? list.get(c + 1) : "content"), fullToHead);
    int d = list.indexOf("--distractors");
    if (d >= 0) {
      addAll(Path.of(list.get(d + 1)), fullToHead);
    }
    Path nativeDir = Path.of(System.getProperty("java.io.tmpdir"), "studybot-static-native");
    Main main = new Main(System.in, System.out, System.err, System.getenv())
        .embedder(() -> {
          OnnxEmbedder m = OnnxEmbedder.load(SentenceModel.DEFAULT, nativeDir);
          return new Embedder() {
            @Override
            public String modelId() {
              return m.modelId() + (titled ? "-split-titled" : "-split");
            }

            @Override
            public int dimension() {
              return m.dimension();
            }

            @Override
            public List<float[]> embed(List<String> texts) {
              List<String> parts = new ArrayList<>();
              for (String t : texts) {
                String head = fullToHead.get(t);
                if (head == null || head.length() + 1 >= t.length()) {
                  parts.add(t);
                  parts.add(null);
                } else {
                  parts.add(head);
                  parts.add((titled ? titles.get(t) + " " : "") + t.substring(head.length() + 1));
                }
              }
              List<String> nonNull = parts.stream().filter(p -> p != null).toList();
              List<float[]> vs = m.embed(nonNull);
              List<float[]> out = new ArrayList<>();
              int k = 0;
              for (int i = 0; i < parts.size(); i += 2) {
                float[] a = vs.get(k++);
                if (parts.get(i + 1) == null) {
                  out.add(a);
                  continue;
                }
                float[] b = vs.get(k++);
                // Weighted by length in characters plus the two special tokens' worth (~8 chars).
                double wa = parts.get(i).length() + 8;
                double wb = parts.get(i + 1).length() + 8;
                float[] v = new float[a.length];
                double norm = 0;
                for (int j = 0; j < v.length; j++) {
                  v[j] = (float) (wa * a[j] + wb * b[j]);
                  norm += v[j] * v[j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < v.length; j++) {
                  v[j] /= norm;
                }
                out.add(v);
              }
              return out;
            }

            @Override
            public float[] embed(String question) {
              return m.embed(question);
            }

            @Override
            public void close() {
              m.close();
            }
          };
        });
    System.exit(main.run(args));
  }

  private static final Map<String, String> titles = new HashMap<>();

  private static void addAll(Path dir, Map<String, String> out) throws Exception {
    if (!Files.isDirectory(dir)) {
      return;
    }
    for (Article a : new CorpusLoader(1 << 20).load(dir).articles()) {
      out.put(ArticleVectors.text(a), ArticleVectors.quickText(a));
      titles.put(ArticleVectors.text(a), a.title());
    }
  }
}

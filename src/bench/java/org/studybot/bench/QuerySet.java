package org.studybot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.studybot.content.Article;

/**
 * Distinct questions for the query benchmarks, so the first ask of each is uncached: article titles
 * as typed in chat (lower case, no question mark), keyword questions, titles with a typo (which
 * exercise spelling correction), questions made of words from an answer, and the real student
 * questions of the evaluation set. Made from the loaded articles with a fixed seed.
 */
final class QuerySet {
  private static final String[] EVAL_FILES = {
    "biology", "chemistry", "computer-science", "earth-science", "economics", "education-studies",
    "engineering", "english", "history", "mathematics", "physics", "psychology", "off-topic",
  };

  private QuerySet() {}

  /** {@code count} distinct questions; different {@code seed}s give (almost) disjoint sets. */
  static List<String> make(List<Article> articles, int count, long seed) {
    Random r = new Random(seed);
    List<String> eval = evalQuestions();
    Set<String> out = new LinkedHashSet<>();
    int attempts = 0;
    while (out.size() < count && attempts++ < count * 20) {
      Article a = articles.get(r.nextInt(articles.size()));
      String title = a.title().toLowerCase(Locale.ROOT).replaceAll("[?.]+$", "");
      String[] words = a.answer().replaceAll("[^\\p{L} ]+", " ").trim().split("\\s+");
      String q =
          switch (r.nextInt(6)) {
            case 0 -> title;
            case 1 -> typo(title, r);
            case 2 -> pick(words, r) + " " + pick(words, r) + " meaning";
            case 3 -> "how does " + pick(words, r) + " relate to " + pick(words, r) + " and " + pick(words, r);
            case 4 -> "what is " + pick(words, r) + " " + pick(words, r) + " in " + a.subject().toLowerCase(Locale.ROOT);
            default -> eval.isEmpty() ? title : eval.get(r.nextInt(eval.size())) + " " + pick(words, r);
          };
      out.add(q);
    }
    return new ArrayList<>(out);
  }

  private static String pick(String[] words, Random r) {
    for (int i = 0; i < 8; i++) {
      String w = words[r.nextInt(words.length)];
      if (w.length() >= 5) {
        return w.toLowerCase(Locale.ROOT);
      }
    }
    return words[r.nextInt(words.length)].toLowerCase(Locale.ROOT);
  }

  /** Swaps two neighbouring letters in the longest word, as fast typing does. */
  private static String typo(String text, Random r) {
    String[] w = text.split(" ");
    int longest = 0;
    for (int i = 1; i < w.length; i++) {
      if (w[i].length() > w[longest].length()) {
        longest = i;
      }
    }
    String word = w[longest];
    if (word.length() < 5) {
      return text + " pls";
    }
    int at = 1 + r.nextInt(word.length() - 2);
    char[] c = word.toCharArray();
    char t = c[at];
    c[at] = c[at + 1];
    c[at + 1] = t;
    w[longest] = new String(c);
    return String.join(" ", w);
  }

  /** The evaluation set's questions, from the test resources on the class path (if there). */
  private static List<String> evalQuestions() {
    List<String> out = new ArrayList<>();
    for (String name : EVAL_FILES) {
      InputStream in = QuerySet.class.getResourceAsStream("/eval/" + name + ".tsv");
      if (in == null) {
        continue;
      }
      try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        br.readLine(); // header
        for (String line; (line = br.readLine()) != null; ) {
          String[] f = line.split("\t");
          if (f.length >= 3 && !f[2].isBlank()) {
            out.add(f[2]);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read the evaluation set " + name, e);
      }
    }
    return out;
  }
}

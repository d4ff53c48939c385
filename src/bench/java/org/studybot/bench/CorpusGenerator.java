package org.studybot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.content.LoadResult;
import org.studybot.content.Slugs;

/**
 * Writes N articles in exactly the seed export's format (YAML front matter with {@code >-} folded
 * scalars, {@code \n} escapes in the answer, {@code related_articleN} blocks, an {@code &nbsp;}
 * body), one file per article under {@code <out>/<subject>/<slug>.md}.
 *
 * <p>The text is realistic and varied: each article is about one headword of the GCIDE dictionary
 * (its senses become numbered points, two other headwords' definitions add related terms) and is
 * filled out with paragraphs recombined from the starter corpus's answers in the same subject, so
 * articles have the starter's length (about 3.5 KB) and the dictionary's vocabulary. The output
 * depends only on the inputs and the seed.
 *
 * <p>Usage: {@code CorpusGenerator --out DIR --count N [--seed S] [--starter content]
 * [--gcide /usr/share/dictd]}.
 */
public final class CorpusGenerator {
  private static final Pattern NUMBERED = Pattern.compile("^\\d{1,2}\\.\\s+");
  private static final String[] TITLES = {
    "What does the word %s mean?",
    "What is %s?",
    "How is the term %s used in %s?",
    "What are the main meanings of %s?",
    "Explain the meaning of %s with examples.",
    "Where does the word %s come from and how is it used?",
  };
  private static final String[] INTROS = {
    "%s is a term students of %s meet in reading and discussion. Here is what it means and how it connects to the wider subject:",
    "The word %s has more than one sense, and in %s the right one depends on context. Here are the key points:",
    "Understanding %s helps when reading about %s. Here are its meanings and some connected ideas:",
  };

  private record Pools(String name, List<String> points, List<String> summaries) {}

  private record Meta(String id, String title, String subject, String url, String slug) {}

  private final List<Dictionary.Entry> words;
  private final List<Pools> subjects;
  private final long seed;

  CorpusGenerator(List<Dictionary.Entry> words, List<Article> starter, long seed) {
    this.words = words;
    this.subjects = pools(starter);
    this.seed = seed;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = Cli.options(args);
    Path out = Path.of(Cli.required(opts, "out"));
    int count = Integer.parseInt(Cli.required(opts, "count"));
    long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    Path starterDir = Path.of(opts.getOrDefault("starter", "content"));
    Path gcide = Path.of(opts.getOrDefault("gcide", "/usr/share/dictd"));
    LoadResult starter = new CorpusLoader(1 << 20).load(starterDir);
    if (starter.articles().isEmpty()) {
      throw new IllegalArgumentException("no starter articles in " + starterDir + ": " + starter.summary());
    }
    List<Dictionary.Entry> words = Dictionary.read(gcide.resolve("gcide.index"), gcide.resolve("gcide.dict.dz"));
    // Index order is alphabetical; shuffled, even 1,000 articles span the whole vocabulary.
    java.util.Collections.shuffle(words, new Random(seed));
    if (words.size() < 1000) {
      throw new IllegalStateException("only " + words.size() + " usable headwords in " + gcide + ": expected the dict-gcide package");
    }
    long start = System.nanoTime();
    long bytes = new CorpusGenerator(words, starter.articles(), seed).write(out, count);
    System.err.printf(
        "generated %,d articles (%,d MB) from %,d headwords and %d starter articles into %s in %.1f s%n",
        count, bytes >> 20, words.size(), starter.articles().size(), out, (System.nanoTime() - start) / 1e9);
  }

  /** Writes {@code count} articles under {@code out}; returns the bytes written. */
  long write(Path out, int count) throws IOException {
    Meta[] meta = new Meta[count];
    Set<String> slugs = new HashSet<>();
    for (int i = 0; i < count; i++) {
      Pools subject = subjects.get(i % subjects.size());
      String title = title(i, subject.name());
      String slug = Slugs.title(title);
      if (!slugs.add(subject.name() + "/" + slug)) {
        slug = slug + "-" + i;
      }
      String key = Slugs.subject(subject.name());
      meta[i] = new Meta(String.valueOf(1_000_000 + i), title, subject.name(), "/learn/" + key + "/questions/" + slug, slug);
    }
    for (Pools p : subjects) {
      Files.createDirectories(out.resolve(Slugs.subject(p.name())));
    }
    return IntStream.range(0, count)
        .parallel()
        .mapToLong(
            i -> {
              byte[] text = article(i, meta).getBytes(StandardCharsets.UTF_8);
              Meta m = meta[i];
              try {
                Files.write(out.resolve(Slugs.subject(m.subject())).resolve(m.slug() + ".md"), text);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write article " + m.id() + " under " + out, e);
              }
              return text.length;
            })
        .sum();
  }

  private String title(int i, String subject) {
    Dictionary.Entry w = words.get(i % words.size());
    String template = TITLES[(i / words.size() + i) % TITLES.length];
    return String.format(template, w.word(), subject); // templates with one %s ignore the subject
  }

  private String article(int i, Meta[] meta) {
    Random r = new Random(seed * 1_000_003L + i);
    Meta m = meta[i];
    Pools subject = subjects.get(i % subjects.size());
    Dictionary.Entry w = words.get(i % words.size());
    String word = capital(w.word());
    List<String> points = new ArrayList<>();
    for (int s = 0; s < Math.min(4, w.senses().size()); s++) {
      points.add("**" + word + (w.senses().size() > 1 ? ", sense " + (s + 1) : "") + "**: " + sentence(w.senses().get(s)));
    }
    List<String> keywords = new ArrayList<>(List.of(w.word(), subject.name().toLowerCase()));
    for (int k = 0; k < 2; k++) {
      Dictionary.Entry other = words.get(r.nextInt(words.size()));
      points.add("**Related term: " + other.word() + "**: " + sentence(other.senses().get(0)));
      keywords.add(other.word());
    }
    int borrowed = 2 + r.nextInt(3);
    for (int k = 0; k < borrowed; k++) {
      points.add(subject.points().get(r.nextInt(subject.points().size())));
    }
    StringBuilder answer =
        new StringBuilder(String.format(INTROS[r.nextInt(INTROS.length)], word, subject.name()));
    for (int p = 0; p < points.size(); p++) {
      answer.append("\\n\\n").append(p + 1).append(". ").append(points.get(p));
    }
    answer.append("\\n\\n").append(subject.summaries().get(r.nextInt(subject.summaries().size())));
    String description = cut(word + ": " + w.senses().get(0), 220);
    List<Meta> related = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      related.add(meta[r.nextInt(meta.length)]);
    }
    return yaml(m, LocalDate.of(2024, 1, 1).plusDays(i % 700).toString(), description, String.join(", ", keywords), answer.toString(), related);
  }

  private static String yaml(Meta m, String date, String description, String keywords, String answer, List<Meta> related) {
    StringBuilder sb = new StringBuilder(answer.length() + 2048);
    sb.append("---\n_schema: default\nid: ").append(m.id()).append("\ndate: ").append(date).append('\n');
    folded(sb, "", "title", m.title());
    folded(sb, "", "article_title", m.title());
    sb.append("date_format: MMM DD, YYYY\npost_on_text: Posted on\nseo:\n  title: QuickTakes | ").append(m.subject()).append('\n');
    sb.append("  page_description: >-\n    ").append(description).append('\n');
    sb.append("  page_keywords: >-\n    ").append(keywords).append('\n');
    sb.append("author: QuickTakes\n");
    folded(sb, "", "question", m.title());
    folded(sb, "", "answer", answer);
    sb.append("subject: ").append(m.subject()).append('\n');
    sb.append("file_name: ").append(m.slug()).append(".md\n");
    sb.append("url: ").append(m.url()).append('\n');
    sb.append("score: -1.0\n");
    for (int k = 0; k < related.size(); k++) {
      Meta rel = related.get(k);
      sb.append("related_article").append(k + 1).append(":\n    id: ").append(rel.id()).append('\n');
      folded(sb, "    ", "title", rel.title());
      sb.append("    subject: ").append(rel.subject()).append('\n');
      sb.append("    url: ").append(rel.url()).append('\n');
    }
    return sb.append("---\n\n&nbsp;").toString();
  }

  private static void folded(StringBuilder sb, String indent, String key, String value) {
    sb.append(indent).append(key).append(": >-\n").append(indent).append("    ").append(value).append('\n');
  }

  /** Answer paragraphs by subject: numbered points (number dropped) and closing summaries. */
  private static List<Pools> pools(List<Article> starter) {
    Map<String, Pools> bySubject = new TreeMap<>();
    for (Article a : starter) {
      Pools p = bySubject.computeIfAbsent(a.subject(), s -> new Pools(s, new ArrayList<>(), new ArrayList<>()));
      String[] paragraphs = a.answer().split("\n\\s*\n");
      for (int k = 1; k < paragraphs.length; k++) {
        String para = paragraphs[k].strip().replace("\n", " ").replace("\\", "");
        if (NUMBERED.matcher(para).find()) {
          p.points().add(NUMBERED.matcher(para).replaceFirst(""));
        } else if (k == paragraphs.length - 1) {
          p.summaries().add(para);
        }
      }
    }
    List<Pools> out = new ArrayList<>();
    for (Pools p : bySubject.values()) {
      if (!p.points().isEmpty() && !p.summaries().isEmpty()) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the starter articles have no numbered points and summaries to recombine");
    }
    return out;
  }

  private static String sentence(String s) {
    return s.endsWith(".") ? s : s + ".";
  }

  private static String capital(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int space = s.lastIndexOf(' ', max - 1);
    return s.substring(0, space > 0 ? space : max) + "…";
  }
}

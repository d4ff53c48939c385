package org.studybot.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Writes short dictionary-style distractor articles in the seed's format: one per entry of the
 * Free On-line Dictionary of Computing as Debian's {@code dict-foldoc} ships it (a dictd index and
 * a gzip-compatible {@code .dict.dz} under {@code /usr/share/dictd}), each "What is X?" with the
 * first sentence or two of the entry's first sense as its whole answer. Loaded beside the corpus,
 * they are thousands of short articles that share one word (often an abbreviation) with many
 * questions, on- and off-topic: the case where a single shared noun must not win.
 *
 * <p>Entries are picked by a seeded shuffle, so the same seed and count give the same files.
 * Entries that only point elsewhere ("See {X}") or whose definition is a fragment are skipped. Run
 * by hand:
 *
 * <pre>java -cp target/test-classes org.studybot.eval.DictionaryDistractors OUT_DIR [COUNT] [DICT_BASE]</pre>
 *
 * ({@code DICT_BASE} defaults to {@code /usr/share/dictd/foldoc}, read as {@code .index} and
 * {@code .dict.dz}; {@code src/test/scripts/make-dictionary-distractors.sh} wraps it.)
 */
public final class DictionaryDistractors {
  /** Where Debian's dict-foldoc puts the dictionary (add {@code .index} and {@code .dict.dz}). */
  public static final Path FOLDOC = Path.of("/usr/share/dictd/foldoc");

  /** The seed of the shuffle that picks the entries. */
  public static final long SEED = 20261203L;

  /** The subject every distractor is filed under (not one of the corpus's subjects). */
  static final String SUBJECT = "Computing Dictionary";

  /** Distractor ids start here, far above the corpus's. */
  static final int FIRST_ID = 800_000;

  /** The longest definition kept, in characters (cut at a sentence end when one is near). */
  static final int MAX_DEFINITION = 240;

  private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final Pattern TERM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 +#./'-]{0,39}");
  private static final Pattern DATE = Pattern.compile("\\(\\d{4}-\\d{2}-\\d{2}\\)");
  private static final Pattern DOMAIN = Pattern.compile("<[^<>]{1,80}>");
  private static final Pattern SENSE = Pattern.compile("(?:^|\\s)\\d{1,2}\\.\\s");
  private static final Pattern LINK = Pattern.compile("\\{([^{}]{1,80})\\}");

  /** One entry: the term as the dictionary spells it and its one-line definition. */
  public record Entry(String term, String definition) {}

  private DictionaryDistractors() {}

  /** {@code dict-foldoc}'s files are readable here. */
  public static boolean available(Path base) {
    return Files.isReadable(index(base)) && Files.isReadable(data(base));
  }

  private static Path index(Path base) {
    return base.resolveSibling(base.getFileName() + ".index");
  }

  private static Path data(Path base) {
    return base.resolveSibling(base.getFileName() + ".dict.dz");
  }

  /** Every usable entry, in index order, one per term (first spelling wins). */
  public static List<Entry> read(Path base) throws IOException {
    byte[] data;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(data(base)), 1 << 16)) {
      data = in.readAllBytes();
    }
    List<Entry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> lines = Files.readAllLines(index(base), StandardCharsets.UTF_8);
    for (int n = 0; n < lines.size(); n++) {
      String[] f = lines.get(n).split("\t");
      if (f.length != 3 || f[0].startsWith("00database")) {
        continue;
      }
      long offset = decode(f[1]);
      long length = decode(f[2]);
      if (offset < 0 || length <= 0 || offset + length > data.length) {
        throw new IOException(index(base) + ":" + (n + 1) + ": entry \"" + f[0] + "\" points at bytes " + offset
            + "+" + length + ", outside the " + data.length + " bytes of " + data(base));
      }
      Entry e = parse(new String(data, (int) offset, (int) length, StandardCharsets.UTF_8));
      if (e != null && seen.add(slug(e.term()))) {
        out.add(e);
      }
    }
    return out;
  }

  /** dictd's base-64 numbers, most significant digit first; -1 when not one. */
  public static long decode(String b64) {
    long n = 0;
    for (int i = 0; i < b64.length(); i++) {
      int d = B64.indexOf(b64.charAt(i));
      if (d < 0) {
        return -1;
      }
      n = n * 64 + d;
    }
    return n;
  }

  /**
   * One FOLDOC entry (the term on its first line, then the indented body) as a term and a
   * definition; {@code null} when it has no usable definition.
   */
  static Entry parse(String raw) {
    int nl = raw.indexOf('\n');
    if (nl <= 0) {
      return null;
    }
    String term = raw.substring(0, nl).strip();
    if (!TERM.matcher(term).matches()) {
      return null;
    }
    String body = raw.substring(nl + 1).replaceAll("\\s+", " ").strip();
    body = DATE.matcher(body).replaceAll(" ");
    // The first sense only: "1. <domain> text 2. <domain> text".
    java.util.regex.Matcher second = SENSE.matcher(body);
    if (second.find() && second.start() < 3 && second.find()) {
      body = body.substring(0, second.start());
    }
    body = SENSE.matcher(body).replaceFirst(" ");
    body = DOMAIN.matcher(body).replaceAll(" ");
    body = LINK.matcher(body).replaceAll("$1");
    // A leading "(TERM)" restates the term's abbreviation.
    body = body.replaceAll("\\s+", " ").strip().replaceFirst("^\\([^()]{1,60}\\)\\s*", "");
    // A pronunciation ("/wuhn-twen'tee/") and a source note ("[Jargon File]") are not the definition.
    body = body.replaceFirst("^/[^/]{1,60}/\\s*", "").replaceAll("\\s*\\[[^\\[\\]]{1,40}\\]", "").strip();
    String definition = firstSentences(body);
    if (definition.length() < 25 || definition.startsWith("See ") || definition.contains("{")
        || definition.contains("}")) {
      return null;
    }
    return new Entry(term, definition);
  }

  /** The opening sentences up to {@link #MAX_DEFINITION} characters, ending at a full stop. */
  static String firstSentences(String text) {
    if (text.length() <= MAX_DEFINITION) {
      return text;
    }
    int stop = text.lastIndexOf(". ", MAX_DEFINITION);
    if (stop > 40) {
      return text.substring(0, stop + 1);
    }
    int space = text.lastIndexOf(' ', MAX_DEFINITION);
    return text.substring(0, space > 40 ? space : MAX_DEFINITION) + "…";
  }

  /**
   * Writes {@code count} distractors picked from {@code entries} by a shuffle seeded with {@code
   * seed}, one file each under {@code out/computing-dictionary/}.
   *
   * @return how many were written (fewer when the dictionary has fewer usable entries)
   */
  public static int write(List<Entry> entries, int count, long seed, Path out) throws IOException {
    List<Entry> picked = new ArrayList<>(entries);
    Collections.shuffle(picked, new Random(seed));
    picked = picked.subList(0, Math.min(count, picked.size()));
    String subjectSlug = slug(SUBJECT);
    Path dir = out.resolve(subjectSlug);
    Files.createDirectories(dir);
    for (int i = 0; i < picked.size(); i++) {
      Entry e = picked.get(i);
      String title = "What is " + e.term() + "?";
      String slug = "what-is-" + slug(e.term());
      String file = slug + ".md";
      String text =
          "---\n"
              + "_schema: default\n"
              + "id: " + (FIRST_ID + i) + "\n"
              + "date: 2025-02-01\n"
              + "title: >-\n    " + title + "\n"
              + "article_title: >-\n    " + title + "\n"
              + "date_format: MMM DD, YYYY\n"
              + "post_on_text: Posted on\n"
              + "seo:\n"
              + "  title: QuickTakes | " + SUBJECT + "\n"
              + "  page_description: >-\n    " + e.definition() + "\n"
              + "  page_keywords: >-\n    " + e.term() + "\n"
              + "author: QuickTakes\n"
              + "question: >-\n    " + title + "\n"
              + "answer: >-\n    " + e.definition() + "\n"
              + "subject: " + SUBJECT + "\n"
              + "file_name: " + file + "\n"
              + "url: /learn/" + subjectSlug + "/questions/" + slug + "\n"
              + "score: -1.0\n"
              + "---\n\n&nbsp;\n";
      Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }
    return picked.size();
  }

  /** Lower-case letters and digits, runs of anything else as one hyphen. */
  static String slug(String s) {
    String t = s.toLowerCase(Locale.ROOT).replace("+", "plus").replace("#", "sharp");
    return t.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  /** {@code OUT_DIR [COUNT] [DICT_BASE]}: writes the distractors and says how many. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: DictionaryDistractors OUT_DIR [COUNT (5000)] [DICT_BASE (" + FOLDOC + ")]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    Path base = args.length > 2 ? Path.of(args[2]) : FOLDOC;
    if (!available(base)) {
      System.err.println(base + ".index / .dict.dz not found: apt-get install dict-foldoc");
      System.exit(1);
    }
    List<Entry> entries = read(base);
    int n = write(entries, count, SEED, Path.of(args[0]));
    System.out.println("wrote " + n + " distractors (of " + entries.size() + " usable entries) under " + args[0]);
  }
}

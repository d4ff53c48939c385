package org.studybot.answer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.reply.ArticleRef;
import org.studybot.search.CorpusIndex;

/**
 * Subjects as people type them and browsing by them, behind {@link Answerer#study} (the shell's
 * and Slack's {@code /study}): finding a subject by name, slug or shorthand ({@link #subject}),
 * "did you mean" suggestions, the subjects with their
 * counts, a subject's articles a page at a time, and splitting {@code /study Education Studies
 * what is bloom's taxonomy} into a subject and a question. Thread-safe.
 */
public final class Catalog {
  private final BotConfig config;
  private final Library library;

  Catalog(BotConfig config, Library library) {
    this.config = config;
    this.library = library;
  }

  /**
   * The arguments of {@code /study}, split. {@code subject} is empty when the text names no known
   * subject; then {@code asked} is the first word (to say "did you mean") and {@code question} the rest.
   */
  public record Split(Optional<CorpusIndex.Subject> subject, String asked, String question) {}

  /** One page of a subject's articles, title order. */
  public record Page(CorpusIndex.Subject subject, List<ArticleRef> articles, int page, int pages) {}

  /** The subjects, by name. */
  public List<CorpusIndex.Subject> subjects() {
    return library.current().subjects().values().stream()
        .sorted(Comparator.comparing(CorpusIndex.Subject::name, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  /**
   * Splits {@code text} into the longest leading run of words that names a subject (by name or
   * slug, any case) and the rest.
   */
  public Split split(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return new Split(Optional.empty(), "", "");
    }
    String[] words = t.split("\\s+");
    CorpusIndex index = library.current();
    // Exact names and slugs first; then shorthand, which must not swallow the question: the
    // subject lookup also finds a name inside longer text ("education studies what is ...").
    for (boolean exact : new boolean[] {true, false}) {
      for (int n = Math.min(words.length, 5); n >= 1; n--) {
        String candidate = String.join(" ", Arrays.copyOfRange(words, 0, n));
        int typed = n;
        Optional<CorpusIndex.Subject> s =
            exact
                ? Optional.ofNullable(index.subjects().get(org.studybot.content.Slugs.subject(candidate)))
                : subject(index, candidate).filter(x -> typed <= x.key().split("-").length + 1);
        if (s.isPresent()) {
          return new Split(s, candidate, String.join(" ", Arrays.copyOfRange(words, n, words.length)));
        }
      }
    }
    return new Split(Optional.empty(), words[0], String.join(" ", Arrays.copyOfRange(words, 1, words.length)));
  }

  /** Page {@code page} (from 1) of a subject's articles, {@code size} a page. */
  public Page page(CorpusIndex.Subject subject, int page, int size) {
    CorpusIndex index = library.current();
    List<ArticleRef> all = new ArrayList<>();
    for (Article a : index.articles()) {
      if (a.subjectKey().equals(subject.key())) {
        all.add(Refs.of(config, a, 0));
      }
    }
    all.sort(Comparator.comparing(ArticleRef::title, String.CASE_INSENSITIVE_ORDER));
    int pages = Math.max(1, (all.size() + size - 1) / size);
    int p = Math.max(1, Math.min(page, pages));
    return new Page(subject, all.subList((p - 1) * size, Math.min(all.size(), p * size)), p, pages);
  }

  /** Page {@code page} of the subject named {@code subject} (name or slug), or empty if there is none. */
  public Optional<Page> page(String subject, int page, int size) {
    return subject(library.current(), subject).map(s -> page(s, page, size));
  }

  /** Subject names close to {@code asked}, for "did you mean". */
  public List<String> suggest(String asked) {
    return suggest(asked, library.current());
  }

  /**
   * The subject a user named: by name or slug in any case ({@code Computer Science}, {@code
   * computer-science}); else by shorthand, when exactly one subject fits: its words' beginnings
   * ({@code comp sci}, {@code cs}, {@code math}, {@code bio}), or its name inside what was typed
   * ({@code social psychology}).
   */
  public static Optional<CorpusIndex.Subject> subject(CorpusIndex index, String typed) {
    String key = org.studybot.content.Slugs.subject(typed);
    CorpusIndex.Subject exact = index.subjects().get(key);
    if (exact != null || key.isEmpty()) {
      return Optional.ofNullable(exact);
    }
    String[] words = key.split("-");
    Optional<CorpusIndex.Subject> byPrefix = unique(index, s -> prefixes(words, s.key().split("-")));
    if (byPrefix.isPresent()) {
      return byPrefix;
    }
    if (words.length == 1 && words[0].length() <= 4) {
      // "cs": the initials of "computer science"
      String[] letters = words[0].split("");
      Optional<CorpusIndex.Subject> byInitials = unique(index, s -> prefixes(letters, s.key().split("-")));
      if (byInitials.isPresent()) {
        return byInitials;
      }
    }
    String padded = "-" + key + "-";
    return unique(index, s -> padded.contains("-" + s.key() + "-"));
  }

  private static Optional<CorpusIndex.Subject> unique(
      CorpusIndex index, java.util.function.Predicate<CorpusIndex.Subject> test) {
    List<CorpusIndex.Subject> found = index.subjects().values().stream().filter(test).limit(2).toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /** Whether each typed word begins the subject word in the same place. */
  private static boolean prefixes(String[] typed, String[] subjectWords) {
    if (typed.length != subjectWords.length) {
      return false;
    }
    for (int i = 0; i < typed.length; i++) {
      if (typed[i].isEmpty() || !subjectWords[i].startsWith(typed[i])) {
        return false;
      }
    }
    return true;
  }

  /** Up to three subject names closest to what was typed (prefix, then spelling distance). */
  static List<String> suggest(String asked, CorpusIndex index) {
    String key = org.studybot.content.Slugs.subject(asked);
    return index.subjects().values().stream()
        .map(s -> new Object() {
              final CorpusIndex.Subject subject = s;
              final int distance =
                  s.key().startsWith(key) || key.startsWith(s.key()) ? 0 : editDistance(key, s.key());
            })
        .filter(o -> o.distance <= Math.max(2, key.length() / 3))
        .sorted(Comparator.comparingInt(o -> o.distance))
        .limit(3)
        .map(o -> o.subject.name())
        .toList();
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

}

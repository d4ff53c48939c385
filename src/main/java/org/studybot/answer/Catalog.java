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
 * Browsing by subject, behind {@link Answerer#study} (the shell's and Slack's {@code /study}): the subjects with their
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
                : index.subject(candidate).filter(x -> typed <= x.key().split("-").length + 1);
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
    return library.current().subject(subject).map(s -> page(s, page, size));
  }

  /** Subject names close to {@code asked}, for "did you mean". */
  public List<String> suggest(String asked) {
    return Answerer.suggestSubjects(asked, library.current());
  }
}

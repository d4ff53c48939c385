package org.studybot.content;

import java.time.Duration;
import java.util.List;

/**
 * What one load of a content directory produced. Immutable and thread-safe.
 *
 * @param articles the good articles, in path order, ids unique; includes the stale ones
 * @param problems every problem found, in path order
 * @param files how many article files were looked at
 * @param elapsed how long the load took
 * @param stale articles whose file no longer parses and that are served from their last good
 *     version until it is fixed (each also in {@code articles}; the file's problems are in
 *     {@code problems})
 */
public record LoadResult(
    List<Article> articles, List<Problem> problems, int files, Duration elapsed, List<Article> stale) {

  public LoadResult {
    articles = List.copyOf(articles);
    problems = List.copyOf(problems);
    stale = List.copyOf(stale);
  }

  /** A result with nothing stale. */
  public LoadResult(List<Article> articles, List<Problem> problems, int files, Duration elapsed) {
    this(articles, problems, files, elapsed, List.of());
  }

  /** Files that did not become an article. */
  public int skipped() {
    return files - articles.size();
  }

  /**
   * {@code loaded 812 articles from 815 files, 3 skipped (4 problems), 1 stale in 1.2 s}: a stale
   * article is served from its last good version (see {@link #stale}).
   */
  public String summary() {
    StringBuilder sb =
        new StringBuilder("loaded ")
            .append(articles.size())
            .append(articles.size() == 1 ? " article" : " articles")
            .append(" from ")
            .append(files)
            .append(files == 1 ? " file, " : " files, ")
            .append(skipped())
            .append(" skipped");
    if (problems.size() > 0) {
      sb.append(" (").append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    }
    if (!stale.isEmpty()) {
      sb.append(", ").append(stale.size()).append(" stale");
    }
    return sb.append(String.format(" in %.1f s", elapsed.toMillis() / 1000.0)).toString();
  }

  /**
   * One line per stale article: {@code content/x.md: broken, still serving its last good version
   * (id 166719, "What is osmosis?") until it is fixed}.
   */
  public List<String> staleNotes() {
    return stale.stream()
        .map(a -> a.source() + ": broken, still serving its last good version (id " + a.id() + ", \"" + a.title()
            + "\") until it is fixed")
        .toList();
  }
}

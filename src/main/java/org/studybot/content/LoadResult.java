package org.studybot.content;

import java.time.Duration;
import java.util.List;

/**
 * What one load of a content directory produced. Immutable and thread-safe.
 *
 * @param articles the good articles, in path order, ids unique
 * @param problems every problem found, in path order
 * @param files how many article files were looked at
 * @param elapsed how long the load took
 */
public record LoadResult(List<Article> articles, List<Problem> problems, int files, Duration elapsed) {

  public LoadResult {
    articles = List.copyOf(articles);
    problems = List.copyOf(problems);
  }

  /** Files that did not become an article. */
  public int skipped() {
    return files - articles.size();
  }

  /** {@code loaded 812 articles from 815 files, 3 skipped (4 problems) in 1.2 s}. */
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
    return sb.append(String.format(" in %.1f s", elapsed.toMillis() / 1000.0)).toString();
  }
}

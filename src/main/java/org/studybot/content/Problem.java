package org.studybot.content;

import java.util.Objects;

/**
 * One thing wrong with the content: which file, which field (or {@code null} for the whole file),
 * the line when known, and what was expected. Immutable and thread-safe.
 *
 * @param source the file, as given to the loader (relative to the content directory's parent when
 *     possible)
 * @param field the front-matter field, dotted ({@code related_article2.id}), or {@code null}
 * @param line the 1-based line in the file, or 0 when unknown
 * @param message what is wrong and what was expected
 */
public record Problem(String source, String field, int line, String message) {

  public Problem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
  }

  /** A problem with the file as a whole. */
  public static Problem ofFile(String source, String message) {
    return new Problem(source, null, 0, message);
  }

  /** A problem with one field. */
  public static Problem ofField(String source, String field, String message) {
    return new Problem(source, field, 0, message);
  }

  /**
   * Renders {@code content/x.md: related_article2.id: "abc" is not a number}, or with the line
   * where one is known (broken YAML, unclosed front matter): {@code content/x.md:12: invalid YAML: ...}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}

package org.studybot.answer;

/**
 * A message to answer. Immutable and thread-safe.
 *
 * @param text what the student typed
 * @param subject the subject to search within (a name or slug, any case), or {@code null}
 * @param limit how many ranked results the reply carries (at least the alternatives shown)
 */
public record Question(String text, String subject, int limit) {
  /** The default number of ranked results. */
  public static final int DEFAULT_LIMIT = 5;

  public Question {
    text = text == null ? "" : text;
    subject = subject == null || subject.isBlank() ? null : subject.strip();
    limit = Math.max(1, Math.min(limit, 100));
  }

  /** A question over all subjects with the default limit. */
  public static Question of(String text) {
    return new Question(text, null, DEFAULT_LIMIT);
  }
}

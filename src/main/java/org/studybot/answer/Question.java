package org.studybot.answer;

/**
 * A message to answer. Immutable and thread-safe.
 *
 * @param text what the student typed
 * @param subject the subject to search within (a name or slug, any case), or {@code null}
 * @param limit how many ranked results the reply carries (at least the alternatives shown)
 * @param frontEnd where the message came from, for {@link AnswerEvent}s ({@value #CLI} unless set)
 */
public record Question(String text, String subject, int limit, String frontEnd) {
  /** The default number of ranked results. */
  public static final int DEFAULT_LIMIT = 5;
  /** The command line ({@code ask}, {@code query}) and code that says nothing else. */
  public static final String CLI = "cli";
  /** The terminal shell. */
  public static final String SHELL = "shell";

  public Question {
    text = text == null ? "" : text;
    subject = subject == null || subject.isBlank() ? null : subject.strip();
    limit = Math.max(1, Math.min(limit, 100));
    frontEnd = frontEnd == null || frontEnd.isBlank() ? CLI : frontEnd;
  }

  /** A question from the command line. */
  public Question(String text, String subject, int limit) {
    this(text, subject, limit, CLI);
  }

  /** A question over all subjects with the default limit. */
  public static Question of(String text) {
    return new Question(text, null, DEFAULT_LIMIT);
  }

  /** This question, as come from {@code frontEnd}. */
  public Question from(String frontEnd) {
    return new Question(text, subject, limit, frontEnd);
  }
}

package org.studybot.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a feedback log. Immutable and thread-safe.
 *
 * @param time when it happened
 * @param kind what happened
 * @param question the question as the bot understood it
 * @param subject the subject it was about (the one asked for, else the best article's), or {@code ""}
 * @param article the article id it concerns, or {@code ""}
 */
public record Entry(Instant time, Kind kind, String question, String subject, String article) {

  /** What an entry records. */
  public enum Kind {
    /** The bot found nothing that answers the question. */
    NONE,
    /** The bot offered its closest guesses. */
    UNSURE,
    /** A student marked an answer as helpful. */
    UP,
    /** A student marked an answer as not helpful. */
    DOWN;

    /** Whether this kind marks a question the content does not answer well. */
    public boolean isGap() {
      return this != UP;
    }
  }

  public Entry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    question = question == null ? "" : question;
    subject = subject == null ? "" : subject;
    article = article == null ? "" : article;
  }
}

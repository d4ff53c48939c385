package org.studybot.answer;

import java.util.Objects;
import org.studybot.reply.Intent;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;

/**
 * What happened to one message {@link Answerer#answer} handled, told to every {@link
 * AnswerListener}. Immutable and thread-safe.
 *
 * @param question the question as the bot understood it (cleaned of markup, cut to the limit)
 * @param subject the subject asked for, else the best article's, else {@code ""}
 * @param frontEnd where it came from ({@link Question#frontEnd()}: {@code shell}, {@code
 *     slack-mention}, {@code slack-dm}, {@code slack-ask}, {@code slack-study}, {@code cli}, ...)
 * @param intent a study question or chat
 * @param status answered, unsure or none
 * @param confidence the calibrated confidence of the best match, in [0,1] (0 for chat)
 * @param articleId the best article's id, or {@code ""}
 * @param latencyNanos time spent answering, on the answerer's ticker
 * @param cached whether the reply came from the reply cache
 */
public record AnswerEvent(
    String question,
    String subject,
    String frontEnd,
    Intent intent,
    Status status,
    double confidence,
    String articleId,
    long latencyNanos,
    boolean cached) {

  public AnswerEvent {
    question = Objects.requireNonNullElse(question, "");
    subject = Objects.requireNonNullElse(subject, "");
    frontEnd = Objects.requireNonNullElse(frontEnd, "");
    articleId = Objects.requireNonNullElse(articleId, "");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(status, "status");
  }

  /** The event of {@code reply}, given to a question from {@code frontEnd}. */
  static AnswerEvent of(Reply reply, String frontEnd, long latencyNanos, boolean cached) {
    String subject =
        reply.subject() != null ? reply.subject() : reply.article() != null ? reply.article().subject() : "";
    return new AnswerEvent(
        reply.question(), subject, frontEnd, reply.intent(), reply.status(), reply.confidence(),
        reply.article() == null ? "" : reply.article().id(), latencyNanos, cached);
  }

  /** Whether this was a study question the bot could not answer confidently (a content gap). */
  public boolean unanswered() {
    return intent == Intent.QUESTION && status != Status.ANSWERED;
  }
}

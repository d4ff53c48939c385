package org.studybot.reply;

import java.util.List;
import java.util.Objects;
import org.studybot.content.AnswerText;

/**
 * One reply to one message, shared by every front end. Immutable and thread-safe.
 *
 * @param status how sure the bot is
 * @param intent what kind of message it answered
 * @param question the question as understood (markup removed)
 * @param subject the subject it was limited to (its display name), or {@code null}
 * @param confidence calibrated confidence in [0,1] that {@link #article} answers the question
 * @param article the answer when {@link Status#ANSWERED}; the best guess when {@link
 *     Status#UNSURE}; else {@code null}
 * @param summary a short summary of {@link #article}, or {@code ""}
 * @param answer the article's full answer as styled paragraphs (empty when there is no article)
 * @param related the article's related articles, resolved against the corpus, never the article
 *     itself, one per id
 * @param alternatives when unsure, the closest few articles, best first
 * @param results the ranked matches (for tooling), best first
 * @param message a sentence for the user when there is no article to show (chat, nothing found,
 *     unknown subject), else {@code ""}
 * @param suggestions subject names offered when the subject asked for is unknown
 * @param corpusVersion the corpus the reply was made from
 */
public record Reply(
    Status status,
    Intent intent,
    String question,
    String subject,
    double confidence,
    ArticleRef article,
    String summary,
    AnswerText answer,
    List<ArticleRef> related,
    List<ArticleRef> alternatives,
    List<ArticleRef> results,
    String message,
    List<String> suggestions,
    long corpusVersion) {

  public Reply {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(intent, "intent");
    question = question == null ? "" : question;
    summary = summary == null ? "" : summary;
    answer = answer == null ? new AnswerText(List.of()) : answer;
    related = List.copyOf(related);
    alternatives = List.copyOf(alternatives);
    results = List.copyOf(results);
    message = message == null ? "" : message;
    suggestions = List.copyOf(suggestions);
  }

  /** A reply with no article: chat, nothing found, or an unknown subject. */
  public static Reply message(
      Status status, Intent intent, String question, String subject, String message, List<String> suggestions,
      List<ArticleRef> results, double confidence, long corpusVersion) {
    return new Reply(
        status, intent, question, subject, confidence, null, "", null, List.of(), List.of(), results, message,
        suggestions, corpusVersion);
  }
}

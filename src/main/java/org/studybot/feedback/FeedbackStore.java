package org.studybot.feedback;

import java.util.List;

/**
 * Where what students tell the bot is kept: the questions it could not answer well and the votes
 * on its answers, and the {@code gaps} report over them. {@link FeedbackLog} keeps them in JSON-lines
 * files; a database store implements the same calls (votes as one row per voter per answer, gaps as
 * one aggregate query). Implementations are thread-safe, stamp entries with their own clock, and
 * never throw from the recording calls (a lost log line must never fail a reply).
 */
public interface FeedbackStore {

  /**
   * A question answered {@code none} or {@code unsure}. Immutable.
   *
   * @param unsure true when the bot offered guesses, false when it found nothing
   * @param question the question as the bot understood it
   * @param subject the subject asked for, else the best article's, else {@code ""}
   * @param article the best article's id, or {@code ""}
   */
  record Unanswered(boolean unsure, String question, String subject, String article) {}

  /**
   * One student's vote on one answer. Immutable.
   *
   * @param voter who voted (a Slack user id); a store that keeps voters keeps one vote per voter
   *     per answer, a second replacing the first. {@link FeedbackLog} keeps no identities.
   * @param up thumbs-up (true) or down
   * @param question the question the answer was for
   * @param subject the article's subject, else the subject asked for, else {@code ""}
   * @param article the article voted on, or {@code ""}
   */
  record Vote(String voter, boolean up, String question, String subject, String article) {}

  /** Votes recorded so far. Immutable. */
  record Votes(long up, long down) {}

  /** Records a question the content does not answer well. */
  void unanswered(Unanswered question);

  /** Records a vote; a thumbs-down also marks the question as a gap. */
  void vote(Vote vote);

  /** Votes so far. */
  Votes votes();

  /**
   * The most frequent unanswered questions (none, unsure or thumbs-down) by subject: subjects by
   * how many entries they have, each with up to {@code perSubject} questions, most frequent first;
   * questions grouped by their lower-cased words.
   */
  List<Gap.Subject> gaps(int subjects, int perSubject);
}

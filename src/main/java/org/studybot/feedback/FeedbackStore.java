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
   * @param team the Slack workspace that asked ({@code ""}: none, e.g. the shell)
   */
  record Unanswered(boolean unsure, String question, String subject, String article, String team) {
    public Unanswered {
      team = team == null ? "" : team;
    }

    /** A question from no workspace in particular. */
    public Unanswered(boolean unsure, String question, String subject, String article) {
      this(unsure, question, subject, article, "");
    }
  }

  /**
   * One student's vote on one answer. Immutable.
   *
   * @param voter who voted (a Slack user id); stores keep one vote per voter per answer, a second
   *     replacing the first, and keep no identity in the clear ({@link FeedbackLog} writes a
   *     one-way key of voter and answer)
   * @param answer which answer: the same id for every click on the same message (Slack: its
   *     channel and timestamp)
   * @param up thumbs-up (true) or down
   * @param question the question the answer was for
   * @param subject the article's subject, else the subject asked for, else {@code ""}
   * @param article the article voted on, or {@code ""}
   * @param team the voter's Slack workspace ({@code ""}: none)
   */
  record Vote(String voter, String answer, boolean up, String question, String subject, String article, String team) {
    public Vote {
      team = team == null ? "" : team;
    }

    /** A vote from no workspace in particular. */
    public Vote(String voter, String answer, boolean up, String question, String subject, String article) {
      this(voter, answer, up, question, subject, article, "");
    }
  }

  /** What a vote did, so the front end can say so. */
  enum VoteOutcome {
    /** The voter's first vote on this answer. */
    NEW,
    /** The voter had voted the other way on this answer; the vote now counts this way. */
    CHANGED,
    /** The same vote again: nothing changed. */
    UNCHANGED
  }

  /** Votes recorded so far. Immutable. */
  record Votes(long up, long down) {}

  /** Records a question the content does not answer well. */
  void unanswered(Unanswered question);

  /**
   * Records a vote, one per voter per answer (a second click changes it); a thumbs-down also
   * marks the question as a gap, and stops doing so when changed to a thumbs-up.
   */
  VoteOutcome vote(Vote vote);

  /** Votes so far. */
  Votes votes();

  /**
   * What this store holds in memory because it could not write it yet (and what it dropped), for
   * the admins' stats; empty when there is nothing to say.
   */
  default String held() {
    return "";
  }

  /**
   * The most frequent unanswered questions (none, unsure or thumbs-down) by subject: subjects by
   * how many entries they have, each with up to {@code perSubject} questions, most frequent first;
   * questions grouped by their lower-cased words.
   */
  List<Gap.Subject> gaps(int subjects, int perSubject);

  /**
   * As {@link #gaps(int, int)}, only the entries of workspace {@code team} ({@code null}: every
   * workspace). A store that keeps no workspace (the JSON-lines files of one process, one
   * workspace) reports all it has.
   */
  default List<Gap.Subject> gaps(String team, int subjects, int perSubject) {
    return gaps(subjects, perSubject);
  }
}

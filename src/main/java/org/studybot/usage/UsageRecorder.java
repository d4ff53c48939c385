package org.studybot.usage;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.studybot.answer.AnswerEvent;
import org.studybot.answer.AnswerListener;
import org.studybot.feedback.FeedbackStore.VoteOutcome;
import org.studybot.reply.Intent;

/**
 * Counts what the bot answers and how students vote into {@link UsageCounts}, per workspace and
 * day: installed on the answerer by the wiring ({@code serve}, the shell), told about votes by the
 * front end that records them. The workspace is asked of {@code team} on the answering thread (the
 * Slack front end knows whose request it is working on; the shell says {@code ""}). Counting is in
 * memory ({@link UsageCounts#add}), so the hot path never writes to the database. Thread-safe.
 */
public final class UsageRecorder implements AnswerListener {
  /** Messages by outcome: {@code answered}, {@code unsure}, {@code none} (study questions) or {@code chat}. */
  public static final String STATUS = "status";
  /** Study questions answered {@code unsure} or {@code none}, by subject ({@code ""}: none named or found). */
  public static final String UNANSWERED = "unanswered";
  /** Replies served from the reply cache: item {@code hit}. */
  public static final String CACHE = "cache";
  /** Votes: {@code up} or {@code down}. */
  public static final String VOTE = "vote";

  private final UsageCounts counts;
  private final Supplier<String> team;

  /**
   * @param team the workspace of the message being answered, read on the answering thread ({@code
   *     null} or blank: {@code ""})
   */
  public UsageRecorder(UsageCounts counts, Supplier<String> team) {
    this.counts = Objects.requireNonNull(counts, "counts");
    this.team = Objects.requireNonNull(team, "team");
  }

  @Override
  public void answered(AnswerEvent e) {
    String t = team();
    if (e.intent() != Intent.QUESTION) {
      counts.add(t, STATUS, "chat", 1);
      return;
    }
    counts.add(t, STATUS, e.status().name().toLowerCase(Locale.ROOT), 1);
    if (e.unanswered()) {
      counts.add(t, UNANSWERED, e.subject(), 1);
    }
    if (e.cached()) {
      counts.add(t, CACHE, "hit", 1);
    }
  }

  /**
   * Counts a vote as the feedback store took it: a new vote adds one to its side, a changed vote
   * moves one from the other side, the same vote again counts nothing.
   */
  public void voted(boolean up, VoteOutcome outcome) {
    if (outcome == VoteOutcome.UNCHANGED) {
      return;
    }
    String t = team();
    counts.add(t, VOTE, up ? "up" : "down", 1);
    if (outcome == VoteOutcome.CHANGED) {
      counts.add(t, VOTE, up ? "down" : "up", -1);
    }
  }

  private String team() {
    String t = team.get();
    return t == null || t.isBlank() ? "" : t;
  }
}

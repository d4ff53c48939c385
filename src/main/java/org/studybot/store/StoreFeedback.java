package org.studybot.store;

import java.util.List;
import java.util.function.Consumer;
import org.studybot.feedback.FeedbackStore;
import org.studybot.feedback.Gap;

/**
 * {@link FeedbackStore} on the {@link Store}: votes and unanswered questions shared by every
 * replica, one vote per voter per answer (an answer being an article given for a question), and
 * gaps as one aggregate query. The recording calls never throw: a store failure is logged and the
 * reply goes out anyway. Thread-safe.
 */
public final class StoreFeedback implements FeedbackStore {
  private final Feedback feedback;
  private final String frontEnd;
  private final Consumer<String> log;

  /**
   * @param frontEnd recorded with each row ({@code slack}, {@code shell})
   * @param log told when a write fails
   */
  public StoreFeedback(Store store, String frontEnd, Consumer<String> log) {
    this.feedback = store.feedback();
    this.frontEnd = frontEnd;
    this.log = log;
  }

  @Override
  public void unanswered(Unanswered q) {
    try {
      feedback.unanswered(q.unsure() ? "unsure" : "none", q.question(), q.subject(), q.article(), frontEnd, q.team());
    } catch (RuntimeException e) {
      if (!StoreException.reported(e)) {
        log.accept("could not record an unanswered question in the store: " + e.getMessage());
      }
    }
  }

  /** Records the vote; on a store failure logs it and reports the vote as made, as the port asks. */
  @Override
  public VoteOutcome vote(Vote v) {
    try {
      String answer = v.answer() == null || v.answer().isBlank() ? v.article() + ":" + Feedback.key(v.question()) : v.answer();
      // The voter's hash leaves the team out, as it always has, so votes cast before workspaces
      // were recorded are still recognised (Slack's user ids are unique across workspaces).
      return feedback.vote(
          answer.length() > 255 ? answer.substring(0, 255) : answer,
          Feedback.voter("", v.voter()), v.up(), v.question(), v.subject(), v.article(), frontEnd, v.team());
    } catch (RuntimeException e) {
      if (!StoreException.reported(e)) {
        log.accept("could not record a vote in the store: " + e.getMessage());
      }
      return VoteOutcome.NEW;
    }
  }

  @Override
  public Votes votes() {
    Feedback.Tally t = feedback.tally();
    return new Votes(t.up(), t.down());
  }

  @Override
  public List<Gap.Subject> gaps(int subjects, int perSubject) {
    return feedback.gaps(subjects, perSubject);
  }

  @Override
  public List<Gap.Subject> gaps(String team, int subjects, int perSubject) {
    return feedback.gaps(team, subjects, perSubject);
  }
}

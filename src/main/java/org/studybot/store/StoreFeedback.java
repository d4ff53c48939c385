package org.studybot.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.studybot.feedback.FeedbackStore;
import org.studybot.feedback.Gap;

/**
 * {@link FeedbackStore} on the {@link Store}: votes and unanswered questions shared by every
 * replica, one vote per voter per answer (an answer being an article given for a question), and
 * gaps as one aggregate query. The recording calls never throw: a store failure is logged and the
 * reply goes out anyway.
 *
 * <p>While the store cannot write (a full disk, an I/O error, a lost connection), what a student
 * did is not lost: votes and unanswered questions are {@linkplain Held held in memory} (up to
 * {@value #CAPACITY} of each; more are dropped, counted and logged once) and written, in the order
 * they happened and with the time they happened, once the store writes again. Thread-safe.
 */
public final class StoreFeedback implements FeedbackStore {
  /** The most votes, and the most unanswered questions, held in memory while the store cannot write. */
  public static final int CAPACITY = 5_000;

  private record HeldVote(Vote vote, Instant at) {}

  private record HeldQuestion(Unanswered question, Instant at) {}

  private final Feedback feedback;
  private final Store store;
  private final String frontEnd;
  private final Consumer<String> log;
  private final Held<HeldVote> votes;
  private final Held<HeldQuestion> questions;

  /**
   * @param frontEnd recorded with each row ({@code slack}, {@code shell})
   * @param log told when a write fails
   */
  public StoreFeedback(Store store, String frontEnd, Consumer<String> log) {
    this(store, frontEnd, CAPACITY, log);
  }

  /** As above, holding at most {@code capacity} of each while the store cannot write. */
  public StoreFeedback(Store store, String frontEnd, int capacity, Consumer<String> log) {
    this.store = store;
    this.feedback = store.feedback();
    this.frontEnd = frontEnd;
    this.log = log;
    this.votes = store.keepWriting(new Held<>("votes", capacity, h -> write(h.vote(), h.at()),
        StoreException::unavailable, log));
    this.questions = store.keepWriting(new Held<>("unanswered questions", capacity, h -> write(h.question(), h.at()),
        StoreException::unavailable, log));
  }

  @Override
  public void unanswered(Unanswered q) {
    try {
      questions.write(new HeldQuestion(q, store.clock().instant()));
    } catch (RuntimeException e) {
      log.accept("could not record an unanswered question in the store: " + e.getMessage());
    }
  }

  /**
   * Records the vote; while the store cannot write, holds it (see above) and reports it as made, as
   * the port asks.
   */
  @Override
  public VoteOutcome vote(Vote v) {
    Instant at = store.clock().instant();
    if (votes.size() > 0 && store.writeFailure().isEmpty()) {
      votes.flush(); // the store writes again: the earlier votes first, then this one, told as it is
    }
    if (votes.size() == 0) {
      try {
        return write(v, at);
      } catch (StoreException e) {
        if (!e.unavailable()) {
          log.accept("could not record a vote in the store: " + e.getMessage());
          return VoteOutcome.NEW;
        }
        if (!e.reported()) {
          log.accept("could not record a vote in the store (held, written when it writes again): " + e.getMessage());
        }
      } catch (RuntimeException e) {
        log.accept("could not record a vote in the store: " + e.getMessage());
        return VoteOutcome.NEW;
      }
    }
    // The store cannot write now, or earlier votes wait: held (after them), written when it can.
    votes.hold(new HeldVote(v, at));
    return VoteOutcome.NEW;
  }

  private VoteOutcome write(Vote v, Instant at) {
    String answer = v.answer() == null || v.answer().isBlank() ? v.article() + ":" + Feedback.key(v.question()) : v.answer();
    // The voter's hash leaves the team out, as it always has, so votes cast before workspaces
    // were recorded are still recognised (Slack's user ids are unique across workspaces).
    return feedback.vote(
        answer.length() > 255 ? answer.substring(0, 255) : answer,
        Feedback.voter("", v.voter()), v.up(), v.question(), v.subject(), v.article(), frontEnd, v.team(), at);
  }

  private void write(Unanswered q, Instant at) {
    feedback.unanswered(q.unsure() ? "unsure" : "none", q.question(), q.subject(), q.article(), frontEnd, q.team(), at);
  }

  /** Votes held in memory now, waiting for the store to write again. */
  public int heldVotes() {
    return votes.size();
  }

  /** Unanswered questions held in memory now, waiting for the store to write again. */
  public int heldQuestions() {
    return questions.size();
  }

  /** Votes dropped: no room to hold them, or refused by the store for good. */
  public long droppedVotes() {
    return votes.dropped();
  }

  /** Unanswered questions dropped: no room to hold them, or refused by the store for good. */
  public long droppedQuestions() {
    return questions.dropped();
  }

  @Override
  public String held() {
    if (votes.size() + questions.size() == 0 && votes.dropped() + questions.dropped() == 0) {
      return "";
    }
    return votes.size() + " votes and " + questions.size() + " unanswered questions held in memory until the store"
        + " writes again (" + (votes.dropped() + questions.dropped()) + " dropped for want of room)";
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

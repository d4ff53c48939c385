package org.studybot.intake;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.studybot.store.WorkItem;

/**
 * Delivers the answer to one piece of acknowledged work: the front end that accepted it (Slack)
 * implements this for each kind it enqueues. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Handler {
  /**
   * Answers {@code job} and completes when the answer is delivered or cannot be. Never throws: a
   * failure is a {@link Result}. May work out the answer at once, but must call {@link
   * Job#awaitRecorded()} before anything leaves the process (a Web API call, a store write of its
   * own) and deliver nothing when it says false.
   */
  CompletableFuture<Result> run(Job job);

  /**
   * One delivery to make. Immutable.
   *
   * @param item the work as the queue holds it ({@link WorkItem#attempts()} above 1: tried before)
   * @param waited how long ago it was acknowledged
   * @param late whether the answer comes so late that it should say so
   * @param lastAttempt whether no further attempt follows if this one fails: then tell the student
   *     rather than leave them waiting
   * @param recorded completes when the item's commit in the store does (a new request is handed
   *     over while its commit is still waiting for the disk, so its answer is worked out
   *     meanwhile); done already for work taken from the store
   */
  record Job(WorkItem item, Duration waited, boolean late, boolean lastAttempt, Future<?> recorded) {
    /** A job whose item is already recorded. */
    public Job(WorkItem item, Duration waited, boolean late, boolean lastAttempt) {
      this(item, waited, late, lastAttempt, CompletableFuture.completedFuture(null));
    }

    /**
     * Waits until the item is recorded in the store: true once it is; false when the store could
     * not record it, and then the request was not acknowledged and nothing may be delivered for it
     * (Slack sends it again).
     */
    public boolean awaitRecorded() {
      try {
        recorded.get();
        return true;
      } catch (ExecutionException | CancellationException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * How a delivery ended. Immutable.
   *
   * @param outcome what happened
   * @param reason Slack's error or the exception's name when it did not succeed, else empty
   */
  record Result(Outcome outcome, String reason) {
    public static final Result DELIVERED = new Result(Outcome.DELIVERED, "");

    public static Result retry(String reason) {
      return new Result(Outcome.RETRY, reason);
    }

    public static Result failed(String reason) {
      return new Result(Outcome.FAILED, reason);
    }
  }

  /** What became of a delivery. */
  enum Outcome {
    /** The answer (or, where it could not be, a notice saying so) reached the student: done. */
    DELIVERED,
    /** Slack had a bad moment: try again later. */
    RETRY,
    /** It can never be delivered (the channel is gone, the request is malformed): give up. */
    FAILED
  }
}

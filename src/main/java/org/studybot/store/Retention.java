package org.studybot.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the store keeps each kind of row. Immutable and thread-safe.
 *
 * @param feedback votes and unanswered questions (they hold question text): {@code
 *     store.retention_days}, default 180 days
 * @param finishedWork done or failed work items (kept so a late duplicate still finds its key)
 * @param broadcasts messages to replicas
 * @param replicas replicas not heard from
 * @param counters stats counters
 */
public record Retention(
    Duration feedback,
    Duration finishedWork,
    Duration broadcasts,
    Duration replicas,
    Duration counters) {

  public Retention {
    for (Duration d : new Duration[] {feedback, finishedWork, broadcasts, replicas, counters}) {
      Objects.requireNonNull(d, "retention");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("retention: " + d + " must be positive");
      }
    }
  }

  /** The defaults, with feedback kept for {@code feedbackDays}. */
  public static Retention days(int feedbackDays) {
    return new Retention(
        Duration.ofDays(feedbackDays),
        Duration.ofHours(24),
        Duration.ofDays(1),
        Duration.ofDays(1),
        Duration.ofDays(400));
  }
}

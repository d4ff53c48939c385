package org.studybot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How much acknowledged work is not yet done. Immutable.
 *
 * @param pending items not done (waiting, or held by an owner)
 * @param inFlight of those, the ones an owner holds under a live lease
 * @param oldestAcceptedAt when the oldest pending item was acknowledged, or empty
 */
public record Backlog(int pending, int inFlight, Optional<Instant> oldestAcceptedAt) {
  /** How long the oldest pending item has waited at {@code now}; zero when none. */
  public Duration oldestAge(Instant now) {
    return oldestAcceptedAt.map(t -> Duration.between(t, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
  }
}

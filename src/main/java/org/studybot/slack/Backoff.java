package org.studybot.slack;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th wait is drawn between half and all of {@code base ×
 * 2^(n-1)}, capped at {@code max}, so clients that failed together do not retry together.
 * Immutable and thread-safe (when {@code random} is).
 *
 * @param base the first wait's ceiling
 * @param max no wait is longer
 * @param random uniform in [0, 1): {@code ThreadLocalRandom} in production, fixed in tests
 */
record Backoff(Duration base, Duration max, DoubleSupplier random) {

  Backoff {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff: base " + base + " must be positive and at most max " + max);
    }
  }

  /** The wait before try {@code attempt + 1}, after {@code attempt} (1, 2, ...) failures. */
  Duration delay(int attempt) {
    long ceiling = base.toMillis();
    for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    double r = Math.max(0, Math.min(1, random.getAsDouble()));
    return Duration.ofMillis(Math.round(ceiling / 2.0 + r * ceiling / 2.0));
  }

  /** At least {@code asked} (a {@code Retry-After}), plus up to a tenth more so waiters spread out. */
  Duration atLeast(Duration asked) {
    double r = Math.max(0, Math.min(1, random.getAsDouble()));
    return asked.plusMillis(Math.round(asked.toMillis() * 0.1 * r));
  }
}

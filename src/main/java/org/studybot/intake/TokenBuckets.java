package org.studybot.intake;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * One token bucket per key (a student, a channel): each holds up to {@code burst} tokens and gains
 * one every {@code every}; taking from an empty bucket fails. Buckets full again are forgotten
 * (after {@code burst * every} of silence), so memory follows the keys active lately, never all
 * keys ever seen. Time comes from the {@link Ticker}. Thread-safe.
 */
final class TokenBuckets {
  private final int burst;
  private final long everyNanos;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  TokenBuckets(int burst, Duration every, Ticker ticker) {
    this.burst = burst;
    this.everyNanos = every.toNanos();
    this.ticker = ticker;
    // A bucket untouched for long enough to refill completely is the same as a new one.
    Duration refill = every.multipliedBy(burst);
    this.buckets =
        Caffeine.newBuilder().ticker(ticker).expireAfterAccess(refill).maximumSize(1_000_000).build();
  }

  /** Takes a token from {@code key}'s bucket; false when it is empty. A null key is never limited. */
  boolean take(String key) {
    if (key == null) {
      return true;
    }
    Bucket b = buckets.get(key, k -> new Bucket(burst, ticker.read()));
    synchronized (b) {
      long now = ticker.read();
      long gained = (now - b.at) / everyNanos;
      if (gained > 0) {
        b.tokens = (int) Math.min(burst, b.tokens + gained);
        b.at = b.tokens == burst ? now : b.at + gained * everyNanos;
      }
      if (b.tokens == 0) {
        return false;
      }
      b.tokens--;
      return true;
    }
  }

  /** Gives back a token taken for work that was not accepted after all (a duplicate). */
  void refund(String key) {
    if (key == null) {
      return;
    }
    Bucket b = buckets.getIfPresent(key);
    if (b != null) {
      synchronized (b) {
        b.tokens = Math.min(burst, b.tokens + 1);
      }
    }
  }

  private static final class Bucket {
    int tokens;
    long at;

    Bucket(int tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}

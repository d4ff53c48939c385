package org.studybot.answer;

import java.util.function.LongSupplier;
import org.studybot.answer.Counters.Counter;
import org.studybot.reply.Intent;

/**
 * Counters of what this answerer has answered since it started, kept from the {@link
 * AnswerEvent}s the answerer tells it (it is the first listener every answerer installs) in {@link
 * Counters}; cache hits are the reply cache's own statistics. For benchmarks and tests: the admins'
 * view counts per workspace and day in the store instead ({@code usage.UsageRecorder}). Thread-safe.
 */
public final class Stats implements AnswerListener {
  private final Counters counters;
  private final LongSupplier cacheHits;

  /** A snapshot of the counters. Immutable and thread-safe. */
  public record Snapshot(long questions, long answered, long unsure, long none, long chat, long cacheHits) {
    /** Share of questions served from the cache, in [0,1]. */
    public double cacheHitRate() {
      return questions == 0 ? 0 : (double) cacheHits / questions;
    }
  }

  /**
   * @param counters where the counts are kept
   * @param cacheHits the reply cache's hit count (Caffeine's statistics)
   */
  Stats(Counters counters, LongSupplier cacheHits) {
    this.counters = counters;
    this.cacheHits = cacheHits;
  }

  @Override
  public void answered(AnswerEvent e) {
    if (e.intent() != Intent.QUESTION) {
      counters.increment(Counter.CHAT);
      return;
    }
    counters.increment(Counter.QUESTIONS);
    switch (e.status()) {
      case ANSWERED -> counters.increment(Counter.ANSWERED);
      case UNSURE -> counters.increment(Counter.UNSURE);
      case NONE -> counters.increment(Counter.NONE);
    }
  }

  /** The counters now. */
  public Snapshot snapshot() {
    return new Snapshot(
        counters.get(Counter.QUESTIONS), counters.get(Counter.ANSWERED), counters.get(Counter.UNSURE),
        counters.get(Counter.NONE), counters.get(Counter.CHAT), cacheHits.getAsLong());
  }
}

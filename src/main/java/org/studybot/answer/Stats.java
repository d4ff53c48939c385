package org.studybot.answer;

import java.util.concurrent.atomic.LongAdder;
import org.studybot.reply.Intent;
import org.studybot.reply.Status;

/**
 * Counters of what the bot has answered since start, kept from the {@link AnswerEvent}s the
 * answerer tells it (it is the first listener every answerer installs). Thread-safe.
 */
public final class Stats implements AnswerListener {
  private final LongAdder questions = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder unsure = new LongAdder();
  private final LongAdder none = new LongAdder();
  private final LongAdder chat = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();

  /** A snapshot of the counters. Immutable and thread-safe. */
  public record Snapshot(long questions, long answered, long unsure, long none, long chat, long cacheHits) {
    /** Share of questions served from the cache, in [0,1]. */
    public double cacheHitRate() {
      return questions == 0 ? 0 : (double) cacheHits / questions;
    }
  }

  @Override
  public void answered(AnswerEvent e) {
    if (e.intent() == Intent.QUESTION) {
      question(e.status(), e.cached());
    } else {
      chat();
    }
  }

  private void question(Status status, boolean fromCache) {
    questions.increment();
    if (fromCache) {
      cacheHits.increment();
    }
    switch (status) {
      case ANSWERED -> answered.increment();
      case UNSURE -> unsure.increment();
      case NONE -> none.increment();
    }
  }

  private void chat() {
    chat.increment();
  }

  /** The counters now. */
  public Snapshot snapshot() {
    return new Snapshot(questions.sum(), answered.sum(), unsure.sum(), none.sum(), chat.sum(), cacheHits.sum());
  }
}

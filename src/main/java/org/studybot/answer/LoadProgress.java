package org.studybot.answer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.studybot.content.CorpusLoader;

/**
 * Progress of one phase of a large load as log lines ({@code reading articles: 45,000 / 100,000
 * (9,800/s)}), at most one a second plus the last, so a big corpus shows steady progress instead
 * of silence or a flood. Small corpora (under {@link #MIN_TOTAL}) load too fast to need any.
 * Thread-safe: loader threads call it concurrently.
 */
final class LoadProgress implements CorpusLoader.Progress {
  /** Corpora smaller than this load in a moment: no progress lines. */
  static final int MIN_TOTAL = 5000;

  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final String phase;
  private final Consumer<String> log;
  private final LongSupplier nanos;
  private final long start;
  private final AtomicLong lastLine;

  /** @param nanos the clock (System::nanoTime; tests pass a fake one) */
  LoadProgress(String phase, Consumer<String> log, LongSupplier nanos) {
    this.phase = phase;
    this.log = log;
    this.nanos = nanos;
    this.start = nanos.getAsLong();
    this.lastLine = new AtomicLong(start);
  }

  @Override
  public void update(int done, int total) {
    if (total < MIN_TOTAL) {
      return;
    }
    long now = nanos.getAsLong();
    long last = lastLine.get();
    boolean finished = done >= total;
    if (!finished && (now - last < INTERVAL_NANOS || !lastLine.compareAndSet(last, now))) {
      return;
    }
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    log.accept(String.format("%s: %,d / %,d (%,.0f/s)", phase, done, total, done / seconds));
  }
}

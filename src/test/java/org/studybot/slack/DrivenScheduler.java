package org.studybot.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scheduler and clock that tests drive: tasks wait until the test runs them, and running one
 * moves the clock to when it was due. Tasks may be added from any thread (a WebSocket's own);
 * {@link #take} waits for one, so tests need no sleeps.
 */
final class DrivenScheduler implements WebApi.Later {
  /** A task and when it is due. */
  record Task(Duration delay, Instant due, Runnable body) {}

  private final List<Task> pending = new ArrayList<>();
  private volatile Instant now = Instant.parse("2026-03-01T12:00:00Z");

  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Override
  public synchronized void run(Duration delay, Runnable task) {
    pending.add(new Task(delay, now.plus(delay), task));
    notifyAll();
  }

  /**
   * Waits (at most 20 s) for a pending task whose delay matches, removes it and moves the clock to
   * its due time; the caller runs it.
   */
  synchronized Task take(Predicate<Duration> which) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      for (Task t : pending) {
        if (which.test(t.delay())) {
          pending.remove(t);
          if (t.due().isAfter(now)) {
            now = t.due();
          }
          return t;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no task scheduled as expected; pending: " + delays());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized List<Duration> delays() {
    return pending.stream().map(Task::delay).toList();
  }

  synchronized long count(Predicate<Duration> which) {
    return pending.stream().filter(t -> which.test(t.delay())).count();
  }
}

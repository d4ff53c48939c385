package org.studybot.source;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Folds a burst of push notifications into one reload: the first push schedules a reload after a
 * quiet window, and pushes arriving before it runs join it. (A CMS saving five files may push five
 * commits in a second.) Pushes arriving while that reload runs schedule the next one, and the
 * library coalesces reloads asked for while one runs. Thread-safe.
 */
public final class PushCoalescer {

  /** Runs a task after a delay: a scheduled executor in production, a hand-cranked clock in tests. */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Duration delay, Runnable task);
  }

  private final Duration quiet;
  private final Scheduler scheduler;
  private final Runnable reload;
  private final Consumer<String> log;
  private boolean pending;
  private int pushes;

  /**
   * @param quiet how long after the first push of a burst the reload runs
   * @param reload what a burst triggers (asks the library to reload)
   * @param log told how many pushes each reload covers
   */
  public PushCoalescer(Duration quiet, Scheduler scheduler, Runnable reload, Consumer<String> log) {
    this.quiet = Objects.requireNonNull(quiet, "quiet");
    this.scheduler = scheduler;
    this.reload = reload;
    this.log = log;
  }

  /** A scheduler on one daemon thread, for production. */
  public static Scheduler daemonScheduler() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "studybot-push-reload");
              t.setDaemon(true);
              return t;
            });
    return (delay, task) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** One push arrived. */
  public void push() {
    synchronized (this) {
      pushes++;
      if (pending) {
        return;
      }
      pending = true;
    }
    scheduler.schedule(quiet, this::fire);
  }

  /** Whether a reload is scheduled and has not started. */
  public synchronized boolean pending() {
    return pending;
  }

  private void fire() {
    int n;
    synchronized (this) {
      pending = false;
      n = pushes;
      pushes = 0;
    }
    log.accept("content push" + (n == 1 ? "" : "es (" + n + ")") + ": reloading");
    try {
      reload.run();
    } catch (RuntimeException e) {
      log.accept("content push: reload failed to start: " + e);
    }
  }
}

package org.studybot.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler on a hand-moved clock: tasks run only when a test advances time past them. */
final class ManualScheduler implements PushCoalescer.Scheduler {
  private record Task(long due, Runnable run) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now;

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    tasks.add(new Task(now + delay.toNanos(), task));
  }

  /** Moves the clock on and runs what fell due, in order. */
  void advance(Duration by) {
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      now += by.toNanos();
      tasks.removeIf(t -> t.due() <= now && due.add(t));
    }
    due.sort((a, b) -> Long.compare(a.due(), b.due()));
    due.forEach(t -> t.run().run());
  }

  synchronized int waiting() {
    return tasks.size();
  }
}

package org.studybot.intake;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.studybot.store.WorkItem;

/**
 * The work a replica holds and has not started, served round-robin across students: each turn
 * takes the oldest item of the next student in line, so one student with a thousand questions
 * waiting delays another student's one question by at most one answer per student ahead. Items
 * with no user share one line. Thread-safe.
 */
final class FairQueue {
  private static final String NO_USER = "";

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Map<String, ArrayDeque<WorkItem>> byUser = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private int size;

  void add(WorkItem item) {
    String user = item.work().user() == null ? NO_USER : item.work().user();
    lock.lock();
    try {
      ArrayDeque<WorkItem> q = byUser.computeIfAbsent(user, u -> new ArrayDeque<>());
      if (q.isEmpty()) {
        turns.addLast(user);
      }
      q.addLast(item);
      size++;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next item in turn, waiting up to {@code timeoutMillis}; null when none came. */
  WorkItem poll(long timeoutMillis) throws InterruptedException {
    long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while (size == 0) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      String user = turns.pollFirst();
      ArrayDeque<WorkItem> q = byUser.get(user);
      WorkItem item = q.pollFirst();
      size--;
      if (q.isEmpty()) {
        byUser.remove(user);
      } else {
        turns.addLast(user);
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }
}

package org.studybot.answer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where {@link Stats} keeps its counts: in memory for one process ({@link #inMemory()}). (Counts
 * that survive restarts and add up across replicas are {@code usage.UsageCounts}, per workspace
 * and day, in the store.) Implementations are thread-safe and cheap to increment (called once per
 * answer).
 */
public interface Counters {
  /** What is counted. */
  enum Counter {
    QUESTIONS,
    ANSWERED,
    UNSURE,
    NONE,
    CHAT
  }

  /** Adds one to {@code counter}. */
  void increment(Counter counter);

  /** The count so far. */
  long get(Counter counter);

  /** Counts in memory, from zero at start. */
  static Counters inMemory() {
    Map<Counter, LongAdder> counts = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      counts.put(c, new LongAdder());
    }
    return new Counters() {
      @Override
      public void increment(Counter counter) {
        counts.get(counter).increment();
      }

      @Override
      public long get(Counter counter) {
        return counts.get(counter).sum();
      }
    };
  }
}

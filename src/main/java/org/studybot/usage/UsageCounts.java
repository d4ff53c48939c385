package org.studybot.usage;

import java.time.LocalDate;
import java.util.List;

/**
 * Where usage is counted: per workspace (a Slack team id, {@code ""} for none, such as the shell)
 * and per UTC day, by dimension and item. The store implements it for every replica at once:
 * {@link #add} counts in memory and the store writes the counts in batches, so answering a
 * question never waits for the database. Implementations are thread-safe.
 */
public interface UsageCounts {
  /** Counts {@code n} more of {@code dimension}/{@code item} today for {@code team}; cheap, never blocks on I/O. */
  void add(String team, String dimension, String item, long n);

  /**
   * Every counter from {@code from} (a UTC day) on: of {@code team}, or summed over every
   * workspace when {@code team} is {@code null}; this process's counts not yet written included.
   */
  List<DailyCount> since(String team, LocalDate from);

  /** Today, the UTC day by the clock the counts are stamped with. */
  LocalDate today();
}

package org.studybot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters per UTC day, summed over every replica: how many questions, by status, subject and front
 * end, enough for a 7-day admin view. {@link #add} counts in memory (no database write per
 * question); {@link #flush} adds what was counted to the shared rows, and runs periodically (see
 * {@link Housekeeping}) and at {@link Store#close}. Thread-safe.
 */
public final class Counters {
  /**
   * One counter of one day. Immutable.
   *
   * @param day the UTC day
   * @param dimension what is counted, e.g. {@code status}, {@code subject}, {@code front_end}
   * @param item the value counted, e.g. {@code answered}, {@code Biology}, {@code slack-ask}
   * @param value how many
   */
  public record Count(LocalDate day, String dimension, String item, long value) {}

  private record Key(LocalDate day, String dimension, String item) {}

  private final Store store;
  private final Map<Key, AtomicLong> pending = new ConcurrentHashMap<>();

  Counters(Store store) {
    this.store = store;
  }

  /** Counts {@code n} more of {@code dimension}/{@code item} today. */
  public void add(String dimension, String item, long n) {
    if (dimension == null || dimension.isBlank() || dimension.length() > 32) {
      throw new IllegalArgumentException("counter dimension: \"" + dimension + "\" must be 1-32 characters");
    }
    String i = item == null ? "" : item.length() > 255 ? item.substring(0, 255) : item;
    LocalDate day = LocalDate.ofInstant(store.clock().instant(), ZoneOffset.UTC);
    pending.computeIfAbsent(new Key(day, dimension, i), k -> new AtomicLong()).addAndGet(n);
  }

  /** Writes what was counted since the last flush; returns how many counters changed. */
  public int flush() {
    List<Map.Entry<Key, Long>> taken = new ArrayList<>();
    for (Map.Entry<Key, AtomicLong> e : pending.entrySet()) {
      long v = e.getValue().getAndSet(0);
      if (v != 0) {
        taken.add(Map.entry(e.getKey(), v));
      }
    }
    LocalDate today = LocalDate.ofInstant(store.clock().instant(), ZoneOffset.UTC);
    pending.entrySet().removeIf(e -> e.getKey().day().isBefore(today) && e.getValue().get() == 0);
    if (taken.isEmpty()) {
      return 0;
    }
    try {
      store.write(
          "flush counters",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO counter (day, dimension, item, value) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (day, dimension, item)"
                        + " DO UPDATE SET value = counter.value + excluded.value")) {
              for (Map.Entry<Key, Long> e : taken) {
                ps.setString(1, e.getKey().day().toString());
                ps.setString(2, e.getKey().dimension());
                ps.setString(3, e.getKey().item());
                ps.setLong(4, e.getValue());
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return null;
          });
    } catch (StoreException e) {
      // Nothing counted is lost: put it back for the next flush.
      for (Map.Entry<Key, Long> t : taken) {
        pending.computeIfAbsent(t.getKey(), k -> new AtomicLong()).addAndGet(t.getValue());
      }
      throw e;
    }
    return taken.size();
  }

  /** Every counter from {@code from} (UTC day) on, this replica's unflushed counts included. */
  public List<Count> since(LocalDate from) {
    flush();
    return store.read(
        "read counters",
        c -> {
          List<Count> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT day, dimension, item, value FROM counter WHERE day >= ?"
                      + " ORDER BY day, dimension, item")) {
            ps.setString(1, from.toString());
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                out.add(new Count(LocalDate.parse(r.getString(1)), r.getString(2), r.getString(3), r.getLong(4)));
              }
            }
          }
          return List.copyOf(out);
        });
  }

  /** Deletes the counters of days before {@code before}; returns how many. */
  public int purge(LocalDate before) {
    return store.update("purge counters", "DELETE FROM counter WHERE day < ?", before.toString());
  }
}

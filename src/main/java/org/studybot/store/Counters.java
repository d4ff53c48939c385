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
import org.studybot.usage.DailyCount;
import org.studybot.usage.UsageCounts;

/**
 * Usage counters per workspace and UTC day, summed over every replica: how many questions, by
 * status and subject, votes and cache hits, enough for the admin's 7-day view ({@code
 * usage.Week}). {@link #add} counts in memory (no database write per question); {@link #flush}
 * adds what was counted to the shared rows in one transaction, and runs every 10 seconds on the
 * store's background thread ({@link Store#startBackground}; {@code store.counts_every}), before every read ({@link #since}) and
 * at {@link Store#close}, which {@code serve} calls at shutdown after the intake's drain, so a
 * SIGTERM loses nothing counted. A {@code kill -9} (or a power cut) loses what this replica
 * counted since its last flush: at most the last {@code counts_every} of its counts, never an answer,
 * a vote or an unanswered question (those are written at once). Thread-safe.
 */
public final class Counters implements UsageCounts {

  /** How often the store's background thread writes what was counted, by default ({@code store.counts_every}). */
  public static final java.time.Duration FLUSH_EVERY = java.time.Duration.ofSeconds(10);

  private record Key(String team, LocalDate day, String dimension, String item) {}

  private final Store store;
  private final Map<Key, AtomicLong> pending = new ConcurrentHashMap<>();

  Counters(Store store) {
    this.store = store;
  }

  /**
   * Counts {@code n} more of {@code dimension}/{@code item} today (by the store's clock) for
   * {@code team} ({@code null}: {@code ""}); ids over 64 and items over 255 characters are cut.
   */
  @Override
  public void add(String team, String dimension, String item, long n) {
    if (dimension == null || dimension.isBlank() || dimension.length() > 32) {
      throw new IllegalArgumentException("counter dimension: \"" + dimension + "\" must be 1-32 characters");
    }
    Key key = new Key(cut(team, 64), today(), dimension, cut(item, 255));
    pending.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
  }

  @Override
  public LocalDate today() {
    return LocalDate.ofInstant(store.clock().instant(), ZoneOffset.UTC);
  }

  /** How many counters hold counts not yet written. */
  int unwritten() {
    return (int) pending.values().stream().filter(v -> v.get() != 0).count();
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
    LocalDate today = today();
    pending.entrySet().removeIf(e -> e.getKey().day().isBefore(today) && e.getValue().get() == 0);
    if (taken.isEmpty()) {
      return 0;
    }
    try {
      store.write(
          "flush counters",
          Store.Commit.RELAXED,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO counter (team, day, dimension, item, value) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (team, day, dimension, item)"
                        + " DO UPDATE SET value = counter.value + excluded.value")) {
              for (Map.Entry<Key, Long> e : taken) {
                ps.setString(1, e.getKey().team());
                ps.setString(2, e.getKey().day().toString());
                ps.setString(3, e.getKey().dimension());
                ps.setString(4, e.getKey().item());
                ps.setLong(5, e.getValue());
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

  /**
   * Every counter from {@code from} (UTC day) on, of {@code team} or, when {@code team} is {@code
   * null}, summed over every workspace; this replica's unflushed counts are written first, other
   * replicas' reach the store within their next flush (10 seconds).
   */
  @Override
  public List<DailyCount> since(String team, LocalDate from) {
    flush();
    String sql = team == null
        ? "SELECT day, dimension, item, SUM(value) FROM counter WHERE day >= ?"
            + " GROUP BY day, dimension, item ORDER BY day, dimension, item"
        : "SELECT day, dimension, item, value FROM counter WHERE team = ? AND day >= ?"
            + " ORDER BY day, dimension, item";
    return store.read(
        "read counters",
        c -> {
          List<DailyCount> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (team != null) {
              ps.setString(i++, cut(team, 64));
            }
            ps.setString(i, from.toString());
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                out.add(new DailyCount(LocalDate.parse(r.getString(1)), r.getString(2), r.getString(3), r.getLong(4)));
              }
            }
          }
          return List.copyOf(out);
        });
  }

  /** Deletes the counters of days before {@code before}; returns how many. */
  public int purge(LocalDate before) {
    return store.update("purge counters", Store.Commit.RELAXED, "DELETE FROM counter WHERE day < ?", before.toString());
  }

  private static String cut(String s, int max) {
    String v = s == null ? "" : s;
    return v.length() <= max ? v : v.substring(0, max);
  }
}

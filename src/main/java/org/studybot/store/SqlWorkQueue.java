package org.studybot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link WorkQueue} on the store's {@code work_item} table. Thread-safe. */
final class SqlWorkQueue implements WorkQueue {
  static final String PENDING = "pending";
  static final String DONE = "done";
  static final String FAILED = "failed";

  private static final int MAX_REASON = 500;
  private static final String COLUMNS =
      "id, kind, work_key, team, user_id, channel, payload, accepted_at, deadline, attempts,"
          + " owner, lease_until, last_error";

  private final Store store;
  private final String claimSql;

  SqlWorkQueue(Store store) {
    this.store = store;
    // One statement picks and takes the items, so nothing can slip in between. The sub-select
    // locks what it picks and skips what another replica is taking (PostgreSQL); SQLite runs one
    // write transaction at a time, so the same statement is safe there as it stands.
    this.claimSql =
        "UPDATE work_item SET owner = ?, lease_until = ?, attempts = attempts + 1"
            + " WHERE id IN (SELECT id FROM work_item"
            + " WHERE state = 'pending' AND next_attempt_at <= ?"
            + " AND (lease_until IS NULL OR lease_until <= ?)"
            + " ORDER BY next_attempt_at, id LIMIT ?"
            + store.dialect().lockSkipLocked()
            + ") RETURNING "
            + COLUMNS;
  }

  @Override
  public Enqueued enqueue(Work work) {
    return insert(work, null, null, inserted -> {});
  }

  @Override
  public Enqueued enqueueClaimed(Work work, String owner, Duration lease, Consumer<Enqueued> inserted) {
    requireOwner(owner);
    return insert(work, owner, lease, inserted);
  }

  /** Durable ({@link Store.Commit#DURABLE}): this is the write an acknowledgement stands on. */
  private Enqueued insert(Work work, String owner, Duration lease, Consumer<Enqueued> inserted) {
    long now = store.clock().millis();
    return store.write(
        "enqueue " + work.kind(),
        Store.Commit.DURABLE,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO work_item (kind, work_key, team, user_id, channel, payload,"
                      + " accepted_at, deadline, state, attempts, next_attempt_at, owner,"
                      + " lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)"
                      + " ON CONFLICT (work_key) DO NOTHING RETURNING id")) {
            ps.setString(1, work.kind());
            ps.setString(2, work.key());
            ps.setString(3, work.team());
            ps.setString(4, work.user());
            ps.setString(5, work.channel());
            ps.setString(6, work.payload());
            ps.setLong(7, work.acceptedAt().toEpochMilli());
            setInstant(ps, 8, work.deadline());
            ps.setInt(9, owner == null ? 0 : 1);
            ps.setLong(10, now);
            ps.setString(11, owner);
            if (owner == null) {
              ps.setNull(12, Types.BIGINT);
            } else {
              ps.setLong(12, now + lease.toMillis());
            }
            try (ResultSet r = ps.executeQuery()) {
              if (r.next()) {
                Enqueued e = new Enqueued(r.getLong(1), true);
                inserted.accept(e);
                return e;
              }
            }
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM work_item WHERE work_key = ?")) {
            ps.setString(1, work.key());
            try (ResultSet r = ps.executeQuery()) {
              if (!r.next()) {
                throw new SQLException("work key " + work.key() + " conflicted but is not there");
              }
              return new Enqueued(r.getLong(1), false);
            }
          }
        });
  }

  @Override
  public List<WorkItem> claim(String owner, int max, Duration lease) {
    requireOwner(owner);
    if (max < 1) {
      throw new IllegalArgumentException("claim max: " + max + " must be at least 1");
    }
    long now = store.clock().millis();
    return store.write(
        "claim work",
        Store.Commit.RELAXED,
        c -> {
          List<WorkItem> items = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(claimSql)) {
            ps.setString(1, owner);
            ps.setLong(2, now + lease.toMillis());
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.setInt(5, max);
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                items.add(item(r));
              }
            }
          }
          // RETURNING gives rows in no promised order: hand them out oldest first.
          items.sort(Comparator.comparing((WorkItem i) -> i.work().acceptedAt()).thenComparingLong(WorkItem::id));
          return List.copyOf(items);
        });
  }

  @Override
  public boolean renew(long id, String owner, Duration lease) {
    long now = store.clock().millis();
    return update(
        "renew work " + id,
        Store.Commit.RELAXED,
        "UPDATE work_item SET lease_until = ? WHERE id = ? AND owner = ? AND state = 'pending'",
        now + lease.toMillis(), id, owner);
  }

  @Override
  public int renewAll(String owner, Duration lease) {
    requireOwner(owner);
    long now = store.clock().millis();
    return store.update(
        "renew the work of " + owner,
        Store.Commit.RELAXED,
        "UPDATE work_item SET lease_until = ? WHERE owner = ? AND state = 'pending'",
        now + lease.toMillis(), owner);
  }

  @Override
  public int release(String owner) {
    requireOwner(owner);
    return store.update(
        "release the work of " + owner,
        Store.Commit.RELAXED,
        "UPDATE work_item SET owner = NULL, lease_until = NULL WHERE owner = ? AND state = 'pending'",
        owner);
  }

  @Override
  public boolean complete(long id) {
    long now = store.clock().millis();
    return update(
        "complete work " + id,
        Store.Commit.RELAXED,
        "UPDATE work_item SET state = 'done', finished_at = ?, lease_until = NULL"
            + " WHERE id = ? AND state = 'pending'",
        now, id);
  }

  @Override
  public boolean retry(long id, String owner, Instant nextAttemptAt, String reason) {
    return update(
        "retry work " + id,
        Store.Commit.RELAXED,
        "UPDATE work_item SET owner = NULL, lease_until = NULL, next_attempt_at = ?, last_error = ?"
            + " WHERE id = ? AND owner = ? AND state = 'pending'",
        nextAttemptAt.toEpochMilli(), cut(reason), id, owner);
  }

  @Override
  public boolean giveUp(long id, String owner, String reason) {
    long now = store.clock().millis();
    return update(
        "give up work " + id,
        Store.Commit.RELAXED,
        "UPDATE work_item SET state = 'failed', finished_at = ?, lease_until = NULL, last_error = ?"
            + " WHERE id = ? AND owner = ? AND state = 'pending'",
        now, cut(reason), id, owner);
  }

  @Override
  public Optional<WorkItem> get(long id) {
    return store.read(
        "read work " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM work_item WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
              return r.next() ? Optional.of(item(r)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean recorded(String key) {
    return store.read(
        "look up work " + key,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM work_item WHERE work_key = ?")) {
            ps.setString(1, key);
            try (ResultSet r = ps.executeQuery()) {
              return r.next();
            }
          }
        });
  }

  @Override
  public Backlog backlog() {
    long now = store.clock().millis();
    return store.read(
        "count pending work",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*), SUM(CASE WHEN lease_until > ? THEN 1 ELSE 0 END),"
                      + " MIN(accepted_at) FROM work_item WHERE state = 'pending'")) {
            ps.setLong(1, now);
            try (ResultSet r = ps.executeQuery()) {
              r.next();
              int pending = r.getInt(1);
              int inFlight = r.getInt(2);
              long oldest = r.getLong(3);
              Optional<Instant> at = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest));
              return new Backlog(pending, inFlight, at);
            }
          }
        });
  }

  @Override
  public int purgeFinished(Instant before) {
    return store.update(
        "purge finished work",
        Store.Commit.RELAXED,
        "DELETE FROM work_item WHERE state <> 'pending' AND finished_at < ?",
        before.toEpochMilli());
  }

  private boolean update(String what, Store.Commit commit, String sql, Object... args) {
    return store.update(what, commit, sql, args) == 1;
  }

  private static WorkItem item(ResultSet r) throws SQLException {
    Work w =
        new Work(
            r.getString("kind"),
            r.getString("work_key"),
            r.getString("team"),
            r.getString("user_id"),
            r.getString("channel"),
            r.getString("payload"),
            Instant.ofEpochMilli(r.getLong("accepted_at")),
            instant(r, "deadline"));
    return new WorkItem(
        r.getLong("id"),
        w,
        r.getInt("attempts"),
        r.getString("owner"),
        instant(r, "lease_until"),
        r.getString("last_error"));
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }

  private static String cut(String reason) {
    if (reason == null) {
      return null;
    }
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
  }

  private static void requireOwner(String owner) {
    if (owner == null || owner.isBlank() || owner.length() > 128) {
      throw new IllegalArgumentException("work owner: \"" + owner + "\" must be 1-128 characters");
    }
  }
}

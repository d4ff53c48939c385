package org.studybot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages to every replica, such as "reload the content": one replica {@link #publish}es, each
 * replica reads what came after the last id it saw ({@link #after}). Replicas poll (see {@link
 * BroadcastListener}) rather than use PostgreSQL's LISTEN/NOTIFY: the same code works on SQLite, a
 * replica that was disconnected or restarting misses nothing (messages are rows, read by id), and
 * the cost is one indexed query per replica per poll. Thread-safe.
 */
public final class Broadcasts {
  /**
   * One broadcast. Immutable.
   *
   * @param id increasing: read in this order
   * @param topic what it is about, e.g. {@code reload}
   * @param payload its details (text, often JSON)
   * @param sender the replica that sent it
   * @param createdAt when it was sent
   */
  public record Message(long id, String topic, String payload, String sender, Instant createdAt) {}

  private final Store store;

  Broadcasts(Store store) {
    this.store = store;
  }

  /** Sends a message to every replica (the sender included); returns its id. */
  public long publish(String topic, String payload, String sender) {
    long now = store.clock().millis();
    return store.write(
        "broadcast " + topic,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO broadcast (topic, payload, sender, created_at) VALUES (?, ?, ?, ?)"
                      + " RETURNING id")) {
            ps.setString(1, topic);
            ps.setString(2, payload == null ? "" : payload);
            ps.setString(3, sender);
            ps.setLong(4, now);
            try (ResultSet r = ps.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          }
        });
  }

  /** Up to {@code max} messages with an id above {@code lastSeen}, oldest first. */
  public List<Message> after(long lastSeen, int max) {
    return store.read(
        "read broadcasts",
        c -> {
          List<Message> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, topic, payload, sender, created_at FROM broadcast WHERE id > ?"
                      + " ORDER BY id LIMIT ?")) {
            ps.setLong(1, lastSeen);
            ps.setInt(2, max);
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Message(
                        r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                        Instant.ofEpochMilli(r.getLong(5))));
              }
            }
          }
          return List.copyOf(out);
        });
  }

  /** The id of the newest message, or 0: where a starting replica begins reading. */
  public long latestId() {
    return store.read(
        "read the latest broadcast",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM broadcast");
              ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** Deletes messages sent before {@code before}; returns how many. */
  public int purge(Instant before) {
    return store.update(
        "purge broadcasts", Store.Commit.RELAXED, "DELETE FROM broadcast WHERE created_at < ?", before.toEpochMilli());
  }
}

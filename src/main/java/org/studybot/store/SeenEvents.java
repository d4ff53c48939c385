package org.studybot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * The Slack event ids already handled, shared by every replica: Slack sends an event again ({@code
 * X-Slack-Retry-Num} over HTTP, {@code retry_attempt} in Socket Mode) with the same {@code
 * event_id}, possibly to another replica, and only the first delivery may be answered. Thread-safe.
 */
public final class SeenEvents {
  private final Store store;

  SeenEvents(Store store) {
    this.store = store;
  }

  /**
   * Records {@code eventId}; true for exactly one caller across all replicas (the first), false for
   * every later one. An event without an id cannot be recognised again and is always first.
   */
  public boolean firstTime(String eventId) {
    if (eventId == null || eventId.isEmpty()) {
      return true;
    }
    if (eventId.length() > 255) {
      throw new IllegalArgumentException("event id: " + eventId.length() + " characters, more than 255");
    }
    long now = store.clock().millis();
    // Relaxed (Store.Commit): if a database crash loses this row, a later delivery of the event
    // is handled again and meets its work item's key (enqueued durably after this row, so flushed
    // with it), or, when it was refused, is offered again. forget() stays durable: a lost forget
    // would make Slack's next delivery of an unrecorded event look seen.
    return store.update(
            "record event",
            Store.Commit.RELAXED,
            "INSERT INTO seen_event (event_id, seen_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING",
            eventId,
            now)
        == 1;
  }

  /** Whether {@code eventId} was recorded (and not yet purged). */
  public boolean contains(String eventId) {
    return store.read(
        "look up event",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM seen_event WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet r = ps.executeQuery()) {
              return r.next();
            }
          }
        });
  }

  /**
   * Forgets {@code eventId}: the request it carried could not be recorded after all, so Slack's
   * next delivery of it (to any replica) must be handled.
   */
  public void forget(String eventId) {
    if (eventId != null && !eventId.isEmpty()) {
      store.update("forget event", Store.Commit.DURABLE, "DELETE FROM seen_event WHERE event_id = ?", eventId);
    }
  }

  /** Forgets events recorded before {@code before} (Slack stops retrying within the hour). */
  public int purge(Instant before) {
    return store.update("purge events", Store.Commit.RELAXED, "DELETE FROM seen_event WHERE seen_at < ?", before.toEpochMilli());
  }
}

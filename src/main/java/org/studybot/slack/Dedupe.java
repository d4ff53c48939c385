package org.studybot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Remembers the event ids already handled, so an event Slack sends again (HTTP {@code
 * X-Slack-Retry-Num}, Socket Mode {@code retry_attempt}: the same {@code event_id} each time) is
 * answered once. Slack retries for at most about an hour; ids are kept a little longer. Thread-safe.
 */
final class Dedupe {
  private final Cache<String, Boolean> seen =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(90)).build();

  /** Whether {@code eventId} is new (and now remembered); an event without an id is always new. */
  boolean first(String eventId) {
    return eventId == null || eventId.isEmpty() || seen.asMap().putIfAbsent(eventId, Boolean.TRUE) == null;
  }

  /** Forgets {@code eventId}, so Slack's next delivery of it is handled (this one was not recorded). */
  void forget(String eventId) {
    if (eventId != null) {
      seen.invalidate(eventId);
    }
  }
}

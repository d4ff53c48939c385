package org.studybot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The {@link EventLedger} of one process: event ids in memory. Slack retries for at most about an
 * hour; ids are kept a little longer. Thread-safe.
 */
final class Dedupe implements EventLedger {
  private final Cache<String, Boolean> seen =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(90)).build();

  @Override
  public boolean seen(String eventId) {
    return eventId != null && !eventId.isEmpty() && seen.getIfPresent(eventId) != null;
  }

  @Override
  public void remember(String eventId) {
    if (eventId != null && !eventId.isEmpty()) {
      seen.put(eventId, Boolean.TRUE);
    }
  }
}

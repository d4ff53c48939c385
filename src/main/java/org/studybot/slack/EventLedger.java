package org.studybot.slack;

/**
 * Which Slack events have been handled, so an event Slack sends again (HTTP {@code
 * X-Slack-Retry-Num}, Socket Mode {@code retry_attempt}: the same {@code event_id} each time) is
 * answered once. {@link Dedupe} remembers ids in memory for this process; a shared store (for
 * several bot processes, or across a restart) implements the same call. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface EventLedger {
  /**
   * Whether {@code eventId} is seen for the first time (and is now remembered). An event without
   * an id is always new.
   */
  boolean firstTime(String eventId);

  /**
   * Forgets {@code eventId}: it was not recorded after all (the store did not answer), so Slack's
   * next delivery of it must be handled. A ledger that cannot forget does nothing.
   */
  default void forget(String eventId) {}

  /** The in-memory ledger of one process. */
  static EventLedger inMemory() {
    return new Dedupe();
  }
}

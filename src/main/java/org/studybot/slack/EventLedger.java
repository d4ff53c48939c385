package org.studybot.slack;

/**
 * Which Slack events have been decided (recorded by the intake, or refused and the student told),
 * so an event Slack sends again (HTTP {@code X-Slack-Retry-Num}, Socket Mode {@code
 * retry_attempt}: the same {@code event_id} each time, possibly to another replica) is not
 * handled twice. {@link Dedupe} remembers ids in memory for this process; a shared store (for
 * several bot processes, or across a restart) implements the same calls. Implementations are
 * thread-safe.
 *
 * <p>An event is {@linkplain #remember remembered} only after the intake decided about it, never
 * before: a replica killed between remembering an event and recording its work would otherwise
 * leave a mark that makes every later delivery (to any replica) ack the event unanswered. Two
 * deliveries handled at once both reach the intake, whose work key lets exactly one record it.
 */
public interface EventLedger {
  /** Whether {@code eventId} was decided before. An event without an id is never seen. */
  boolean seen(String eventId);

  /** Remembers {@code eventId}: the intake recorded it, or refused it and the student was told. */
  void remember(String eventId);

  /** The in-memory ledger of one process. */
  static EventLedger inMemory() {
    return new Dedupe();
  }
}

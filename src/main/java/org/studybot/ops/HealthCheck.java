package org.studybot.ops;

/**
 * One part of whether the bot can serve (content loaded, Slack connection alive, store reachable).
 * {@code /healthz} is ready only when every check is. Implementations are thread-safe and quick:
 * health must answer even when everything else is busy.
 */
@FunctionalInterface
public interface HealthCheck {
  /** The state now. */
  Status check();

  /**
   * One health reading. Immutable and thread-safe.
   *
   * @param ready whether this part can serve now
   * @param detail one line: what is serving, or what is wrong
   */
  record Status(boolean ready, String detail) {}
}

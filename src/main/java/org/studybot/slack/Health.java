package org.studybot.slack;

/**
 * Whether the bot can serve: content loaded and, in Socket Mode, the connection to Slack alive.
 * Implementations are thread-safe.
 */
@FunctionalInterface
interface Health {
  /** The state now. */
  Status check();

  /**
   * One health reading. Immutable and thread-safe.
   *
   * @param ready whether the bot can answer now
   * @param detail one line: what is serving, or what is wrong
   */
  record Status(boolean ready, String detail) {}
}

package org.studybot.logging;

import java.util.Objects;

/**
 * The {@code logging} section of the configuration. Immutable and thread-safe.
 *
 * @param format how lines are written ({@code logging.format}: {@code text} or {@code json})
 */
public record LoggingSettings(LogFormat format) {
  public LoggingSettings {
    Objects.requireNonNull(format, "format");
  }

  /** Plain text, as when there is no {@code logging} section. */
  public static LoggingSettings defaults() {
    return new LoggingSettings(LogFormat.TEXT);
  }
}

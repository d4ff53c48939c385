package org.studybot.logging;

import java.util.Objects;
import org.studybot.config.ConfigException;
import org.studybot.config.Section;

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

  /** Reads the {@code logging} section. */
  public static LoggingSettings from(Section s) throws ConfigException {
    String format = s.string("format");
    try {
      return new LoggingSettings(LogFormat.parse(format));
    } catch (IllegalArgumentException e) {
      ConfigException x = s.invalid("format", format, "text or json");
      x.initCause(e);
      throw x;
    }
  }
}

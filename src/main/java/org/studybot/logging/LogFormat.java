package org.studybot.logging;

import java.util.Locale;

/** How log lines are written ({@code logging.format}). */
public enum LogFormat {
  /** For people: {@code studybot: ...} lines, and {@code [thread] LEVEL logger - message} from libraries. */
  TEXT,
  /** For collectors: one JSON object per line (timestamp, level, logger, message, fields). */
  JSON;

  /**
   * The format named {@code value} ({@code text} or {@code json}, any case).
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static LogFormat parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("\"" + value + "\" is not a log format: expected text or json");
    };
  }
}

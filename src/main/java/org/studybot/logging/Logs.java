package org.studybot.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches logging to the configured format and gives the line consumer that StudyBot's own
 * components log through.
 *
 * <p>Logback starts from {@code logback.xml} (text, {@code INFO}, DJL's CUDA probing quiet). For
 * {@link LogFormat#JSON} the encoder of each appender on the root logger is replaced by a {@link
 * JsonLineEncoder}; the appenders themselves, their filters and the loggers' levels stay as
 * configured, so a rule that quietens or filters a library keeps working in either format.
 */
public final class Logs {
  /** The logger that the line consumer writes to in JSON. */
  public static final String STUDYBOT = "studybot";

  private Logs() {}

  /**
   * Applies {@code settings} to the process's logging and returns where StudyBot's own lines go:
   * in text, {@code studybot: <line>} on {@code err} as before; in JSON, an {@code INFO} event of
   * the {@value #STUDYBOT} logger.
   */
  public static Consumer<String> start(LoggingSettings settings, PrintStream err) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (settings.format() == LogFormat.JSON && factory instanceof LoggerContext context) {
      useJson(context);
      return lines(context);
    }
    return line -> err.println("studybot: " + line);
  }

  /** The line consumer over {@code context}'s {@value #STUDYBOT} logger. */
  static Consumer<String> lines(LoggerContext context) {
    org.slf4j.Logger logger = context.getLogger(STUDYBOT);
    return logger::info;
  }

  /** Gives every appender on {@code context}'s root logger the JSON layout. */
  static void useJson(LoggerContext context) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
          && !(appender.getEncoder() instanceof JsonLineEncoder)) {
        JsonLineEncoder json = new JsonLineEncoder();
        json.setContext(context);
        json.start();
        appender.stop();
        appender.setEncoder(json);
        appender.start();
      }
    }
  }
}

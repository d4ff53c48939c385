package org.studybot.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.studybot.answer.AnswerEvent;
import org.studybot.answer.AnswerListener;
import org.studybot.reply.Intent;

/**
 * One log line per answered message, with its outcome as fields: {@code front_end}, {@code
 * status} ({@code answered}, {@code unsure}, {@code none}, or {@code chat}), {@code article},
 * {@code confidence}, {@code latency_ms}, {@code cached}, plus the event's {@code event_id} and
 * {@code team} when the front end put them in the MDC. Never the question's text, the subject typed
 * or who asked. Thread-safe.
 */
public final class AnswerLog implements AnswerListener {
  /** The logger's name. */
  public static final String LOGGER = "studybot.answers";

  private final Logger logger;

  /** Logs to {@value #LOGGER}. */
  public AnswerLog() {
    this(LoggerFactory.getLogger(LOGGER));
  }

  AnswerLog(Logger logger) {
    this.logger = logger;
  }

  @Override
  public void answered(AnswerEvent e) {
    logger.atInfo()
        .addKeyValue("front_end", e.frontEnd())
        .addKeyValue("status", status(e))
        .addKeyValue("article", e.articleId())
        .addKeyValue("confidence", Math.round(e.confidence() * 1000) / 1000.0)
        .addKeyValue("latency_ms", Math.round(e.latencyNanos() / 10_000.0) / 100.0)
        .addKeyValue("cached", e.cached())
        .log("answered");
  }

  private static String status(AnswerEvent e) {
    return e.intent() == Intent.QUESTION ? e.status().name().toLowerCase(java.util.Locale.ROOT) : "chat";
  }
}

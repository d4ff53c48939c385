package org.studybot.answer;

/**
 * Told about every message the {@link Answerer} handles, after the reply is built: metrics,
 * the unanswered-question log and stores hang here, installed by the wiring with {@link
 * Answerer#listen}. Called on the answering thread, so it must be quick and must not throw (an
 * exception is caught and counted, and the reply still goes out).
 */
@FunctionalInterface
public interface AnswerListener {
  /** One answered message. */
  void answered(AnswerEvent event);
}

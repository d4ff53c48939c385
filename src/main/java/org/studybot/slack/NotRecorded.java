package org.studybot.slack;

/**
 * Thrown by an event handler when the store could not record the event (a full disk): the front
 * end must not acknowledge it, so that Slack sends it again. An exception rather than a 503
 * response, because Bolt, set to acknowledge the events the bot has no handler for
 * ({@code allEventsApiAutoAckEnabled}), also acknowledges an event whose handler answered anything
 * but 200: a 503 returned by a handler reached Slack as a 200, and the event was lost. The HTTP
 * route answers it with 503; Socket Mode sends no ack. Neither logs it: the store logs its outage
 * once.
 */
final class NotRecorded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotRecorded(String kind) {
    super("a " + kind + " event could not be recorded", null, false, false);
  }
}

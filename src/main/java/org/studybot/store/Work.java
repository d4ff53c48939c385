package org.studybot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One piece of acknowledged work: a Slack event, slash command or interaction the bot has promised
 * to answer. Immutable and thread-safe.
 *
 * @param kind what it is, for the code that runs it (e.g. {@code "mention"}, {@code "command"};
 *     at most 40 characters)
 * @param key what makes it unique, so the same request enqueued twice is one item (a Slack {@code
 *     event_id} or a command's {@code trigger_id}; at most 255 characters)
 * @param team the Slack team id, or null
 * @param user the Slack user id, or null
 * @param channel the Slack channel id, or null
 * @param payload what the worker needs to answer it, as JSON text
 * @param acceptedAt when the bot acknowledged it
 * @param deadline after this the answer can no longer be delivered the usual way (a slash
 *     command's {@code response_url} is valid for 30 minutes), or null for none
 */
public record Work(
    String kind,
    String key,
    String team,
    String user,
    String channel,
    String payload,
    Instant acceptedAt,
    Instant deadline) {

  public Work {
    require("kind", kind, 40);
    require("key", key, 255);
    optional("team", team);
    optional("user", user);
    optional("channel", channel);
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }

  private static void require(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("work " + field + ": must not be empty");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          "work " + field + ": " + value.length() + " characters, more than " + max);
    }
  }

  private static void optional(String field, String value) {
    if (value != null && value.length() > 64) {
      throw new IllegalArgumentException(
          "work " + field + ": " + value.length() + " characters, more than 64");
    }
  }
}

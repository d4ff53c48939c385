package org.studybot.slack;

import java.time.Duration;
import org.studybot.config.Secrets;

/**
 * How to reach Slack: tokens, signing secret, Web API base URL, port and timeouts. Immutable and
 * thread-safe; {@link #toString()} shows no secret.
 *
 * @param botToken {@code SLACK_BOT_TOKEN}, or {@code null} when workspaces install through OAuth
 * @param appToken {@code SLACK_APP_TOKEN}, or {@code null} for HTTP mode
 * @param signingSecret {@code SLACK_SIGNING_SECRET}, or {@code null} (needed in HTTP mode)
 * @param apiUrl the Web API base URL ending in {@code /}, or {@code null} for Slack's own
 * @param port where HTTP mode (or the Socket Mode health check) listens; 0 picks a free port
 * @param apiTimeout the longest a Web API call may take
 * @param oauth the OAuth credentials when workspaces install the app ({@code SLACK_CLIENT_ID}...),
 *     else {@code null}: one workspace, {@code SLACK_BOT_TOKEN}
 */
public record SlackSettings(
    String botToken, String appToken, String signingSecret, String apiUrl, int port, Duration apiTimeout,
    OAuthSettings oauth) {

  /** The Web API call timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public SlackSettings {
    boolean token = botToken != null && !botToken.isBlank();
    if (!token && oauth == null) {
      throw new IllegalArgumentException("SLACK_BOT_TOKEN is not set: the Slack bot needs a bot token (xoxb-...),"
          + " or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to be installed in many workspaces");
    }
    if (token && oauth != null) {
      throw new IllegalArgumentException("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: set SLACK_BOT_TOKEN for"
          + " one workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (without SLACK_BOT_TOKEN) for installs in"
          + " many workspaces");
    }
    if (apiUrl != null) {
      apiUrl = apiUrl.strip();
      apiUrl = apiUrl.isEmpty() ? null : apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }
    apiTimeout = apiTimeout == null ? DEFAULT_TIMEOUT : apiTimeout;
  }

  /** One workspace's settings ({@code SLACK_BOT_TOKEN}). */
  public SlackSettings(
      String botToken, String appToken, String signingSecret, String apiUrl, int port, Duration apiTimeout) {
    this(botToken, appToken, signingSecret, apiUrl, port, apiTimeout, null);
  }

  /** The settings from the environment. */
  public static SlackSettings from(Secrets s) {
    if (s.clientId().isPresent() != s.clientSecret().isPresent()) {
      throw new IllegalArgumentException(
          (s.clientId().isPresent() ? "SLACK_CLIENT_SECRET" : "SLACK_CLIENT_ID")
              + " is not set: OAuth installs need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET");
    }
    OAuthSettings oauth = s.oauth()
        ? new OAuthSettings(s.clientId().get(), s.clientSecret().get(), s.redirectUri().orElse(null))
        : null;
    return new SlackSettings(
        s.botToken().orElse(null), s.appToken().orElse(null), s.signingSecret().orElse(null), s.apiUrl().orElse(null),
        s.port(), DEFAULT_TIMEOUT, oauth);
  }

  /** A copy with another Web API call timeout ({@code slack.api_timeout}). */
  public SlackSettings withApiTimeout(Duration timeout) {
    return new SlackSettings(botToken, appToken, signingSecret, apiUrl, port, timeout, oauth);
  }

  /** Whether to run in Socket Mode. */
  public boolean socketMode() {
    return appToken != null && !appToken.isBlank();
  }

  @Override
  public String toString() {
    return "SlackSettings[mode=" + (socketMode() ? "socket" : "http") + ", apiUrl="
        + (apiUrl == null ? "<default>" : apiUrl) + ", port=" + port + ", apiTimeout=" + apiTimeout
        + (oauth == null ? "" : ", " + oauth) + "]";
  }
}

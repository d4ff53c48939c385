package org.studybot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One Slack workspace (or Enterprise Grid organisation) that installed the app through OAuth, as
 * {@code oauth.v2.access} described it. Tokens are plain here, in memory, and encrypted in the
 * store; {@link #toString()} never shows them. Immutable and thread-safe.
 *
 * @param enterpriseId the Enterprise Grid id, or null
 * @param teamId the workspace id, or null for an organisation-wide install
 * @param teamName the workspace's name, or null
 * @param appId the app id
 * @param botId the bot id ({@code B...})
 * @param botUserId the bot's user id ({@code U...})
 * @param botScopes the scopes granted, comma-separated
 * @param botToken the bot token ({@code xoxb-...})
 * @param botRefreshToken the refresh token when token rotation is on, or null
 * @param botTokenExpiresAt when the bot token expires under rotation, or null
 * @param installerUserId who installed it
 * @param enterpriseInstall whether it is an organisation-wide install
 * @param installedAt when it was (first) installed
 */
public record Installation(
    String enterpriseId,
    String teamId,
    String teamName,
    String appId,
    String botId,
    String botUserId,
    String botScopes,
    String botToken,
    String botRefreshToken,
    Instant botTokenExpiresAt,
    String installerUserId,
    boolean enterpriseInstall,
    Instant installedAt) {

  public Installation {
    Objects.requireNonNull(botToken, "botToken");
    Objects.requireNonNull(installedAt, "installedAt");
    if (teamId == null && enterpriseId == null) {
      throw new IllegalArgumentException("installation: needs a team id or an enterprise id");
    }
  }

  /** The row key of an installation: enterprise and team, {@code -} for a missing one. */
  public static String key(String enterpriseId, String teamId) {
    return (enterpriseId == null ? "-" : enterpriseId) + ":" + (teamId == null ? "-" : teamId);
  }

  /** This installation's row key. */
  public String key() {
    return key(enterpriseId, teamId);
  }

  @Override
  public String toString() {
    return "Installation[key="
        + key()
        + ", teamName="
        + teamName
        + ", botUserId="
        + botUserId
        + ", botScopes="
        + botScopes
        + ", botToken=<set>, botRefreshToken="
        + (botRefreshToken == null ? "<unset>" : "<set>")
        + ", installedAt="
        + installedAt
        + "]";
  }
}

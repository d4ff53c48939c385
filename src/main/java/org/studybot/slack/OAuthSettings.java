package org.studybot.slack;

/**
 * The app's OAuth credentials, for installs in many workspaces. Immutable and thread-safe; {@link
 * #toString()} shows no secret.
 *
 * @param clientId {@code SLACK_CLIENT_ID}
 * @param clientSecret {@code SLACK_CLIENT_SECRET}
 * @param redirectUri {@code SLACK_REDIRECT_URI}, or null for the redirect URL in the app's settings
 */
public record OAuthSettings(String clientId, String clientSecret, String redirectUri) {
  public OAuthSettings {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      throw new IllegalArgumentException("OAuth installs need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET");
    }
  }

  @Override
  public String toString() {
    return "OAuthSettings[clientId=" + clientId + ", clientSecret=<set>, redirectUri="
        + (redirectUri == null ? "<app settings>" : redirectUri) + "]";
  }
}

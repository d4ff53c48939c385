package org.studybot.config;

import java.util.Map;
import java.util.Optional;

/**
 * The secrets and deployment settings StudyBot takes from the environment, and only from here.
 * {@link #toString()} never shows a secret. Immutable and thread-safe.
 *
 * @param botToken {@code SLACK_BOT_TOKEN}
 * @param appToken {@code SLACK_APP_TOKEN}: when set, Socket Mode
 * @param signingSecret {@code SLACK_SIGNING_SECRET}: verifies HTTP-mode requests
 * @param apiUrl {@code SLACK_API_URL}: another Web API base URL (a proxy or a local stand-in)
 * @param port {@code PORT}: where HTTP mode listens (default 3000)
 * @param admins {@code STUDYBOT_ADMINS}: comma-separated Slack user ids, added to the config's
 * @param databaseUrl {@code STUDYBOT_DATABASE_URL}: the store's JDBC URL, overriding {@code
 *     store.url} (may carry the user and password, since it comes from the environment)
 * @param databaseUser {@code STUDYBOT_DATABASE_USER}: the store's database user
 * @param databasePassword {@code STUDYBOT_DATABASE_PASSWORD}: the store's database password
 * @param encryptionKey {@code STUDYBOT_ENCRYPTION_KEY}: base64 of 32 bytes, the AES-256 key that
 *     encrypts tokens at rest in the store
 * @param gitToken {@code STUDYBOT_GIT_TOKEN}: read access to the content repository ({@code
 *     content.git.url}); handed to each fetch, never logged or written into the checkout
 * @param webhookSecret {@code STUDYBOT_WEBHOOK_SECRET}: verifies {@code POST /webhooks/content}
 *     (GitHub's HMAC key, or GitLab's token); without it the webhook is off
 * @param clientId {@code SLACK_CLIENT_ID}: with {@code SLACK_CLIENT_SECRET} (and no bot token), the
 *     app is installed in many workspaces through Slack's OAuth flow
 * @param clientSecret {@code SLACK_CLIENT_SECRET}: exchanges an install's code for its token
 * @param redirectUri {@code SLACK_REDIRECT_URI}: the OAuth redirect URL sent to Slack, when the app
 *     has more than one (else Slack uses the one in the app's settings)
 */
public record Secrets(
    Optional<String> botToken,
    Optional<String> appToken,
    Optional<String> signingSecret,
    Optional<String> apiUrl,
    int port,
    String admins,
    Optional<String> databaseUrl,
    Optional<String> databaseUser,
    Optional<String> databasePassword,
    Optional<byte[]> encryptionKey,
    Optional<String> gitToken,
    Optional<String> webhookSecret,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<String> redirectUri) {

  public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
  public static final String APP_TOKEN = "SLACK_APP_TOKEN";
  public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
  public static final String API_URL = "SLACK_API_URL";
  public static final String PORT = "PORT";
  public static final String ADMINS = "STUDYBOT_ADMINS";
  public static final String DATABASE_URL = "STUDYBOT_DATABASE_URL";
  public static final String DATABASE_USER = "STUDYBOT_DATABASE_USER";
  public static final String DATABASE_PASSWORD = "STUDYBOT_DATABASE_PASSWORD";
  public static final String ENCRYPTION_KEY = "STUDYBOT_ENCRYPTION_KEY";
  public static final String GIT_TOKEN = "STUDYBOT_GIT_TOKEN";
  public static final String WEBHOOK_SECRET = "STUDYBOT_WEBHOOK_SECRET";
  public static final String CLIENT_ID = "SLACK_CLIENT_ID";
  public static final String CLIENT_SECRET = "SLACK_CLIENT_SECRET";
  public static final String REDIRECT_URI = "SLACK_REDIRECT_URI";

  /** Reads the variables above from {@code env}. */
  public static Secrets fromEnv(Map<String, String> env) throws ConfigException {
    int port = 3000;
    String p = blankToNull(env.get(PORT));
    if (p != null) {
      try {
        port = Integer.parseInt(p.strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(PORT + ": \"" + p + "\" is not a port number", e);
      }
      if (port < 0 || port > 65535) {
        throw new ConfigException(PORT + ": " + port + " is not a port number (0-65535)");
      }
    }
    return new Secrets(
        Optional.ofNullable(blankToNull(env.get(BOT_TOKEN))),
        Optional.ofNullable(blankToNull(env.get(APP_TOKEN))),
        Optional.ofNullable(blankToNull(env.get(SIGNING_SECRET))),
        Optional.ofNullable(blankToNull(env.get(API_URL))),
        port,
        env.getOrDefault(ADMINS, ""),
        Optional.ofNullable(blankToNull(env.get(DATABASE_URL))).map(String::strip),
        Optional.ofNullable(blankToNull(env.get(DATABASE_USER))),
        Optional.ofNullable(blankToNull(env.get(DATABASE_PASSWORD))),
        Optional.ofNullable(encryptionKey(env.get(ENCRYPTION_KEY))),
        Optional.ofNullable(blankToNull(env.get(GIT_TOKEN))).map(String::strip),
        Optional.ofNullable(blankToNull(env.get(WEBHOOK_SECRET))),
        Optional.ofNullable(blankToNull(env.get(CLIENT_ID))).map(String::strip),
        Optional.ofNullable(blankToNull(env.get(CLIENT_SECRET))).map(String::strip),
        Optional.ofNullable(blankToNull(env.get(REDIRECT_URI))).map(String::strip));
  }

  /** The key's bytes; the message never shows the value, only what is wrong with it. */
  private static byte[] encryptionKey(String value) throws ConfigException {
    if (blankToNull(value) == null) {
      return null;
    }
    byte[] key;
    try {
      key = java.util.Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ENCRYPTION_KEY + ": not base64 (expected 32 random bytes in base64, e.g. from"
              + " `openssl rand -base64 32`)", e);
    }
    if (key.length != 32) {
      throw new ConfigException(
          ENCRYPTION_KEY + ": " + key.length + " bytes, expected 32 (`openssl rand -base64 32`)");
    }
    return key;
  }

  /** The encryption key's bytes: a copy, so the record stays immutable. */
  @Override
  public Optional<byte[]> encryptionKey() {
    return encryptionKey.map(byte[]::clone);
  }

  /** Whether there are Slack credentials at all (else the bot runs in the terminal). */
  public boolean hasSlack() {
    return botToken.isPresent() || oauth();
  }

  /**
   * Whether the app is installed through OAuth (many workspaces): {@code SLACK_CLIENT_ID} and
   * {@code SLACK_CLIENT_SECRET} set. Whether that agrees with the other variables is checked where
   * the Slack bot starts.
   */
  public boolean oauth() {
    return clientId.isPresent() && clientSecret.isPresent();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    return "Secrets[botToken="
        + (botToken.isPresent() ? "<set>" : "<unset>")
        + ", appToken="
        + (appToken.isPresent() ? "<set>" : "<unset>")
        + ", signingSecret="
        + (signingSecret.isPresent() ? "<set>" : "<unset>")
        + ", apiUrl="
        + apiUrl.orElse("<default>")
        + ", port="
        + port
        + ", databaseUrl="
        + (databaseUrl.isPresent() ? "<set>" : "<unset>")
        + ", databaseUser="
        + databaseUser.orElse("<unset>")
        + ", databasePassword="
        + (databasePassword.isPresent() ? "<set>" : "<unset>")
        + ", encryptionKey="
        + (encryptionKey.isPresent() ? "<set>" : "<unset>")
        + ", gitToken="
        + (gitToken.isPresent() ? "<set>" : "<unset>")
        + ", webhookSecret="
        + (webhookSecret.isPresent() ? "<set>" : "<unset>")
        + ", clientId="
        + clientId.orElse("<unset>")
        + ", clientSecret="
        + (clientSecret.isPresent() ? "<set>" : "<unset>")
        + ", redirectUri="
        + redirectUri.orElse("<unset>")
        + "]";
  }
}

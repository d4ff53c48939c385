package org.studybot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets come from the environment only and never show in text. */
class SecretsTest {
  private static final Map<String, String> ENV =
      Map.of(
          Secrets.BOT_TOKEN, "xoxb-secret-bot-token",
          Secrets.APP_TOKEN, "xapp-secret-app-token",
          Secrets.SIGNING_SECRET, "s1gn1ng-s3cr3t",
          Secrets.API_URL, "http://127.0.0.1:9999/api/",
          Secrets.PORT, " 8080 ");

  @Test
  void readsTheVariables() throws Exception {
    Secrets s = Secrets.fromEnv(ENV);
    assertEquals("xoxb-secret-bot-token", s.botToken().orElseThrow());
    assertEquals(8080, s.port());
    assertTrue(s.hasSlack());
    Secrets none = Secrets.fromEnv(Map.of(Secrets.BOT_TOKEN, "  "));
    assertFalse(none.hasSlack(), "a blank token is no token");
    assertEquals(3000, none.port());
  }

  @Test
  void oauthCredentialsMeanSlackToo() throws Exception {
    Secrets s = Secrets.fromEnv(Map.of(Secrets.CLIENT_ID, " 123.456 ", Secrets.CLIENT_SECRET, "cl1ent-s3cr3t",
        Secrets.REDIRECT_URI, "https://bot.example/slack/oauth_redirect"));
    assertTrue(s.oauth() && s.hasSlack(), "the default command is serve");
    assertEquals("123.456", s.clientId().orElseThrow());
    assertFalse(s.toString().contains("cl1ent-s3cr3t"), s.toString());
    assertFalse(Secrets.fromEnv(Map.of(Secrets.CLIENT_ID, "123.456")).oauth(), "the id alone is not enough");
  }

  @Test
  void toStringRedactsEverySecret() throws Exception {
    String shown = Secrets.fromEnv(ENV).toString();
    for (String secret : new String[] {"xoxb-secret-bot-token", "xapp-secret-app-token", "s1gn1ng-s3cr3t", "secret", "s3cr3t"}) {
      assertFalse(shown.contains(secret), shown);
    }
    assertTrue(shown.contains("botToken=<set>") && shown.contains("signingSecret=<set>"), shown);
    assertTrue(Secrets.fromEnv(Map.of()).toString().contains("botToken=<unset>"));
  }

  @Test
  void contentRepositoryVariablesAreReadAndNeverShown() throws Exception {
    Secrets s = Secrets.fromEnv(Map.of(Secrets.GIT_TOKEN, " ghp_t0ken ", Secrets.WEBHOOK_SECRET, "h00k-s3cret"));
    assertEquals("ghp_t0ken", s.gitToken().orElseThrow());
    assertEquals("h00k-s3cret", s.webhookSecret().orElseThrow());
    String shown = s.toString();
    assertFalse(shown.contains("t0ken") || shown.contains("s3cret"), shown);
    assertTrue(shown.contains("gitToken=<set>") && shown.contains("webhookSecret=<set>"), shown);
    assertTrue(Secrets.fromEnv(Map.of(Secrets.WEBHOOK_SECRET, " ")).webhookSecret().isEmpty(), "blank is unset");
  }

  @Test
  void storeVariablesAreReadAndNeverShown() throws Exception {
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    Secrets s =
        Secrets.fromEnv(
            Map.of(
                Secrets.DATABASE_URL, " jdbc:postgresql://db/studybot?password=pw-in-url ",
                Secrets.DATABASE_USER, "studybot",
                Secrets.DATABASE_PASSWORD, "db-p4ssw0rd",
                Secrets.ENCRYPTION_KEY, key));
    assertEquals("jdbc:postgresql://db/studybot?password=pw-in-url", s.databaseUrl().orElseThrow());
    assertEquals("db-p4ssw0rd", s.databasePassword().orElseThrow());
    assertEquals(32, s.encryptionKey().orElseThrow().length);
    String shown = s.toString();
    for (String secret : new String[] {"pw-in-url", "db-p4ssw0rd", key}) {
      assertFalse(shown.contains(secret), shown);
    }
    assertTrue(shown.contains("databaseUrl=<set>") && shown.contains("encryptionKey=<set>"), shown);
  }

  @Test
  void badEncryptionKeyIsNamedWithoutItsValue() {
    ConfigException notBase64 =
        assertThrows(ConfigException.class, () -> Secrets.fromEnv(Map.of(Secrets.ENCRYPTION_KEY, "not*base64!")));
    assertTrue(notBase64.getMessage().startsWith("STUDYBOT_ENCRYPTION_KEY: not base64"), notBase64.getMessage());
    assertFalse(notBase64.getMessage().contains("not*base64!"));
    String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    assertEquals(
        "STUDYBOT_ENCRYPTION_KEY: 16 bytes, expected 32 (`openssl rand -base64 32`)",
        assertThrows(ConfigException.class, () -> Secrets.fromEnv(Map.of(Secrets.ENCRYPTION_KEY, shortKey))).getMessage());
  }

  @Test
  void badPortIsNamed() {
    assertEquals("PORT: \"http\" is not a port number",
        assertThrows(ConfigException.class, () -> Secrets.fromEnv(Map.of(Secrets.PORT, "http"))).getMessage());
    assertEquals("PORT: 70000 is not a port number (0-65535)",
        assertThrows(ConfigException.class, () -> Secrets.fromEnv(Map.of(Secrets.PORT, "70000"))).getMessage());
  }
}

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
  void toStringRedactsEverySecret() throws Exception {
    String shown = Secrets.fromEnv(ENV).toString();
    for (String secret : new String[] {"xoxb-secret-bot-token", "xapp-secret-app-token", "s1gn1ng-s3cr3t", "secret", "s3cr3t"}) {
      assertFalse(shown.contains(secret), shown);
    }
    assertTrue(shown.contains("botToken=<set>") && shown.contains("signingSecret=<set>"), shown);
    assertTrue(Secrets.fromEnv(Map.of()).toString().contains("botToken=<unset>"));
  }

  @Test
  void badPortIsNamed() {
    assertEquals("PORT: \"http\" is not a port number",
        assertThrows(ConfigException.class, () -> Secrets.fromEnv(Map.of(Secrets.PORT, "http"))).getMessage());
    assertEquals("PORT: 70000 is not a port number (0-65535)",
        assertThrows(ConfigException.class, () -> Secrets.fromEnv(Map.of(Secrets.PORT, "70000"))).getMessage());
  }
}

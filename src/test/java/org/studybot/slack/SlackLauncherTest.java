package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.studybot.config.Secrets;

/** Start-up refuses incomplete settings with a message naming what is missing, before loading anything. */
class SlackLauncherTest {
  private static String run(Map<String, String> env) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SlackLauncher.run(BotConfig.defaults(), Secrets.fromEnv(env),
        c -> {
          throw new AssertionError("the corpus was loaded before the settings were checked");
        },
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, code);
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void refusesToStartWithoutTheSecretsItNeeds() throws Exception {
    assertTrue(run(Map.of()).contains("SLACK_BOT_TOKEN is not set"));
    String http = run(Map.of(Secrets.BOT_TOKEN, "xoxb-secret-value"));
    assertTrue(http.contains("HTTP mode needs SLACK_SIGNING_SECRET"), http);
    assertFalse(http.contains("xoxb-secret-value"));
  }

  @Test
  void manyWorkspacesNeedBothClientCredentialsTheKeyAndNoBotToken() throws Exception {
    String half = run(Map.of(Secrets.CLIENT_ID, "123.456", Secrets.SIGNING_SECRET, "sig"));
    assertTrue(half.contains("SLACK_CLIENT_SECRET is not set"), half);
    String both = run(Map.of(Secrets.CLIENT_ID, "123.456", Secrets.CLIENT_SECRET, "client-secret-value",
        Secrets.BOT_TOKEN, "xoxb-secret-value", Secrets.SIGNING_SECRET, "sig"));
    assertTrue(both.contains("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set"), both);
    String noKey = run(Map.of(Secrets.CLIENT_ID, "123.456", Secrets.CLIENT_SECRET, "client-secret-value",
        Secrets.SIGNING_SECRET, "sig"));
    assertTrue(noKey.contains("need STUDYBOT_ENCRYPTION_KEY"), noKey);
    for (String out : new String[] {half, both, noKey}) {
      assertFalse(out.contains("client-secret-value") || out.contains("xoxb-secret-value"), out);
    }
  }

  @Test
  void settingsNeverShowSecrets() {
    SlackSettings s = new SlackSettings("xoxb-1", "xapp-2", "sig-3", "http://127.0.0.1:1/api", 0, null);
    assertEquals("http://127.0.0.1:1/api/", s.apiUrl());
    assertTrue(s.socketMode());
    assertFalse(s.toString().contains("xoxb-1") || s.toString().contains("xapp-2") || s.toString().contains("sig-3"));
    SlackSettings o = new SlackSettings(null, null, "sig-3", null, 0, null, new OAuthSettings("123.456", "cs-4", null));
    assertFalse(o.toString().contains("cs-4") || o.toString().contains("sig-3"), o.toString());
    assertTrue(o.toString().contains("123.456"), o.toString());
  }
}

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
  void settingsNeverShowSecrets() {
    SlackSettings s = new SlackSettings("xoxb-1", "xapp-2", "sig-3", "http://127.0.0.1:1/api", 0, null);
    assertEquals("http://127.0.0.1:1/api/", s.apiUrl());
    assertTrue(s.socketMode());
    assertFalse(s.toString().contains("xoxb-1") || s.toString().contains("xapp-2") || s.toString().contains("sig-3"));
  }
}

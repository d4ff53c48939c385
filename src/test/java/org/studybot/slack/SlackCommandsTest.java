package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.ConfigLoader;

/** The {@code slack} section: command names, admins and their rules. */
class SlackCommandsTest {
  private static SlackCommands read(String yaml) throws ConfigException {
    return SlackCommands.from(ConfigLoader.parse("cfg.yml", yaml).section("slack"));
  }

  private static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> read(yaml)).getMessage();
  }

  @Test
  void defaultsAndEveryKey() throws Exception {
    assertEquals(new SlackCommands("/ask", "/study", "/studybot", List.of()),
        SlackCommands.from(BotConfig.defaults().section("slack")));
    assertEquals(new SlackCommands("/q", "/s", "/a", List.of("U1", "U2")),
        read("slack: {ask_command: /q, study_command: /s, admin_command: /a, admins: [U1, U2]}"));
  }

  @Test
  void badValuesAndRules() {
    assertTrue(error("slack: {ask_command: ask}").startsWith("cfg.yml: slack.ask_command: \"ask\" is not a slash command"));
    assertTrue(error("slack: {admins: 5}").startsWith("cfg.yml: slack.admins: \"5\" is not a list of Slack user ids"));
    assertEquals("cfg.yml: slack: the ask, study and admin commands must differ",
        error("slack: {ask_command: /x, study_command: /x}"));
  }
}

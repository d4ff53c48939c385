package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The app manifest an admin pastes into Slack asks for what the bot handles, under the configured names. */
class ManifestTest {
  @SuppressWarnings("unchecked")
  private static <T> T at(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      o = ((Map<String, Object>) o).get(p);
    }
    return (T) o;
  }

  @Test
  void manifestMatchesTheBot() throws Exception {
    Map<String, Object> m =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Path.of("config/slack-app-manifest.yml")));
    SlackCommands d = SlackCommands.from(BotConfig.defaults().section("slack"));
    List<Map<String, Object>> commands = at(m, "features", "slash_commands");
    assertEquals(List.of(d.ask(), d.study(), d.admin()), commands.stream().map(c -> c.get("command")).toList());
    List<String> events = at(m, "settings", "event_subscriptions", "bot_events");
    assertEquals(List.of("app_mention", "message.im", "app_home_opened", "app_uninstalled", "tokens_revoked"), events);
    List<String> scopes = at(m, "oauth_config", "scopes", "bot");
    // Exactly the scopes the code uses: nothing opens DMs (im:write) or lists them (im:read).
    assertEquals(List.of("app_mentions:read", "chat:write", "commands", "im:history"), scopes);
    assertEquals(scopes, OAuthInstall.BOT_SCOPES, "an OAuth install asks for the manifest's scopes");
    for (Map<String, Object> c : commands) {
      assertEquals(Boolean.TRUE, c.get("should_escape"), c + ": SlackText expects commands' text as markup");
    }
    assertEquals(Boolean.TRUE, at(m, "settings", "socket_mode_enabled"));
    assertEquals(Boolean.TRUE, at(m, "settings", "interactivity", "is_enabled"));
    assertEquals(Boolean.TRUE, at(m, "features", "app_home", "home_tab_enabled"));
  }
}

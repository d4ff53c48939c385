package org.studybot.slack;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.studybot.config.ConfigException;
import org.studybot.config.Section;

/**
 * The {@code slack} section of {@code config/studybot.yml}: the slash commands' names and the
 * admins. Immutable and thread-safe.
 *
 * @param ask the command that asks a question ({@code ask_command})
 * @param study the command that browses a subject ({@code study_command})
 * @param admin the admins' command ({@code admin_command})
 * @param admins Slack user ids allowed to run admin commands ({@code admins}, plus {@code
 *     STUDYBOT_ADMINS})
 */
public record SlackCommands(String ask, String study, String admin, List<String> admins) {

  public SlackCommands {
    admins = List.copyOf(admins);
  }

  /** Reads and checks the section. */
  public static SlackCommands from(Section s) throws ConfigException {
    SlackCommands c =
        new SlackCommands(command(s, "ask_command"), command(s, "study_command"), command(s, "admin_command"),
            s.list("admins", "Slack user id"));
    Set<String> names = new LinkedHashSet<>(List.of(c.ask, c.study, c.admin));
    if (names.size() < 3) {
      throw s.rule("slack: the ask, study and admin commands must differ");
    }
    return c;
  }

  private static String command(Section s, String key) throws ConfigException {
    String v = s.string(key);
    if (!v.matches("/[a-z0-9_-]{1,31}")) {
      throw s.invalid(key, v, "a slash command such as /ask (lower case, at most 32 characters)");
    }
    return v;
  }
}

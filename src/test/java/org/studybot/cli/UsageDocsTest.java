package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The commands and options the parser accepts, the usage text ({@code --help}) and the README's
 * Commands table name the same things, so neither document drifts from the code.
 */
class UsageDocsTest {
  private static final Pattern DISPATCHED = Pattern.compile("case \"([a-z]+)\" ->");
  private static final Pattern HELP_COMMAND = Pattern.compile("(?m)^  ([a-z]+)\\b");
  private static final Pattern TABLE_COMMAND = Pattern.compile("(?m)^\\| `([a-z]+)[ `]");

  /** The commands {@code Main.run} dispatches, read from its switch. */
  private static Set<String> dispatched() throws IOException {
    String source = Files.readString(Path.of("src/main/java/org/studybot/cli/Main.java"));
    String run = source.substring(source.indexOf("public int run("));
    run = run.substring(0, run.indexOf("default ->"));
    return all(DISPATCHED, run);
  }

  private static Set<String> helpCommands() {
    String help = Main.HELP.substring(Main.HELP.indexOf("Commands:"), Main.HELP.indexOf("Options for every command:"));
    return all(HELP_COMMAND, help);
  }

  private static String readmeCommands() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("\n## Commands\n"));
    return section.substring(0, section.indexOf("\n## ", 1));
  }

  private static Set<String> all(Pattern p, String text) {
    return p.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void helpAndReadmeListEveryCommandTheCliRuns() throws IOException {
    Set<String> commands = dispatched();
    assertTrue(commands.containsAll(Set.of("shell", "serve", "validate")), "read the switch: " + commands);
    assertEquals(commands, helpCommands(), "--help lists every command Main runs, and only those");
    assertEquals(commands, all(TABLE_COMMAND, readmeCommands()), "README's Commands table lists every command");
  }

  @Test
  void helpAndReadmeNameEveryOptionTheParserAccepts() throws IOException {
    String readme = readmeCommands();
    List<String> missing = new ArrayList<>();
    Set<String> options = new TreeSet<>(Main.VALUED);
    options.addAll(Main.FLAGS);
    for (String option : options) {
      Pattern named = Pattern.compile("--" + Pattern.quote(option) + "\\b(?!-)");
      if (!named.matcher(Main.HELP).find()) {
        missing.add("--help omits --" + option);
      }
      if (!named.matcher(readme).find()) {
        missing.add("README's Commands omit --" + option);
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  @Test
  void everyOptionTheHelpShowsIsAccepted() {
    Set<String> shown = all(Pattern.compile("--([a-z][a-z-]*)"), Main.HELP);
    Set<String> accepted = new TreeSet<>(Main.VALUED);
    accepted.addAll(Main.FLAGS);
    assertEquals(accepted, shown, "--help shows the options the parser accepts");
  }
}

package org.studybot.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The environment variables the bot reads (named in one place, {@link Secrets}) are the ones the
 * README names: each in the Configuration section's list, and no other {@code SLACK_*} or {@code
 * STUDYBOT_*} variable anywhere in it but the test suite's own.
 */
class SecretsDocsTest {
  /** Variables only the tests, CI and the benchmarks read, never the bot. */
  private static final Set<String> TESTS_ONLY = Set.of("STUDYBOT_TEST_PG_URL", "STUDYBOT_REQUIRE_PG", "STUDYBOT_BENCH_DIR");

  private static Set<String> read() throws IllegalAccessException {
    Set<String> out = new TreeSet<>();
    for (Field f : Secrets.class.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) {
        f.setAccessible(true);
        String name = (String) f.get(null);
        if (name.matches("[A-Z][A-Z0-9_]*")) {
          out.add(name);
        }
      }
    }
    return out;
  }

  @Test
  void readmeNamesExactlyTheVariablesSecretsReads() throws IOException, IllegalAccessException {
    Set<String> read = read();
    assertTrue(read.containsAll(Set.of("SLACK_BOT_TOKEN", "PORT")), "read Secrets' names: " + read);
    String readme = Files.readString(Path.of("README.md"));
    String configuration = readme.substring(readme.indexOf("\n## Configuration\n"));
    configuration = configuration.substring(0, configuration.indexOf("\n## ", 1));
    List<String> wrong = new ArrayList<>();
    for (String name : read) {
      if (!configuration.contains("`" + name + "`")) {
        wrong.add(name + " (read in Secrets) is missing from README's Configuration section");
      }
    }
    Matcher m = Pattern.compile("\\b(?:SLACK|STUDYBOT)_[A-Z0-9_]*[A-Z0-9]\\b").matcher(readme);
    Set<String> named = new TreeSet<>();
    while (m.find()) {
      named.add(m.group());
    }
    named.removeAll(read);
    named.removeAll(TESTS_ONLY);
    named.forEach(name -> wrong.add(name + " is named in README but not read by Secrets"));
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }
}

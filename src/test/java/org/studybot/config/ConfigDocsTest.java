package org.studybot.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The README's configuration table is the bundled defaults file as a table: every key the bot
 * accepts (the bundled file's keys: any other is refused) has a row, no row names a key it lacks,
 * and each row's default is the file's value, both read as YAML.
 */
class ConfigDocsTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_.]+)` \\| `([^`]*)` \\|");
  /** A key quoted in prose with its default: {@code `intake.lease` (60 s}, {@code (`intake.workers`, 4}. */
  private static final Pattern PROSE =
      Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)+)`[),]?\\s*[(,]\\s*([0-9][0-9,]*)(?![.0-9])\\s*(ms|s|minutes?|hours?|days?|h|m|d)?\\b");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final List<Path> DOCS = List.of(Path.of("README.md"), Path.of("BENCHMARKS.md"), Path.of("docs/scaling.md"));

  private static Object yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  /** The bundled file's leaves by dotted key, in file order. */
  private static Map<String, Object> bundled() throws IOException {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.BUNDLED)) {
      assertNotNull(in, ConfigLoader.BUNDLED);
      Map<String, Object> out = new LinkedHashMap<>();
      leaves("", (Map<?, ?>) yaml(new String(in.readAllBytes(), StandardCharsets.UTF_8)), out);
      return out;
    }
  }

  private static void leaves(String prefix, Map<?, ?> map, Map<String, Object> out) {
    map.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m) {
            leaves(prefix + k + ".", m, out);
          } else {
            out.put(prefix + k, v);
          }
        });
  }

  /** The README's table rows: key to the default as written, in README order. */
  private static Map<String, String> documented() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("\n## Configuration\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = ROW.matcher(section);
    while (m.find()) {
      assertNull(out.put(m.group(1), m.group(2)), "README lists " + m.group(1) + " twice");
    }
    return out;
  }

  @Test
  void readmeTableListsEveryKeyWithItsDefault() throws IOException {
    Map<String, Object> keys = bundled();
    Map<String, String> rows = documented();
    assertTrue(keys.size() > 40, "read the bundled file: " + keys.keySet());
    List<String> wrong = new ArrayList<>();
    keys.forEach(
        (key, value) -> {
          if (!rows.containsKey(key)) {
            wrong.add(key + " (default " + value + ") has no row in README's Configuration table");
          } else if (!Objects.equals(value, yaml(rows.get(key)))) {
            wrong.add(key + ": README says `" + rows.get(key) + "`, the bundled file " + value);
          }
        });
    rows.keySet().stream()
        .filter(key -> !keys.containsKey(key))
        .forEach(key -> wrong.add(key + " is in README's table but not a key the bot accepts"));
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  /** A figure in seconds, for a duration (the file's {@code 30m}, the prose's {@code 30 minutes}). */
  private static double seconds(long n, String unit) {
    return n * switch (unit.isEmpty() ? "s" : unit.substring(0, unit.startsWith("ms") ? 2 : 1)) {
      case "ms" -> 0.001;
      case "m" -> 60.0;
      case "h" -> 3600.0;
      case "d" -> 86400.0;
      default -> 1.0;
    };
  }

  @Test
  void defaultsQuotedInTheDocsAreTheBundledOnes() throws IOException {
    Map<String, Object> keys = bundled();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Path doc : DOCS) {
      Matcher m = PROSE.matcher(Files.readString(doc));
      while (m.find()) {
        Object value = keys.get(m.group(1));
        if (value == null) {
          continue;
        }
        checked++;
        long n = Long.parseLong(m.group(2).replace(",", ""));
        String unit = m.group(3) == null ? "" : m.group(3);
        Matcher d = DURATION.matcher(String.valueOf(value));
        boolean same = d.matches()
            ? seconds(Long.parseLong(d.group(1)), d.group(2)) == seconds(n, unit)
            : value instanceof Number v && unit.isEmpty() && v.longValue() == n;
        if (!same) {
          wrong.add(doc + ": \"" + m.group() + "\", but the bundled default of " + m.group(1) + " is " + value);
        }
      }
    }
    assertTrue(checked > 20, "read the docs' quoted defaults: " + checked);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }
}

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
}

package org.studybot.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code config/studybot.yml} into a {@link BotConfig}. The defaults are the copy of that
 * file bundled in the jar ({@value #BUNDLED}): the user's file is laid over it key by key, so every
 * key is optional, and a key the bundled file does not have is an error naming the file, the key
 * and the keys known there. A value of {@code ~} (or nothing) means the default. Values are then
 * read by type ({@link Section}) and rules that span keys checked in one place ({@link BotConfig}).
 */
public final class ConfigLoader {
  /** The bundled defaults, a classpath resource copied from {@code config/studybot.yml} at build time. */
  static final String BUNDLED = "/org/studybot/config/studybot.yml";

  private static final Map<String, Object> DEFAULT_TREE = bundledTree();
  static final BotConfig DEFAULTS = defaultsOrFail();

  private ConfigLoader() {}

  /**
   * Loads {@code file}; when {@code required} is false a missing file means the defaults. Admin ids
   * in the {@code STUDYBOT_ADMINS} variable of {@code env} are added to {@code slack.admins}.
   */
  public static BotConfig load(Path file, boolean required, Map<String, String> env) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (required) {
        throw new ConfigException(file + ": no such configuration file", e);
      }
      text = "";
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text, env);
  }

  /** Parses configuration text laid over the defaults; {@code source} names it in errors. */
  public static BotConfig parse(String source, String text) throws ConfigException {
    return parse(source, text, Map.of());
  }

  private static BotConfig parse(String source, String text, Map<String, String> env) throws ConfigException {
    Map<String, Object> tree = mutableCopy(DEFAULT_TREE);
    overlay(source, "", tree, read(source, text));
    addAdmins(tree, env);
    return BotConfig.from(new Section(source, "", frozen(tree)));
  }

  /** The YAML of {@code text} as a mapping (empty for an empty file). */
  private static Map<?, ?> read(String source, String text) throws ConfigException {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      options.setTagInspector(tag -> false);
      root = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": invalid YAML: " + e.getMessage().replaceAll("\\s+", " "), e);
    }
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(source + ": expected a mapping of settings");
    }
    return map;
  }

  /** Lays {@code user} over {@code defaults} (a mutable copy), refusing keys the defaults lack. */
  @SuppressWarnings("unchecked")
  private static void overlay(String source, String prefix, Map<String, Object> defaults, Map<?, ?> user)
      throws ConfigException {
    for (Map.Entry<?, ?> e : user.entrySet()) {
      String key = String.valueOf(e.getKey());
      String dotted = prefix.isEmpty() ? key : prefix + "." + key;
      if (!defaults.containsKey(key)) {
        throw new ConfigException(
            source + ": " + dotted + ": unknown setting (known: "
                + String.join(", ", new Section(source, prefix, defaults).leaves()) + ")");
      }
      Object d = defaults.get(key);
      Object v = e.getValue();
      if (v == null) {
        continue; // "key:" or "key: ~" keeps the default
      }
      if (d instanceof Map<?, ?> inner) {
        if (!(v instanceof Map<?, ?> userInner)) {
          throw new ConfigException(
              source + ": " + dotted + ": \"" + v + "\" is not a section (known: "
                  + String.join(", ", new Section(source, prefix, defaults).section(key).leaves()) + ")");
        }
        overlay(source, dotted, (Map<String, Object>) inner, userInner);
      } else {
        defaults.put(key, v);
      }
    }
  }

  /** STUDYBOT_ADMINS (named in {@link Secrets}) adds to {@code slack.admins}. */
  @SuppressWarnings("unchecked")
  private static void addAdmins(Map<String, Object> tree, Map<String, String> env) {
    String extra = env.getOrDefault(Secrets.ADMINS, "");
    if (extra.isBlank() || !(tree.get("slack") instanceof Map<?, ?> slack)) {
      return;
    }
    Object current = slack.get("admins");
    Set<Object> admins = new LinkedHashSet<>();
    if (current instanceof List<?> l) {
      admins.addAll(l);
    } else if (current instanceof String s) {
      Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isBlank()).forEach(admins::add);
    } else if (current != null) {
      return; // the Slack section reports the bad value
    }
    Arrays.stream(extra.split("[,\\s]+")).filter(s -> !s.isBlank()).forEach(admins::add);
    ((Map<String, Object>) slack).put("admins", new ArrayList<>(admins));
  }

  /** A deep mutable copy of a tree of maps and lists. */
  static Map<String, Object> mutableCopy(Map<?, ?> tree) {
    Map<String, Object> out = new LinkedHashMap<>();
    tree.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> m ? mutableCopy(m) : v));
    return out;
  }

  /** A deep unmodifiable copy of a tree of maps and lists. */
  static Map<String, Object> frozen(Map<?, ?> tree) {
    Map<String, Object> out = new LinkedHashMap<>();
    tree.forEach((k, v) -> out.put(String.valueOf(k), frozenValue(v)));
    return Collections.unmodifiableMap(out);
  }

  private static Object frozenValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return frozen(m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(frozenValue(x)));
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  private static Map<String, Object> bundledTree() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the classpath (the build copies config/studybot.yml)");
      }
      return frozen(read(BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static BotConfig defaultsOrFail() {
    try {
      return BotConfig.from(new Section(BUNDLED, "", DEFAULT_TREE));
    } catch (ConfigException e) {
      throw new IllegalStateException("the bundled defaults are invalid: " + e.getMessage(), e);
    }
  }
}

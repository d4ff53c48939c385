package org.studybot.config;

import com.github.benmanes.caffeine.cache.CaffeineSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Reads {@code config/studybot.yml} into a {@link BotConfig}. Every key is optional (the defaults
 * are {@link BotConfig#defaults()}); an unknown key or a bad value is an error naming the file, the
 * key, the value and what was expected. Rules that span keys are checked in {@link #check}.
 *
 * <pre>
 * content_dir: content
 * data_dir: data
 * site_base_url: https://quicktakes.io
 * answer: {answered_threshold: 0.55, unsure_threshold: 0.3, summary_chars: 300, alternatives: 3}
 * cache: maximumSize=10000,expireAfterWrite=1h,recordStats
 * limits: {max_file_bytes: 1048576, max_question_chars: 2000, max_query_terms: 32}
 * search: {semantic: on}
 * reload: {watch: off}
 * slack: {ask_command: /ask, study_command: /study, admin_command: /studybot, admins: [U0123]}
 * </pre>
 */
public final class ConfigLoader {
  private static final Set<String> KEYS =
      Set.of(
          "content_dir", "data_dir", "site_base_url", "answer.answered_threshold",
          "answer.unsure_threshold", "answer.summary_chars", "answer.alternatives", "cache",
          "limits.max_file_bytes", "limits.max_question_chars", "limits.max_query_terms",
          "search.semantic", "reload.watch", "slack.ask_command", "slack.study_command",
          "slack.admin_command", "slack.admins");

  private ConfigLoader() {}

  /**
   * Loads {@code file}; when {@code required} is false a missing file means the defaults. Admin ids
   * in the {@code STUDYBOT_ADMINS} variable of {@code env} are added to the file's.
   */
  public static BotConfig load(Path file, boolean required, Map<String, String> env) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (required) {
        throw new ConfigException(file + ": no such configuration file", e);
      }
      return withEnv(BotConfig.defaults(), env);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return withEnv(parse(file.toString(), text), env);
  }

  /** Parses configuration text; {@code source} names it in errors. */
  public static BotConfig parse(String source, String text) throws ConfigException {
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
    Map<String, Object> flat = new LinkedHashMap<>();
    if (root != null) {
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException(source + ": expected a mapping of settings");
      }
      flatten("", map, flat, source);
    }
    Values v = new Values(source, flat);
    BotConfig d = BotConfig.defaults();
    BotConfig config =
        new BotConfig(
            Path.of(v.text("content_dir", d.contentDir().toString())),
            Path.of(v.text("data_dir", d.dataDir().toString())),
            v.text("site_base_url", d.siteBaseUrl()),
            v.fraction("answer.answered_threshold", d.answeredAt()),
            v.fraction("answer.unsure_threshold", d.unsureAt()),
            v.integer("answer.summary_chars", d.summaryChars(), 40, 3000),
            v.integer("answer.alternatives", d.alternatives(), 1, 10),
            v.text("cache", d.cacheSpec()),
            v.longInteger("limits.max_file_bytes", d.maxFileBytes(), 1024, 1L << 30),
            v.integer("limits.max_question_chars", d.maxQuestionChars(), 10, 100_000),
            v.integer("limits.max_query_terms", d.maxQueryTerms(), 1, 1024),
            v.flag("search.semantic", d.semantic()),
            v.flag("reload.watch", d.watchContent()),
            v.command("slack.ask_command", d.askCommand()),
            v.command("slack.study_command", d.studyCommand()),
            v.command("slack.admin_command", d.adminCommand()),
            v.list("slack.admins"));
    check(source, config);
    return config;
  }

  /** The rules that span keys. */
  static void check(String source, BotConfig c) throws ConfigException {
    if (c.unsureAt() > c.answeredAt()) {
      throw new ConfigException(
          source + ": answer.unsure_threshold (" + c.unsureAt() + ") must not exceed answer.answered_threshold ("
              + c.answeredAt() + ")");
    }
    try {
      CaffeineSpec.parse(c.cacheSpec());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": cache: \"" + c.cacheSpec() + "\" is not a Caffeine spec: " + e.getMessage(), e);
    }
    if (!c.siteBaseUrl().matches("https?://\\S+")) {
      throw new ConfigException(source + ": site_base_url: \"" + c.siteBaseUrl() + "\" is not an http(s) URL");
    }
    Set<String> commands = new LinkedHashSet<>(List.of(c.askCommand(), c.studyCommand(), c.adminCommand()));
    if (commands.size() < 3) {
      throw new ConfigException(source + ": slack: the ask, study and admin commands must differ");
    }
  }

  private static BotConfig withEnv(BotConfig c, Map<String, String> env) {
    String extra = env.getOrDefault(Secrets.ADMINS, "");
    if (extra.isBlank()) {
      return c;
    }
    Set<String> admins = new LinkedHashSet<>(c.admins());
    Arrays.stream(extra.split("[,\\s]+")).filter(s -> !s.isBlank()).forEach(admins::add);
    return c.withAdmins(List.copyOf(admins));
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out, String source)
      throws ConfigException {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> inner && !KEYS.contains(key)) {
        flatten(key + ".", inner, out, source);
      } else if (!KEYS.contains(key)) {
        throw new ConfigException(source + ": " + key + ": unknown setting (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  /** Typed reads of the flattened settings, each error naming source, key and value. */
  private record Values(String source, Map<String, Object> flat) {
    private ConfigException bad(String key, Object value, String expected) {
      return new ConfigException(source + ": " + key + ": \"" + value + "\" is not " + expected);
    }

    String text(String key, String fallback) throws ConfigException {
      Object v = flat.get(key);
      if (v == null) {
        return fallback;
      }
      if (v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
        throw bad(key, v, "text");
      }
      return String.valueOf(v).strip();
    }

    String command(String key, String fallback) throws ConfigException {
      String s = text(key, fallback);
      if (!s.matches("/[a-z0-9_-]{1,31}")) {
        throw bad(key, s, "a slash command such as /ask (lower case, at most 32 characters)");
      }
      return s;
    }

    double fraction(String key, double fallback) throws ConfigException {
      Object v = flat.get(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        throw bad(key, v, "a number from 0 to 1");
      }
      return n.doubleValue();
    }

    int integer(String key, int fallback, int min, int max) throws ConfigException {
      return (int) longInteger(key, fallback, min, max);
    }

    long longInteger(String key, long fallback, long min, long max) throws ConfigException {
      Object v = flat.get(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
        throw bad(key, v, "a whole number from " + min + " to " + max);
      }
      return ((Number) v).longValue();
    }

    boolean flag(String key, boolean fallback) throws ConfigException {
      Object v = flat.get(key);
      if (v == null) {
        return fallback;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      throw bad(key, v, "on or off");
    }

    List<String> list(String key) throws ConfigException {
      Object v = flat.get(key);
      if (v == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      if (v instanceof List<?> l) {
        for (Object o : l) {
          if (o == null || o instanceof Map || o instanceof List) {
            throw bad(key, o, "a Slack user id");
          }
          out.add(String.valueOf(o).strip());
        }
      } else if (v instanceof String s) {
        Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isBlank()).forEach(out::add);
      } else {
        throw bad(key, v, "a list of Slack user ids");
      }
      return out;
    }
  }
}

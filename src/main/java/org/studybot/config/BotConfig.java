package org.studybot.config;

import com.github.benmanes.caffeine.cache.CaffeineSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting StudyBot reads, parsed once from {@code config/studybot.yml} overlaid on the
 * bundled copy of that file (the one source of defaults), and checked. Immutable and thread-safe.
 * Secrets are not here: see {@link Secrets}.
 *
 * <p>The sections the core needs are typed records; a package that owns settings of its own reads
 * them from {@link #section(String)} with a {@code static X from(Section)} of its own (the Slack
 * commands, for one). Tests build variations with {@link #builder()}.
 *
 * @param content the articles' directory and whether it is watched
 * @param dataDir where logs of unanswered questions, feedback and caches live ({@code data_dir})
 * @param siteBaseUrl prefixed to each article's {@code url} to make its link ({@code site_base_url})
 * @param cacheSpec the reply cache, as a Caffeine spec ({@code cache})
 * @param answer thresholds and reply sizes ({@code answer})
 * @param limits the most read of one file or question ({@code limits})
 * @param search the matching engine ({@code search})
 * @param root the whole file, overlaid on the defaults, for {@link #section(String)}
 */
public record BotConfig(
    ContentSettings content,
    Path dataDir,
    String siteBaseUrl,
    String cacheSpec,
    AnswerSettings answer,
    LimitSettings limits,
    SearchSettings search,
    Section root) {

  public BotConfig {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(siteBaseUrl, "siteBaseUrl");
    Objects.requireNonNull(cacheSpec, "cacheSpec");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(root, "root");
  }

  /** Reads and checks every typed setting of {@code root} (the file over the defaults). */
  static BotConfig from(Section root) throws ConfigException {
    BotConfig c =
        new BotConfig(
            ContentSettings.from(root),
            root.path("data_dir"),
            root.string("site_base_url"),
            root.string("cache"),
            AnswerSettings.from(root.section("answer"), root.section("slack").string("study_command")),
            LimitSettings.from(root.section("limits")),
            SearchSettings.from(root.section("search")),
            root);
    check(c);
    return c;
  }

  /** The rules that span keys, all here. */
  private static void check(BotConfig c) throws ConfigException {
    Section root = c.root;
    if (c.answer.unsureAt() > c.answer.answeredAt()) {
      throw root.rule(
          "answer.unsure_threshold (" + c.answer.unsureAt() + ") must not exceed answer.answered_threshold ("
              + c.answer.answeredAt() + ")");
    }
    try {
      CaffeineSpec.parse(c.cacheSpec);
    } catch (IllegalArgumentException e) {
      ConfigException x = root.invalid("cache", c.cacheSpec, "a Caffeine spec: " + e.getMessage());
      x.initCause(e);
      throw x;
    }
    if (!c.siteBaseUrl.matches("https?://\\S+")) {
      throw root.invalid("site_base_url", c.siteBaseUrl, "an http(s) URL");
    }
  }

  /** The settings used when there is no configuration file: the bundled {@code studybot.yml}. */
  public static BotConfig defaults() {
    return ConfigLoader.DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(root);
  }

  /** The raw section {@code name} (a top-level key of the file), for packages that own their settings. */
  public Section section(String name) {
    return root.section(name);
  }

  /** The content directory ({@code content_dir}). */
  public Path contentDir() {
    return content.dir();
  }

  /** The full link of a site path. */
  public String link(String url) {
    if (url == null || url.isEmpty() || url.startsWith("http://") || url.startsWith("https://")) {
      return url == null ? "" : url;
    }
    String base = siteBaseUrl.endsWith("/") ? siteBaseUrl.substring(0, siteBaseUrl.length() - 1) : siteBaseUrl;
    return base + (url.startsWith("/") ? url : "/" + url);
  }

  /**
   * Changes settings by their keys in the file and checks the result exactly as a file is
   * checked: {@code BotConfig.builder().contentDir(dir).set("answer.summary_chars", 200).build()}.
   * Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Object> tree;

    private Builder(Section root) {
      this.tree = ConfigLoader.mutableCopy(root.values());
    }

    /**
     * Sets the value at a dotted key ({@code slack.admins}); values are as YAML reads them
     * (text, numbers, booleans, lists). A key not in the bundled file is refused at once.
     */
    @SuppressWarnings("unchecked")
    public Builder set(String dottedKey, Object value) {
      String[] parts = dottedKey.split("\\.");
      Map<String, Object> map = tree;
      for (int i = 0; i < parts.length - 1; i++) {
        if (!(map.get(parts[i]) instanceof Map<?, ?> inner)) {
          throw new IllegalArgumentException(dottedKey + ": unknown setting");
        }
        map = (Map<String, Object>) inner;
      }
      String last = parts[parts.length - 1];
      if (!map.containsKey(last) || map.get(last) instanceof Map) {
        throw new IllegalArgumentException(dottedKey + ": unknown setting");
      }
      Object v = value instanceof Path p ? p.toString() : value instanceof List<?> l ? new ArrayList<>(l) : value;
      map.put(last, v);
      return this;
    }

    public Builder contentDir(Path dir) {
      return set("content_dir", dir);
    }

    public Builder dataDir(Path dir) {
      return set("data_dir", dir);
    }

    public Builder siteBaseUrl(String url) {
      return set("site_base_url", url);
    }

    public Builder cacheSpec(String spec) {
      return set("cache", spec);
    }

    public Builder semantic(boolean on) {
      return set("search.semantic", on);
    }

    public Builder watchContent(boolean on) {
      return set("reload.watch", on);
    }

    public Builder thresholds(double answeredAt, double unsureAt) {
      return set("answer.answered_threshold", answeredAt).set("answer.unsure_threshold", unsureAt);
    }

    /** The settings, checked as a file would be; a bad value is an {@link IllegalArgumentException}. */
    public BotConfig build() {
      try {
        return BotConfig.from(new Section("BotConfig.builder()", "", ConfigLoader.frozen(new LinkedHashMap<>(tree))));
      } catch (ConfigException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }
}

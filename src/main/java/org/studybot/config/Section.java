package org.studybot.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of {@code config/studybot.yml} (the whole file, or a section such as {@code answer}),
 * already overlaid on the bundled defaults, read by type. Every key a reader asks for exists (the
 * bundled file documents and defaults each one), so a missing key is a programming error. Every
 * error names the file, the dotted key, the value and the rule:
 * {@code config/studybot.yml: answer.answered_threshold: "abc" is not a number from 0 to 1}.
 *
 * <p>A package that owns a section reads it in a {@code static X from(Section)} of its own record
 * ({@code SlackCommands.from(config.section("slack"))}). Immutable and thread-safe.
 */
public final class Section {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private final String source;
  private final String name;
  private final Map<String, Object> values;

  Section(String source, String name, Map<String, Object> values) {
    this.source = Objects.requireNonNull(source, "source");
    this.name = Objects.requireNonNull(name, "name");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The file the values came from (for messages). */
  public String source() {
    return source;
  }

  /** The dotted name of this section ({@code ""} for the whole file). */
  public String name() {
    return name;
  }

  /** The keys of this section, in file order. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** The dotted key of {@code key} in this section ({@code answer.summary_chars}). */
  public String dotted(String key) {
    return name.isEmpty() ? key : name + "." + key;
  }

  /** An error about one value: {@code file: key: "value" is not RULE}. */
  public ConfigException invalid(String key, Object value, String rule) {
    return new ConfigException(source + ": " + dotted(key) + ": \"" + value + "\" is not " + rule);
  }

  /** An error about a rule that spans keys: {@code file: message}. */
  public ConfigException rule(String message) {
    return new ConfigException(source + ": " + message);
  }

  private Object raw(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException(
          dotted(key) + " is not in the bundled config/studybot.yml: add it there with its default");
    }
    return values.get(key);
  }

  /** Whether the value is {@code ~} (absent). */
  public boolean isNull(String key) {
    return raw(key) == null;
  }

  /** A non-blank single-line value, stripped; numbers are read as their text. */
  public String string(String key) throws ConfigException {
    Object v = raw(key);
    if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
      throw invalid(key, v, "text");
    }
    return String.valueOf(v).strip();
  }

  /** As {@link #string}, or empty where the value is {@code ~} or blank. */
  public Optional<String> optionalString(String key) throws ConfigException {
    Object v = raw(key);
    if (v == null || (!(v instanceof Map) && !(v instanceof List) && String.valueOf(v).isBlank())) {
      return Optional.empty();
    }
    return Optional.of(string(key));
  }

  /** A whole number from {@code min} to {@code max}. */
  public int integer(String key, int min, int max) throws ConfigException {
    return (int) longInteger(key, min, max);
  }

  /** A whole number from {@code min} to {@code max}. */
  public long longInteger(String key, long min, long max) throws ConfigException {
    Object v = raw(key);
    if (!(v instanceof Integer || v instanceof Long)
        || ((Number) v).longValue() < min
        || ((Number) v).longValue() > max) {
      throw invalid(key, v, "a whole number from " + min + " to " + max);
    }
    return ((Number) v).longValue();
  }

  /** A number from {@code min} to {@code max}. */
  public double number(String key, double min, double max) throws ConfigException {
    Object v = raw(key);
    if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
      throw invalid(key, v, "a number from " + plain(min) + " to " + plain(max));
    }
    return n.doubleValue();
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** {@code on}/{@code off} (or {@code true}/{@code false}). */
  public boolean bool(String key) throws ConfigException {
    Object v = raw(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "on", "true" -> {
          return true;
        }
        case "off", "false" -> {
          return false;
        }
        default -> {}
      }
    }
    throw invalid(key, v, "on or off");
  }

  /** A duration written as a whole number and a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 180d}. */
  public Duration duration(String key) throws ConfigException {
    Object v = raw(key);
    Matcher m = v == null ? null : DURATION.matcher(String.valueOf(v).strip());
    if (m == null || !m.matches()) {
      throw invalid(key, v, "a duration such as 500ms, 30s, 5m, 1h or 180d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** A list of text values ({@code [a, b]} or {@code "a, b"}); each item must be text. */
  public List<String> list(String key) throws ConfigException {
    return list(key, "value");
  }

  /**
   * As {@link #list(String)}; {@code item} names one element in errors ({@code "Slack user id"}
   * gives {@code is not a list of Slack user ids}).
   */
  public List<String> list(String key, String item) throws ConfigException {
    Object v = raw(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return List.of();
    } else if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o == null || o instanceof Map || o instanceof List) {
          throw invalid(key, o, "a " + item);
        }
        out.add(String.valueOf(o).strip());
      }
    } else if (v instanceof String s) {
      Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isBlank()).forEach(out::add);
    } else {
      throw invalid(key, v, "a list of " + item + "s");
    }
    return List.copyOf(out);
  }

  /** A path (relative paths are relative to the working directory). */
  public Path path(String key) throws ConfigException {
    String s = string(key);
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      ConfigException c = invalid(key, s, "a path");
      c.initCause(e);
      throw c;
    }
  }

  /** A nested section. */
  public Section section(String key) {
    Object v = raw(key);
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(dotted(key) + " is a value, not a section");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) m;
    return new Section(source, dotted(key), inner);
  }

  /** Every leaf key under this section, dotted, sorted (for "known:" lists). */
  Set<String> leaves() {
    Set<String> out = new TreeSet<>();
    leaves(name, values, out);
    return out;
  }

  private static void leaves(String prefix, Map<?, ?> map, Set<String> out) {
    map.forEach((k, v) -> {
      String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
      if (v instanceof Map<?, ?> inner) {
        leaves(key, inner, out);
      } else {
        out.add(key);
      }
    });
  }

  /** The values as read (nested maps and lists are unmodifiable). */
  Map<String, Object> values() {
    return values;
  }

  /** Equal when the values are: where they were read from does not matter. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Section s && s.name.equals(name) && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, values);
  }

  @Override
  public String toString() {
    return "Section[" + (name.isEmpty() ? "<root>" : name) + "=" + values + "]";
  }
}

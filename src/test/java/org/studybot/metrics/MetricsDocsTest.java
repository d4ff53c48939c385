package org.studybot.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's metrics table names every series {@code /metrics} can serve, with its labels, and no
 * series it cannot: a registry with every meter registered is scraped and compared with the table.
 */
class MetricsDocsTest {
  private static final Pattern NAME = Pattern.compile("`(studybot_[a-z_]+)(\\*)?(?:\\{([a-z_,]+)\\})?`");
  /** Samples a documented meter's family adds: a histogram's or a timer's parts. */
  private static final List<String> PARTS = List.of("", "_bucket", "_count", "_sum", "_max");

  /** The table's names (a trailing {@code *}: a prefix) with their labels, {@code null} when not given. */
  private static Map<String, Set<String>> documented() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("\n### Metrics\n"));
    section = section.substring(0, section.indexOf("\n### ", 1));
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String row : section.split("\n")) {
      if (!row.startsWith("| `studybot_")) {
        continue;
      }
      String names = row.substring(1, row.indexOf(" |", 2));
      Matcher m = NAME.matcher(names);
      while (m.find()) {
        String name = m.group(1) + (m.group(2) != null ? "*" : "");
        out.put(name, m.group(3) == null ? null : new TreeSet<>(List.of(m.group(3).split(","))));
      }
    }
    return out;
  }

  /** A scrape after every kind of meter the bot registers has been touched once. */
  private static Scrape everything() {
    try (PrometheusMetrics metrics = new PrometheusMetrics()) {
      metrics.watchCorpus(() -> 3, () -> 1, subject -> true);
      metrics.corpusCommit("1a2b3c4");
      metrics.question("slack-mention", "answered", "Biology", Duration.ofMillis(3));
      metrics.feedback(true);
      metrics.slackCall("chat.postMessage", "ok");
      metrics.reload(true, Duration.ofMillis(40));
      metrics.watchReplyCache(CacheStats::empty, () -> 0);
      for (Metrics.Backlog b : Metrics.Backlog.values()) {
        metrics.watch(b, () -> 0);
      }
      metrics.watchHeld("votes", () -> 0, () -> 0);
      metrics.retried("slack_api");
      return Scrape.parse(metrics.scrape());
    }
  }

  private static String family(String sample, Map<String, Set<String>> documented) {
    for (String name : documented.keySet()) {
      if (name.endsWith("*") ? sample.startsWith(name.substring(0, name.length() - 1))
          : PARTS.stream().anyMatch(p -> sample.equals(name + p))) {
        return name;
      }
    }
    return null;
  }

  @Test
  void readmeListsEveryMeterWithItsLabelsAndNoOther() throws IOException {
    Map<String, Set<String>> documented = documented();
    assertTrue(documented.size() > 15, "read README's metrics table: " + documented.keySet());
    Scrape scrape = everything();
    List<String> wrong = new ArrayList<>();
    Set<String> served = new TreeSet<>();
    for (Scrape.Sample s : scrape.samples()) {
      String name = family(s.name(), documented);
      if (name == null) {
        wrong.add(s.name() + " is served but not in README's metrics table");
        continue;
      }
      served.add(name);
      Set<String> labels = new TreeSet<>(s.labels().keySet());
      labels.remove("le");
      if (documented.get(name) != null && !labels.equals(documented.get(name))) {
        wrong.add(s.name() + " has labels " + labels + ", README says " + documented.get(name));
      }
    }
    documented.keySet().stream()
        .filter(name -> !served.contains(name))
        .forEach(name -> wrong.add(name + " is in README's metrics table but never served"));
    assertTrue(wrong.isEmpty(), String.join("\n", new TreeSet<>(wrong)));
  }
}

package org.studybot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes {@code BENCHMARKS.md} from the results file the benchmarks appended to: the median of the
 * runs of every figure, per corpus size and mode, the targets with met / missed (and by how much),
 * the machine, the command, and the hand-written analysis in {@code bench/notes.md}.
 *
 * <p>Usage: {@code Report --results FILE --out BENCHMARKS.md --machine FILE --command "..."
 * [--notes bench/notes.md]}.
 */
public final class Report {
  /** A target: the figure, its limit, and whether the limit is a ceiling or a floor. */
  private record Target(String mode, String metric, String label, double limit, boolean atMost) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("lexical", "load.total_s", "start → searchable (s)", 30, true),
          new Target("lexical", "load.ratio_to_floor", "searchable / bare floor", 1.3, true),
          new Target("lexical", "mem.heap_after_load_mb", "heap after load (MB)", 1536, true),
          new Target("lexical", "uncached.p50_ms", "uncached p50 (ms)", 1, true),
          new Target("lexical", "uncached.p99_ms", "uncached p99 (ms)", 5, true),
          new Target("lexical", "cached.p99_ms", "cached p99 (ms)", 0.1, true),
          new Target("lexical", "throughput.2threads_qps", "2-thread throughput (q/s)", 2000, false),
          new Target("lexical", "reload.ratio_to_first_load", "reload / first load", 1.2, true),
          new Target("lexical", "reload.failed_questions", "questions failed during reload", 0, true),
          new Target("semantic", "uncached.p99_ms", "semantic uncached p99 (ms)", 10, true),
          new Target("semantic", "throughput.2threads_qps", "semantic 2-thread throughput (q/s)", 500, false),
          new Target("slack", "slack.p99_ms", "Slack slash command p99 at 50 req/s (ms)", 50, true));

  private static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("articles", "articles loaded");
    LABELS.put("load.parse_s", "start → searchable: parse (s)");
    LABELS.put("load.index_s", "start → searchable: index (s)");
    LABELS.put("load.total_s", "start → searchable: total (s)");
    LABELS.put("load.cpu_s", "CPU time of the load, all threads (s)");
    LABELS.put("load.articles_per_s", "articles / s");
    LABELS.put("floor.parse_s", "floor: bare SnakeYAML parse (s)");
    LABELS.put("floor.index_s", "floor: bare Lucene index (s)");
    LABELS.put("floor.total_s", "floor: parse + index (s)");
    LABELS.put("floor.cpu_s", "floor: CPU time, all threads (s)");
    LABELS.put("load.ratio_to_floor", "overhead: total / floor total");
    LABELS.put("load.cpu_ratio_to_floor", "overhead by CPU time: load / floor");
    LABELS.put("mem.heap_after_load_mb", "heap after load, after GC (MB)");
    LABELS.put("mem.heap_per_article_kb", "heap per article (KB)");
    LABELS.put("mem.peak_rss_after_load_mb", "peak RSS at searchable (MB)");
    LABELS.put("mem.peak_rss_mb", "peak RSS, whole run incl. reload (MB)");
    LABELS.put("mem.index_mb", "index size (MB)");
    LABELS.put("mem.rss_anon_mb", "resident at searchable: heap and other anonymous (MB)");
    LABELS.put("mem.rss_file_mb", "resident at searchable: mapped files, e.g. the vector graph (MB)");
    LABELS.put("mem.rss_file_end_mb", "resident at the end: mapped files (MB)");
    LABELS.put("mem.load_max_heap_after_gc_mb", "most heap after a GC during the load (MB)");
    LABELS.put("mem.reload_max_heap_after_gc_mb", "most heap after a GC during the reload (MB)");
    LABELS.put("mem.heap_two_corpora_mb", "heap with both corpora held after the reload, after GC (MB)");
    LABELS.put("mem.heap_after_reload_mb", "heap after the reload, old corpus released, after GC (MB)");
    LABELS.put("vectors.graph_built_at_start", "vector graph built by this start (1) or opened (0)");
    LABELS.put("vectors.index_s", "vector index built or opened (s)");
    LABELS.put("vectors.raw_file_mb", "vector index: raw vectors file (MB)");
    LABELS.put("vectors.graph_file_mb", "vector index: HNSW graph file (MB)");
    LABELS.put("vectors.index_files_mb", "vector index: all files (MB)");
    LABELS.put("vectors.cache_file_mb", "vector cache file (MB)");
    LABELS.put("uncached.p50_ms", "uncached question p50 (ms)");
    LABELS.put("uncached.p99_ms", "uncached question p99 (ms)");
    LABELS.put("uncached.max_ms", "uncached question max (ms)");
    LABELS.put("cached.p50_ms", "cached question p50 (ms)");
    LABELS.put("cached.p99_ms", "cached question p99 (ms)");
    LABELS.put("cached.max_ms", "cached question max (ms)");
    LABELS.put("cached.hit_ratio", "cache hit ratio in the cached series");
    LABELS.put("throughput.2threads_qps", "throughput, 2 threads, uncached (q/s)");
    LABELS.put("reload.total_s", "reload while asking (s)");
    LABELS.put("reload.ratio_to_first_load", "reload / first load");
    LABELS.put("reload.questions_answered", "questions answered during reload");
    LABELS.put("reload.failed_questions", "questions failed during reload");
    LABELS.put("during_reload.p50_ms", "latency during reload p50 (ms)");
    LABELS.put("during_reload.p99_ms", "latency during reload p99 (ms)");
    LABELS.put("during_reload.max_ms", "latency during reload max (ms)");
    LABELS.put("during_reload_service.p50_ms", "answer time alone during reload p50 (ms)");
    LABELS.put("during_reload_service.p99_ms", "answer time alone during reload p99 (ms)");
    LABELS.put("during_reload_service.max_ms", "answer time alone during reload max (ms)");
    LABELS.put("reload.files_touched", "files touched before the reload (1% unless --reload-touch)");
    LABELS.put("reload.asked_per_s", "questions asked per second during reload");
    LABELS.put("slack.rate_per_s", "signed /ask commands per second");
    LABELS.put("slack.p50_ms", "/ask answered (response_url) p50 (ms)");
    LABELS.put("slack.p99_ms", "/ask answered (response_url) p99 (ms)");
    LABELS.put("slack.max_ms", "/ask answered (response_url) max (ms)");
    LABELS.put("slack_ack.p50_ms", "/ask HTTP acknowledged p50 (ms)");
    LABELS.put("slack_ack.p99_ms", "/ask HTTP acknowledged p99 (ms)");
    LABELS.put("slack_ack.max_ms", "/ask HTTP acknowledged max (ms)");
    LABELS.put("slack.errors", "/ask not acknowledged 200 or never answered");
  }

  private Report() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = Cli.options(args);
    // size -> mode -> metric -> values over runs
    Map<String, Map<String, Map<String, List<Double>>>> data = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(Cli.required(opts, "results")), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length != 5) {
        continue;
      }
      data.computeIfAbsent(f[0], k -> new LinkedHashMap<>())
          .computeIfAbsent(f[1], k -> new LinkedHashMap<>())
          .computeIfAbsent(f[3], k -> new ArrayList<>())
          .add(Double.parseDouble(f[4]));
    }
    Map<String, Map<String, Map<String, Double>>> medians = new LinkedHashMap<>();
    Map<String, Integer> runs = new TreeMap<>();
    data.forEach(
        (size, modes) ->
            modes.forEach(
                (mode, metrics) ->
                    metrics.forEach(
                        (metric, values) -> {
                          medians.computeIfAbsent(size, k -> new LinkedHashMap<>())
                              .computeIfAbsent(mode, k -> new LinkedHashMap<>())
                              .put(metric, median(values));
                          runs.merge(size + " " + mode, values.size(), Math::max);
                        })));
    // Overheads: the engine's medians over the floor's medians, per mode.
    medians.forEach(
        (size, modes) -> {
          Map<String, Double> floor = modes.getOrDefault("floor", Map.of());
          modes.forEach(
              (mode, m) -> {
                if (!mode.equals("floor") && m.containsKey("load.total_s") && floor.containsKey("floor.total_s")) {
                  m.put("load.ratio_to_floor", m.get("load.total_s") / floor.get("floor.total_s"));
                  if (m.containsKey("load.cpu_s") && floor.containsKey("floor.cpu_s")) {
                    m.put("load.cpu_ratio_to_floor", m.get("load.cpu_s") / floor.get("floor.cpu_s"));
                  }
                }
              });
        });
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Produced by `").append(opts.getOrDefault("command", "bash bench/run.sh")).append("` ");
    md.append("(generates the corpora, runs every benchmark, writes this file). Every figure is the ");
    md.append("median of the runs; each run is a fresh JVM (`-Xmx2g`, default configuration).\n\n");
    String machine = opts.get("machine");
    if (machine != null && Files.exists(Path.of(machine))) {
      md.append("## Machine\n\n```\n").append(Files.readString(Path.of(machine)).strip()).append("\n```\n\n");
    }
    String largest = largest(medians.keySet());
    md.append("## Targets (checked at ").append(largest).append(" articles)\n\n| target | limit | measured | |\n| --- | --- | --- | --- |\n");
    for (Target t : TARGETS) {
      Double v = medians.getOrDefault(largest, Map.of()).getOrDefault(t.mode(), Map.of()).get(t.metric());
      String verdict;
      if (v == null) {
        verdict = t.mode().equals("slack") ? "not measured: see the Slack section" : "not measured at this size: see the notes";
      } else {
        boolean met = t.atMost() ? v <= t.limit() : v >= t.limit();
        double by = t.limit() == 0 ? v : (t.atMost() ? v / t.limit() : t.limit() / v);
        verdict = met ? "met" : String.format(Locale.ROOT, "**missed** (%.2f× the limit)", by);
        if (!met && t.limit() == 0) {
          verdict = "**missed** (" + fmt(v) + ")";
        }
      }
      md.append("| ").append(t.label()).append(" | ").append(t.atMost() ? "≤ " : "≥ ").append(fmt(t.limit()))
          .append(" | ").append(v == null ? "–" : fmt(v)).append(" | ").append(verdict).append(" |\n");
    }
    md.append("\nSizes: ").append(String.join(", ", medians.keySet())).append(" (").append(largest).append(" is the one checked).\n\n");
    for (String mode : modes(medians)) {
      md.append("## ").append(mode).append("\n\n| figure |");
      for (String size : medians.keySet()) {
        md.append(' ').append(size).append(" |");
      }
      md.append("\n| --- |").append(" ---: |".repeat(medians.size())).append('\n');
      Set<String> metrics = new LinkedHashSet<>();
      for (var modes : medians.values()) {
        metrics.addAll(modes.getOrDefault(mode, Map.of()).keySet());
      }
      List<String> ordered = new ArrayList<>(LABELS.keySet());
      ordered.retainAll(metrics);
      metrics.removeAll(ordered);
      ordered.addAll(metrics);
      for (String metric : ordered) {
        md.append("| ").append(LABELS.getOrDefault(metric, metric)).append(" |");
        for (String size : medians.keySet()) {
          Double v = medians.get(size).getOrDefault(mode, Map.of()).get(metric);
          md.append(' ').append(v == null ? "–" : fmt(v)).append(" |");
        }
        md.append('\n');
      }
      md.append("\nRuns per size: ");
      List<String> counts = new ArrayList<>();
      for (String size : medians.keySet()) {
        Integer n = runs.get(size + " " + mode);
        if (n != null) {
          counts.add(size + " ×" + n);
        }
      }
      md.append(String.join(", ", counts)).append(".\n\n");
    }
    String notes = opts.get("notes");
    if (notes != null && Files.exists(Path.of(notes))) {
      md.append(Files.readString(Path.of(notes)).strip()).append('\n');
    }
    Files.writeString(Path.of(Cli.required(opts, "out")), md, StandardCharsets.UTF_8);
    System.err.println("wrote " + opts.get("out"));
  }

  private static List<String> modes(Map<String, Map<String, Map<String, Double>>> medians) {
    Set<String> all = new LinkedHashSet<>(List.of("lexical", "floor", "semantic", "slack"));
    Set<String> present = new LinkedHashSet<>();
    medians.values().forEach(m -> present.addAll(m.keySet()));
    all.retainAll(present);
    present.removeAll(all);
    all.addAll(present);
    return new ArrayList<>(all);
  }

  private static String largest(Set<String> sizes) {
    String best = null;
    long bestN = -1;
    for (String s : sizes) {
      long n = count(s);
      if (n > bestN) {
        bestN = n;
        best = s;
      }
    }
    return best;
  }

  /** {@code 100k} → 100000. */
  static long count(String size) {
    String s = size.toLowerCase(Locale.ROOT);
    return s.endsWith("k") ? Long.parseLong(s.substring(0, s.length() - 1)) * 1000 : Long.parseLong(s);
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String fmt(double v) {
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (Math.abs(v) >= 1 || v == 0) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}

package org.studybot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/** Small measuring tools shared by the benchmarks: percentiles, memory, and the results file. */
final class Measure {
  private Measure() {}

  /** Latency figures of one series, in milliseconds. */
  record Latency(int count, double p50, double p99, double max) {
    static Latency of(long[] nanos, int count) {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      if (count == 0) {
        return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Latency(count, ms(sorted[rank(count, 0.50)]), ms(sorted[rank(count, 0.99)]), ms(sorted[count - 1]));
    }

    private static int rank(int n, double q) {
      return Math.min(n - 1, (int) Math.ceil(q * n) - 1);
    }
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** CPU time of the whole process so far (all threads, JIT and GC included), in seconds. */
  static double processCpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Heap in use after full collections, in bytes (several, so finalizable garbage goes too). */
  static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100); // lets the concurrent phases of the collector finish before measuring
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A line of /proc/self/status in bytes ({@code VmHWM} is the peak resident set), or -1. */
  static long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Appends results as {@code size mode run metric value} lines, for {@link Report}. */
  static final class Results {
    private final Path file;
    private final String prefix;
    private final StringBuilder lines = new StringBuilder();

    Results(Path file, String size, String mode, String run) {
      this.file = file;
      this.prefix = size + "\t" + mode + "\t" + run + "\t";
    }

    void put(String metric, double value) {
      lines.append(prefix).append(metric).append('\t').append(String.format(Locale.ROOT, "%.4f", value)).append('\n');
      System.err.printf(Locale.ROOT, "  %-28s %,.3f%n", metric, value);
    }

    void latency(String name, Latency l) {
      put(name + ".p50_ms", l.p50());
      put(name + ".p99_ms", l.p99());
      put(name + ".max_ms", l.max());
    }

    void write() throws IOException {
      Files.writeString(
          file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}

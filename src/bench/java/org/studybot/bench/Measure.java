package org.studybot.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

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

  /**
   * The most heap in use right after any collection since {@link #reset}, from the collectors'
   * notifications: an upper bound of the live set over that span (a young collection leaves the
   * old generation's garbage in place), caught without stopping the program to measure. Thread-safe.
   */
  static final class GcWatch {
    private final AtomicLong max = new AtomicLong();

    private GcWatch() {}

    /** Watches every collector of this JVM from now on. */
    static GcWatch start() {
      GcWatch watch = new GcWatch();
      java.util.Set<String> heapPools = new java.util.HashSet<>();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(
              (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                  if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                  }
                }
                watch.max.accumulateAndGet(used, Math::max);
              },
              null,
              null);
        }
      }
      return watch;
    }

    /** Forgets what was seen so far. */
    void reset() {
      max.set(0);
    }

    /** Bytes: the most heap in use after a collection since the start or the last reset. */
    long maxAfterGc() {
      return max.get();
    }
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

package org.studybot.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The soak's result: what was sent and answered, how fast, what the bot logged, and how its heap
 * moved. Immutable.
 *
 * @param heap post-GC samples taken while the load ran
 * @param after the sample taken once every reply was in
 * @param heapGrowth the classes that grew most from before the load to after it (class histograms)
 * @param driverProblems the driver's own trouble (senders behind, a failed heap sample)
 */
record Summary(
    Soak.Options options, Ledger.Tally tally, List<BotProcess.HeapSample> heap, BotProcess.HeapSample after,
    long loadMillis, long drainMillis, int botLines, int botErrors, List<String> botErrorLines, boolean aliveAtEnd,
    List<String> heapGrowth, List<String> driverProblems) {
  /** Fewer samples than this and the heap trend is not judged. */
  static final int MIN_SAMPLES = 6;

  Summary {
    heap = List.copyOf(heap);
    botErrorLines = List.copyOf(botErrorLines);
    heapGrowth = List.copyOf(heapGrowth);
    driverProblems = List.copyOf(driverProblems);
  }

  /**
   * The heap's trend: the mean post-GC heap over the first and the last third of the samples, and
   * the least-squares slope over all of them.
   */
  record Trend(double firstMb, double lastMb, double slopeMbPerMin, boolean flat) {}

  Trend trend() {
    int third = heap.size() / 3;
    if (third == 0) {
      return new Trend(Double.NaN, Double.NaN, Double.NaN, false);
    }
    double first = heap.subList(0, third).stream().mapToLong(BotProcess.HeapSample::usedKb).average().orElse(0) / 1024;
    double last = heap.subList(heap.size() - third, heap.size()).stream()
        .mapToLong(BotProcess.HeapSample::usedKb).average().orElse(0) / 1024;
    double mx = heap.stream().mapToDouble(h -> h.atMillis() / 60_000.0).average().orElse(0);
    double my = heap.stream().mapToDouble(h -> h.usedKb() / 1024.0).average().orElse(0);
    double num = 0;
    double den = 0;
    for (BotProcess.HeapSample h : heap) {
      double dx = h.atMillis() / 60_000.0 - mx;
      num += dx * (h.usedKb() / 1024.0 - my);
      den += dx * dx;
    }
    double allowed = options.heapGrowthMb() + first * options.heapGrowthPct() / 100;
    return new Trend(first, last, den == 0 ? 0 : num / den, last - first <= allowed);
  }

  /** Everything that failed; empty when the soak passed. */
  List<String> failures() {
    List<String> f = new ArrayList<>(tally.failures());
    if (botErrors > 0) {
      f.add(botErrors + " error lines in the bot's log");
    }
    if (!aliveAtEnd) {
      f.add("the bot died during the soak");
    }
    if (heap.size() < MIN_SAMPLES) {
      f.add("only " + heap.size() + " heap samples (need " + MIN_SAMPLES + "): run longer or sample more often");
    } else if (!trend().flat()) {
      Trend t = trend();
      f.add(String.format(Locale.ROOT, "heap grew from %.1f MB to %.1f MB after GC (allowed: +%.0f MB + %.0f %%)",
          t.firstMb(), t.lastMb(), options.heapGrowthMb(), options.heapGrowthPct()));
    }
    f.addAll(driverProblems);
    return f;
  }

  void print(PrintStream out) {
    Ledger.Tally t = tally;
    out.println();
    out.printf(Locale.ROOT, "StudyBot soak: %.0f s of load at %d/s (+ a reload every %d s), drained in %.1f s%n",
        loadMillis / 1000.0, options.rate(), options.reloadEvery().toSeconds(), drainMillis / 1000.0);
    out.printf(Locale.ROOT, "  requests  %d sent (%s); %d acked 200, %d not, %d slower than 3 s%n", t.requests(),
        t.sent().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue()).collect(Collectors.joining(", ")),
        t.acked(), t.badAcks(), t.slowAcks());
    out.printf(Locale.ROOT, "  replies   %d expected, %d received, %d lost, %d duplicated, %d unexpected, "
        + "%d wrong, %d error notices%n", t.expected(), t.expected() - t.lost(), t.lost(), t.duplicates(),
        t.unexpected(), t.invalid(), t.errorNotices());
    out.printf(Locale.ROOT, "  ack       p50 %s, p99 %s, max %s%n", ms(t.ackMicros(), 0.50), ms(t.ackMicros(), 0.99),
        ms(t.ackMicros(), 1.0));
    out.printf(Locale.ROOT, "  reply     p50 %s, p99 %s, max %s (request sent to reply at the Web API)%n",
        ms(t.replyMicros(), 0.50), ms(t.replyMicros(), 0.99), ms(t.replyMicros(), 1.0));
    out.printf(Locale.ROOT, "  bot log   %d lines, %d errors%s%n", botLines, botErrors, aliveAtEnd ? "" : "; the bot DIED");
    if (heap.isEmpty()) {
      out.println("  heap      no samples");
    } else {
      Trend tr = trend();
      out.printf(Locale.ROOT, "  heap      after GC, %d samples: first third %.1f MB, last third %.1f MB (%+.1f MB), "
          + "slope %+.2f MB/min, after drain %.1f MB; threads %d -> %d%n", heap.size(), tr.firstMb(), tr.lastMb(),
          tr.lastMb() - tr.firstMb(), tr.slopeMbPerMin(), after.usedKb() / 1024.0, heap.get(0).threads(),
          after.threads());
    }
    for (String g : heapGrowth) {
      out.println("  grew      " + g);
    }
    for (String e : t.examples()) {
      out.println("  problem   " + e);
    }
    for (String e : botErrorLines) {
      out.println("  bot said  " + e);
    }
    List<String> f = failures();
    out.println(f.isEmpty() ? "RESULT: PASS" : "RESULT: FAIL: " + String.join("; ", f));
  }

  /** The {@code p} quantile of {@code micros} in milliseconds, or "-" when there are none. */
  static String ms(List<Long> micros, double p) {
    if (micros.isEmpty()) {
      return "-";
    }
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return String.format(Locale.ROOT, "%.1f ms", sorted[i] / 1000.0);
  }
}

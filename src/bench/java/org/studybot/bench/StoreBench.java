package org.studybot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.studybot.store.Store;
import org.studybot.store.StoreTarget;
import org.studybot.store.Work;
import org.studybot.store.WorkItem;
import org.studybot.store.WorkQueue;

/**
 * The store's cost per acknowledged request, on SQLite and PostgreSQL: the latency of {@code
 * enqueue}, {@code claim} (one item), {@code complete} and {@code seen} one at a time, and the
 * throughput of whole enqueue-claim-complete cycles from 4 threads. Each run uses a fresh database
 * (a new SQLite file; a new PostgreSQL schema); figures are medians over the runs.
 *
 * <pre>
 * bash bench/store.sh [--runs 5] [--items 1000]
 * java -cp target/studybot.jar:target/test-classes org.studybot.bench.StoreBench \
 *     [runs] [items] [postgres JDBC URL]
 * </pre>
 */
public final class StoreBench {
  private StoreBench() {}

  record Run(double[] p50, double[] p99, double cyclesPerSecond) {}

  private static final String[] OPS = {"enqueue", "claim", "complete", "recorded"};

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String pg = args.length > 2 ? args[2] : null;
    System.out.printf(Locale.ROOT, "store benchmark: %d runs of %d items each; medians over runs%n", runs, items);
    System.out.println("| database | op | p50 ms | p99 ms |");
    System.out.println("| --- | --- | --- | --- |");
    List<String> throughput = new ArrayList<>();
    for (String db : pg == null ? List.of("SQLite") : List.of("SQLite", "PostgreSQL")) {
      List<Run> results = new ArrayList<>();
      for (int r = 0; r < runs + 1; r++) {
        Run run = once(db, pg, items);
        if (r > 0) { // the first run warms the JIT and the connection pool
          results.add(run);
        }
      }
      for (int op = 0; op < OPS.length; op++) {
        int o = op;
        System.out.printf(
            Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", db, OPS[op],
            median(results.stream().mapToDouble(x -> x.p50()[o]).toArray()),
            median(results.stream().mapToDouble(x -> x.p99()[o]).toArray()));
      }
      throughput.add(
          String.format(
              Locale.ROOT, "| %s | %.0f |", db,
              median(results.stream().mapToDouble(Run::cyclesPerSecond).toArray())));
    }
    System.out.println();
    System.out.println("| database | enqueue+claim+complete cycles/s, 4 threads |");
    System.out.println("| --- | --- |");
    throughput.forEach(System.out::println);
  }

  private static Run once(String db, String pgUrl, int items) throws Exception {
    Path dir = Files.createTempDirectory("studybot-storebench-");
    String schema = "bench_" + Long.toHexString(System.nanoTime());
    StoreTarget target;
    if (db.equals("SQLite")) {
      target = StoreTarget.sqlite(dir);
    } else {
      exec(pgUrl, "CREATE SCHEMA " + schema);
      target = new StoreTarget(pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema,
          Optional.empty(), Optional.empty(), 8);
    }
    try (Store store = Store.open(target, Clock.systemUTC())) {
      WorkQueue q = store.workQueue();
      long[][] nanos = new long[OPS.length][items];
      Instant now = Instant.now();
      for (int i = 0; i < items; i++) {
        Work w = new Work("mention", "Ev" + i, "T1", "U1", "C1", "{\"text\":\"what is osmosis?\"}", now, null);
        long t0 = System.nanoTime();
        q.enqueue(w);
        long t1 = System.nanoTime();
        List<WorkItem> got = q.claim("bench", 1, Duration.ofSeconds(60));
        long t2 = System.nanoTime();
        q.complete(got.get(0).id());
        long t3 = System.nanoTime();
        q.recorded("Ev" + i); // how a retried Slack event is recognised
        long t4 = System.nanoTime();
        nanos[0][i] = t1 - t0;
        nanos[1][i] = t2 - t1;
        nanos[2][i] = t3 - t2;
        nanos[3][i] = t4 - t3;
      }
      double[] p50 = new double[OPS.length];
      double[] p99 = new double[OPS.length];
      for (int op = 0; op < OPS.length; op++) {
        Measure.Latency l = Measure.Latency.of(nanos[op], items);
        p50[op] = l.p50();
        p99[op] = l.p99();
      }
      return new Run(p50, p99, cycles(store, items));
    } finally {
      if (!db.equals("SQLite")) {
        exec(pgUrl, "DROP SCHEMA " + schema + " CASCADE");
      }
      try (var all = Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Whole cycles per second from 4 threads sharing the store. */
  private static double cycles(Store store, int items) throws Exception {
    WorkQueue q = store.workQueue();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String owner = "w" + t;
      fs.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < items; ) {
          q.enqueue(new Work("mention", "C" + i, "T1", "U1", "C1", "{}", Instant.now(), null));
          for (WorkItem w : q.claim(owner, 1, Duration.ofSeconds(60))) {
            q.complete(w.id());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    return items / ((System.nanoTime() - start) / 1e9);
  }

  private static void exec(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

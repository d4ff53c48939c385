package org.studybot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.studybot.slack.FakeSlackApi;
import org.studybot.slack.JarBot;
import org.studybot.slack.SignedClient;
import org.studybot.slack.SlackPayloads;

/**
 * The replica targets, on the packaged jar ({@link JarBot}: {@code java -jar target/studybot.jar
 * serve}, HTTP mode, lexical) against the tests' stand-in Slack ({@link FakeSlackApi}), all on
 * loopback. Every request is a signed {@code app_mention} event through {@code /slack/events}: the
 * durable intake records it in the store, acknowledges it, and a worker posts the answer with
 * {@code chat.postMessage}; a request's time runs from when it was due to when its answer reached
 * the stand-in.
 *
 * <ul>
 *   <li>{@code --mode latency}: one replica on the embedded SQLite store, then on PostgreSQL (and on
 *       PostgreSQL with {@code synchronous_commit=off}), each in a fresh process on a fresh
 *       database, at a paced {@code --rate} (50) mentions a second, open loop, for {@code
 *       --seconds} (20) after a 5 s warm-up; p50 and p95 per run, medians over {@code --runs}
 *       (the stores alternate, so each sees the same machine). Target: PostgreSQL p50 and p95 ≤
 *       1.2× SQLite's. {@code --compare-jar JAR} adds a run of another build's bot on PostgreSQL
 *       (e.g. the jar before a change), so both are measured on the same machine in one sitting.
 *   <li>{@code --mode throughput}: the Web API answers every call {@code --delay-ms} (50) late and
 *       each replica has {@code --workers} (2) intake workers, so the Web API is the bottleneck;
 *       {@code --count} (600) mentions are sent as fast as they are acknowledged, spread round-robin
 *       over one replica, then two, on one PostgreSQL; throughput = answers / (last answer − first
 *       send). Target: two replicas ≥ 2× one.
 * </ul>
 *
 * <p>The intake's fairness limits (per student, per channel, {@code api_rate}) are lifted so the
 * store and the Web API are what is measured. Usage: {@code bash bench/replicas.sh}, or {@code
 * ReplicaBench --mode latency|throughput --content DIR --pg JDBC-URL [--runs 3] ...}.
 */
public final class ReplicaBench {
  private ReplicaBench() {}

  /** When each request's answer reached the stand-in (System.nanoTime), 0 until then. */
  private static volatile AtomicLongArray answeredAt = new AtomicLongArray(0);

  private static final AtomicInteger answers = new AtomicInteger();

  /** Requests of the measured series the bot did not acknowledge (200) in time. */
  private static final AtomicInteger unacknowledged = new AtomicInteger();

  /** When each request of the measured series was acknowledged (System.nanoTime), 0 until then. */
  private static volatile AtomicLongArray ackedAt = new AtomicLongArray(0);

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    String mode = Cli.required(opts, "mode");
    Path content = Path.of(Cli.required(opts, "content"));
    String pg = Cli.required(opts, "pg");
    // Interrupted (Ctrl-C): no replica outlives the benchmark.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
    int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
    try (FakeSlackApi api = new FakeSlackApi(ReplicaBench::onCall, false)) {
      switch (mode) {
        case "latency" -> latency(api, content, pg, runs, Integer.parseInt(opts.getOrDefault("rate", "50")),
            Integer.parseInt(opts.getOrDefault("seconds", "20")), opts.get("compare-jar"));
        case "throughput" -> throughput(api, content, pg, runs, Integer.parseInt(opts.getOrDefault("delay-ms", "50")),
            Integer.parseInt(opts.getOrDefault("workers", "2")), Integer.parseInt(opts.getOrDefault("count", "600")));
        default -> throw new IllegalArgumentException("--mode: \"" + mode + "\" is not latency or throughput");
      }
    }
  }

  /** A database for one run: a SQLite file under the replica's data_dir, or a fresh schema. */
  private record Db(String label, String url, String schema, String baseUrl) implements AutoCloseable {
    static Db sqlite() {
      return new Db("SQLite", null, null, null);
    }

    static Db postgres(String label, String baseUrl, String extra) throws Exception {
      String schema = "bench_" + Long.toHexString(System.nanoTime());
      exec(baseUrl, "CREATE SCHEMA " + schema);
      return new Db(label, baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema + extra, schema, baseUrl);
    }

    Map<String, String> env() {
      return url == null ? Map.of() : Map.of("STUDYBOT_DATABASE_URL", url);
    }

    @Override
    public void close() throws Exception {
      if (schema != null) {
        exec(baseUrl, "DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void latency(FakeSlackApi api, Path content, String pg, int runs, int rate, int seconds,
      String compareJar) throws Exception {
    String compared = "PostgreSQL, " + (compareJar == null ? "" : Path.of(compareJar).getFileName().toString());
    List<String> labels = new ArrayList<>(List.of("SQLite", "PostgreSQL", "PostgreSQL, synchronous_commit=off"));
    if (compareJar != null) {
      labels.add(compared);
    }
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    labels.forEach(l -> results.put(l, new ArrayList<>()));
    System.out.printf(Locale.ROOT, "latency: one replica, mentions at %d/s for %d s (after 5 s warm-up), %d runs%n", rate,
        seconds, runs);
    for (int run = 1; run <= runs; run++) {
      List<String> order = new ArrayList<>(labels);
      if (run % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (String label : order) {
        String jar = System.getProperty("studybot.jar", "target/studybot.jar");
        // The other build's bot (a jar before a change), on PostgreSQL with the server's settings.
        System.setProperty("studybot.jar", label.equals(compared) ? compareJar : jar);
        try (Db db = switch (label) {
              case "SQLite" -> Db.sqlite();
              case "PostgreSQL, synchronous_commit=off" -> Db.postgres(label, pg, "&options=-c%20synchronous_commit%3Doff");
              default -> Db.postgres(label, pg, "");
            };
            Replicas r = Replicas.start(1, api, content, db, intake(4))) {
          System.setProperty("studybot.jar", jar);
          paced(r, rate, 5, 0); // warm-up: JIT, pools, caches of the store
          int n = rate * seconds;
          long[] due = paced(r, rate, seconds, 1_000_000);
          awaitAnswers(n, Duration.ofSeconds(30));
          long[] lat = new long[n];
          int lost = 0;
          for (int i = 0; i < n; i++) {
            long at = answeredAt.get(i);
            lat[i] = at == 0 ? Long.MAX_VALUE / 2 : at - due[i];
            lost += at == 0 ? 1 : 0;
          }
          long[] ack = new long[n];
          for (int i = 0; i < n; i++) {
            long at = ackedAt.get(i);
            ack[i] = at == 0 ? Long.MAX_VALUE / 2 : at - due[i];
          }
          Arrays.sort(lat);
          Arrays.sort(ack);
          double p50 = Measure.ms(lat[n / 2]);
          double p95 = Measure.ms(lat[(int) Math.ceil(0.95 * n) - 1]);
          double ack50 = Measure.ms(ack[n / 2]);
          double ack95 = Measure.ms(ack[(int) Math.ceil(0.95 * n) - 1]);
          results.get(label).add(new double[] {p50, p95, ack50, ack95});
          System.out.printf(Locale.ROOT, "  run %d %-36s p50 %7.2f ms  p95 %7.2f ms  (ack p50 %6.2f p95 %7.2f ms)  not"
              + " acknowledged %d, acknowledged but not answered within 30 s %d%n", run, label, p50, p95, ack50, ack95,
              unacknowledged.get(), lost - unacknowledged.get());
        }
      }
    }
    double[] sqlite = medians(results.get("SQLite"));
    System.out.println("| store | answer p50 (ms) | answer p95 (ms) | p50 / SQLite | p95 / SQLite | ack p50 / p95 (ms) |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (String label : labels) {
      double[] m = medians(results.get(label));
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f |%n", label, m[0], m[1], m[0] / sqlite[0],
          m[1] / sqlite[1], m[2], m[3]);
      if (label.equals(compared)) {
        double[] now = medians(results.get("PostgreSQL"));
        System.out.printf(Locale.ROOT, "PostgreSQL now / %s: p50 %.2f, p95 %.2f%n", compared, now[0] / m[0], now[1] / m[1]);
      }
    }
  }

  private static void throughput(FakeSlackApi api, Path content, String pg, int runs, int delayMs, int workers, int count)
      throws Exception {
    api.delay(Duration.ofMillis(delayMs));
    Map<Integer, List<Double>> results = new LinkedHashMap<>();
    System.out.printf(Locale.ROOT, "throughput: Web API %d ms a call, %d workers a replica, %d mentions, %d runs%n", delayMs,
        workers, count, runs);
    for (int run = 1; run <= runs; run++) {
      for (int replicas : run % 2 == 1 ? new int[] {1, 2} : new int[] {2, 1}) {
        try (Db db = Db.postgres("PostgreSQL", pg, "");
            Replicas r = Replicas.start(replicas, api, content, db, intake(workers))) {
          paced(r, 20, 2, 0); // warm-up
          reset(count);
          long start = System.nanoTime();
          AtomicInteger errors = new AtomicInteger();
          List<CompletableFuture<?>> acks = new ArrayList<>();
          // As fast as they are acknowledged, but at most 32 open at once (the bot's connection
          // limit is 256 a replica; Slack itself sends a few at a time).
          java.util.concurrent.Semaphore open = new java.util.concurrent.Semaphore(32);
          for (int i = 0; i < count; i++) {
            open.acquire();
            acks.add(r.send(i, mention(1_000_000 + i)).handle((resp, err) -> {
              open.release();
              if (err != null || resp.statusCode() != 200) {
                errors.incrementAndGet();
              }
              return null;
            }));
          }
          CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
          awaitAnswers(count - errors.get(), Duration.ofMinutes(3));
          long last = 0;
          for (int i = 0; i < count; i++) {
            last = Math.max(last, answeredAt.get(i));
          }
          double perSecond = answers.get() / ((last - start) / 1e9);
          results.computeIfAbsent(replicas, k -> new ArrayList<>()).add(perSecond);
          System.out.printf(Locale.ROOT, "  run %d %d replica(s): %.1f answers/s (%d answered, %d not acknowledged)%n", run,
              replicas, perSecond, answers.get(), errors.get());
        }
      }
    }
    double one = median(results.get(1));
    double two = median(results.get(2));
    System.out.println("| replicas | answers/s (median) | / one replica |");
    System.out.println("| --- | --- | --- |");
    System.out.printf(Locale.ROOT, "| 1 | %.1f | 1.00 |%n| 2 | %.1f | %.2f |%n", one, two, two / one);
  }

  /** The intake with its fairness limits lifted, {@code workers} workers, and a short stop. */
  private static String intake(int workers) {
    return "intake:\n  user_burst: 1000000\n  channel_burst: 1000000\n  api_rate: 1000\n  workers: " + workers
        + "\n  max_held: 100000\n  drain: 1s\n";
  }

  /**
   * Sends {@code rate × seconds} mentions on a fixed schedule, open loop, numbered from {@code
   * first}; when {@code first} is the measured series' base, {@link #answeredAt} is reset first.
   * Returns when each was due.
   */
  private static long[] paced(Replicas r, int rate, int seconds, int first) throws Exception {
    int n = rate * seconds;
    if (first == 1_000_000) {
      reset(n);
    }
    long[] due = new long[n];
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    List<CompletableFuture<?>> acks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      due[i] = start + i * period;
      while (System.nanoTime() < due[i]) {
        LockSupport.parkNanos(due[i] - System.nanoTime());
      }
      // Not acknowledged in time (the client's 10 s): Slack would send it again; counted apart.
      int k = i;
      AtomicLongArray acked = first == 1_000_000 ? ackedAt : null;
      acks.add(r.send(i, mention(first + i)).handle((resp, err) -> {
        if (err != null || resp.statusCode() != 200) {
          unacknowledged.incrementAndGet();
        } else if (acked != null) {
          acked.set(k, System.nanoTime());
        }
        return null;
      }));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return due;
  }

  private static void reset(int n) {
    answeredAt = new AtomicLongArray(n);
    ackedAt = new AtomicLongArray(n);
    answers.set(0);
    unacknowledged.set(0);
  }

  /** A mention numbered {@code i}: its ts carries the number, so the answer's thread_ts names it. */
  private static String mention(int i) {
    String ts = String.format(Locale.ROOT, "1700000000.%07d", i);
    String[] questions = {"what is osmosis", "how does photosynthesis work", "what is a hash table", "what is a cell",
        "why did the roman empire fall"};
    // Distinct text (the number), so the reply cache does not answer it; many students and channels.
    return SlackPayloads.callback(
        SlackPayloads.mention("<@UBOT> " + questions[i % questions.length] + " " + i, "USTU" + (i % 97), "C" + (i % 13), ts),
        "EvB" + i, Instant.now()).toString();
  }

  /** The stand-in posted an answer: a measured mention's if its thread_ts is 1700000000.1xxxxxx. */
  private static void onCall(FakeSlackApi.Call call) {
    String ts = call.method().equals("chat.postMessage") ? call.param("thread_ts") : null;
    if (ts == null || !ts.startsWith("1700000000.1")) {
      return;
    }
    int k = Integer.parseInt(ts.substring("1700000000.1".length()));
    AtomicLongArray at = answeredAt;
    if (k < at.length() && at.compareAndSet(k, 0, System.nanoTime())) {
      answers.incrementAndGet();
    }
  }

  private static void awaitAnswers(int n, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (answers.get() < n && System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000_000); // a benchmark driver waiting on child processes
    }
  }

  private static double[] medians(List<double[]> runs) {
    double[] m = new double[runs.get(0).length];
    for (int i = 0; i < m.length; i++) {
      int k = i;
      m[i] = median(runs.stream().map(r -> r[k]).toList());
    }
    return m;
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void exec(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** {@code n} replicas on one database, each with a data directory of its own; closed together. */
  private static final class Replicas implements AutoCloseable {
    private final List<JarBot> bots;
    private final List<SignedClient> clients;
    private final Path dir;

    private Replicas(List<JarBot> bots, Path dir) {
      this.bots = bots;
      this.clients = bots.stream().map(JarBot::client).toList();
      this.dir = dir;
    }

    static Replicas start(int n, FakeSlackApi api, Path content, Db db, String intake) throws Exception {
      Path dir = Files.createTempDirectory("studybot-replicabench-");
      List<JarBot> bots = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          Path config = dir.resolve("r" + i + ".yml");
          Files.writeString(config, "data_dir: " + dir.resolve("r" + i + "-data") + "\nhttp:\n  bind_address: 127.0.0.1\n"
              + "metrics:\n  enabled: off\n" + intake);
          bots.add(new JarBot(config, api, content, db.env()));
        }
      } catch (Exception | Error e) {
        for (JarBot b : bots) {
          b.close();
        }
        throw e;
      }
      return new Replicas(bots, dir);
    }

    /** Request {@code i} to replica {@code i mod n}, as a round-robin load balancer does. */
    CompletableFuture<java.net.http.HttpResponse<String>> send(int i, String body) throws Exception {
      return clients.get(i % clients.size()).postAsync(body, true, Instant.now());
    }

    @Override
    public void close() throws Exception {
      for (JarBot b : bots) {
        b.terminate();
      }
      try (var all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

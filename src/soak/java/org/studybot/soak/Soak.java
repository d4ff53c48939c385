package org.studybot.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.studybot.eval.EvalSet;
import org.studybot.slack.FakeSlackApi;
import org.studybot.slack.SignedClient;

/**
 * The soak driver. Starts the fake Slack Web API on loopback and the real jar against it, sends
 * requests at a steady rate for a fixed time, waits for the replies, measures the bot's heap after
 * GC along the way, prints a summary and exits 0 when everything held, 1 when anything failed, 2
 * on a bad option. Bounded: it sends at most {@code rate × duration} requests plus one reload per
 * interval, then stops the bot and itself.
 */
public final class Soak {
  private static final long ACK_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final Duration DRAIN = Duration.ofSeconds(30);
  private static final Duration LONGEST = Duration.ofHours(1);

  /**
   * What to run. Immutable.
   *
   * @param heapGrowthMb how much the post-GC heap may grow from the first third of the run to the
   *     last before it counts as not flat (plus {@code heapGrowthPct} of the first third's level)
   * @param cache a Caffeine spec replacing the configuration's reply cache, or empty to keep it
   */
  record Options(
      Duration duration, int rate, Duration reloadEvery, Duration heapEvery, Path jar, Path content, Path config,
      Optional<Path> eval, Path out, String botHeap, long seed, double heapGrowthMb, double heapGrowthPct, String cache,
      Duration faults) {
    static Options defaults() {
      return new Options(Duration.ofMinutes(3), 20, Duration.ofSeconds(10), Duration.ofSeconds(10),
          Path.of("target/studybot.jar"), Path.of("content"), Path.of("config/studybot.yml"),
          Optional.empty(), Path.of("target/soak"), "512m", 42, 4, 10, "", Duration.ZERO);
    }
  }

  private final Options o;
  private final PrintStream out;

  Soak(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("soak: " + e.getMessage());
      System.err.println("usage: soak/run.sh [--duration 3m] [--rate 20] [--reload-every 10s] [--heap-every 10s] "
          + "[--jar target/studybot.jar] [--content content] [--config config/studybot.yml] "
          + "[--eval DIR (default: the set bundled in the jar)] [--out target/soak] [--bot-heap 512m] [--seed 42] "
          + "[--heap-growth-mb 4] [--heap-growth-pct 10] [--cache CAFFEINE_SPEC] [--faults 20s]");
      System.exit(2);
      return;
    }
    System.exit(new Soak(options, System.out).run() ? 0 : 1);
  }

  /** Runs the soak; whether everything held. */
  boolean run() throws Exception {
    Files.createDirectories(o.out());
    // The evaluation set's questions: the copy bundled in the jar, unless --eval names a directory.
    EvalSet set = o.eval().isPresent() ? EvalSet.load(o.eval().get()) : EvalSet.bundled();
    List<String> questions = set.cases().stream().map(EvalSet.Case::question).toList();
    List<String> subjects = Workload.subjects(o.content());
    Ledger ledger = new Ledger(ACK_LIMIT_NANOS);
    String secret = "soak-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    try (FakeSlackApi api = new FakeSlackApi(ledger::onCall, false)) {
      int port = freePort();
      Path config = soakConfig();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SLACK_BOT_TOKEN", "xoxb-soak-dummy-token");
      env.put("SLACK_SIGNING_SECRET", secret);
      env.put("SLACK_API_URL", api.apiUrl());
      env.put("PORT", Integer.toString(port));
      env.put("STUDYBOT_ADMINS", Workload.ADMIN);
      List<String> command = List.of("java", "-Dfile.encoding=UTF-8", "-Xmx" + o.botHeap(), "-XX:+UseG1GC", "-jar",
          o.jar().toAbsolutePath().toString(), "serve", "--config", config.toString(), "--content",
          o.content().toAbsolutePath().toString());
      Path log = o.out().resolve("bot.log");
      out.printf(Locale.ROOT, "soak: %s at %d/s, reload every %s s; bot on 127.0.0.1:%d, Web API %s, log %s%n",
          o.duration(), o.rate(), o.reloadEvery().toSeconds(), port, api.apiUrl(),
          log + (o.cache().isEmpty() ? "" : "; reply cache " + o.cache()));
      try (BotProcess bot = new BotProcess(command, env, log, o.out())) {
        Thread stopper = new Thread(bot::close, "soak-stop-bot");
        Runtime.getRuntime().addShutdownHook(stopper);
        bot.awaitReady(Duration.ofSeconds(90));
        SignedClient client = new SignedClient(port, secret);
        HttpResponse<String> health = client.get("/healthz");
        if (health.statusCode() != 200) {
          throw new IllegalStateException("the bot's health check answered " + health.statusCode() + ": " + health.body());
        }
        Map<String, long[]> before = histogram(bot, "histogram-start.txt", new ArrayList<>());
        Workload work = new Workload(questions, subjects, api::responseUrl, o.seed());
        Faults faults = new Faults(api, port);
        if (!o.faults().isZero()) {
          faults.start(o.faults());
        }
        Load load;
        try {
          load = drive(bot, client, work, ledger);
        } finally {
          faults.close();
        }
        long drainStart = System.nanoTime();
        while (ledger.outstanding() > 0 && System.nanoTime() - drainStart < DRAIN.toNanos()) {
          Thread.sleep(100); // waiting for replies still on their way, bounded by DRAIN
        }
        long drainMs = (System.nanoTime() - drainStart) / 1_000_000;
        Thread.sleep(2_000); // a late duplicate would arrive about now
        List<String> problems = new ArrayList<>(load.driverProblems);
        problems.addAll(faults.problems());
        BotProcess.HeapSample after;
        try {
          after = bot.heap(load.elapsedMillis + drainMs);
        } catch (IOException e) {
          problems.add("the last heap sample failed: " + e.getMessage());
          after = new BotProcess.HeapSample(load.elapsedMillis + drainMs, -1, -1);
        }
        Map<String, long[]> afterHistogram = histogram(bot, "histogram-end.txt", problems);
        List<String> growth = before.isEmpty() || afterHistogram.isEmpty() ? List.of() : growth(before, afterHistogram);
        boolean aliveAtEnd = bot.alive();
        int botLines = bot.lines();
        int errors = bot.errorCount();
        List<String> errorLines = bot.errorLines();
        bot.close();
        Runtime.getRuntime().removeShutdownHook(stopper);
        Summary s = new Summary(o, ledger.tally(), load.heap, after, load.elapsedMillis, drainMs, botLines, errors,
            errorLines, aliveAtEnd, growth, problems);
        if (!o.faults().isZero()) {
          out.println(faults.summary());
        }
        s.print(out);
        return s.failures().isEmpty();
      }
    }
  }

  private Map<String, long[]> histogram(BotProcess bot, String name, List<String> problems) throws InterruptedException {
    try {
      return bot.histogram(o.out().resolve(name));
    } catch (IOException e) {
      problems.add("class histogram " + name + " failed: " + e.getMessage());
      return Map.of();
    }
  }

  /** The classes whose live bytes grew most between two histograms, said as "+1.2 MB (+345) name". */
  static List<String> growth(Map<String, long[]> before, Map<String, long[]> after) {
    return after.entrySet().stream()
        .map(e -> {
          long[] b = before.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
        })
        .filter(e -> e.getValue()[0] > 0)
        .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
        .limit(6)
        .map(e -> String.format(Locale.ROOT, "%+.2f MB (%+d) %s", e.getValue()[0] / 1048576.0, e.getValue()[1], e.getKey()))
        .toList();
  }

  /** What the load phase measured besides the ledger. */
  private record Load(List<BotProcess.HeapSample> heap, long elapsedMillis, List<String> driverProblems) {}

  /** Sends the mix for the configured duration, sampling the heap; returns when every send is done. */
  private Load drive(BotProcess bot, SignedClient client, Workload work, Ledger ledger) throws InterruptedException {
    int senders = Math.max(8, o.rate());
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(senders, senders, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(o.rate() * 5), r -> daemon(r, "soak-send-" + n.incrementAndGet()));
    ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> daemon(r, "soak-tick"));
    List<BotProcess.HeapSample> heap = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long start = System.nanoTime();
    long periodNanos = 1_000_000_000L / o.rate();
    long budget = o.duration().toNanos() / periodNanos;
    AtomicInteger issued = new AtomicInteger();
    Object workLock = new Object();
    ticker.scheduleAtFixedRate(guarded(problems, () -> {
      if (issued.incrementAndGet() <= budget) {
        Workload.Request r;
        synchronized (workLock) {
          r = work.next(Instant.now());
        }
        submit(pool, client, ledger, r, problems);
      }
    }), 0, periodNanos, TimeUnit.NANOSECONDS);
    long reloadNanos = o.reloadEvery().toNanos();
    ticker.scheduleAtFixedRate(guarded(problems, () -> {
      Workload.Request r;
      synchronized (workLock) {
        r = work.reload();
      }
      submit(pool, client, ledger, r, problems);
    }), reloadNanos / 2, reloadNanos, TimeUnit.NANOSECONDS);
    long end = start + o.duration().toNanos();
    long nextSample = start + o.heapEvery().toNanos();
    while (System.nanoTime() < end) {
      long wait = Math.min(end, nextSample) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // the load runs on the ticker; this thread only samples
      }
      if (System.nanoTime() >= nextSample && System.nanoTime() < end) {
        try {
          BotProcess.HeapSample h = bot.heap((System.nanoTime() - start) / 1_000_000);
          heap.add(h);
          out.printf(Locale.ROOT, "soak: t=%3d s  heap after GC %6.1f MB, %d threads, %d replies outstanding%n",
              h.atMillis() / 1000, h.usedKb() / 1024.0, h.threads(), ledger.outstanding());
        } catch (IOException e) {
          synchronized (problems) {
            problems.add("heap sample failed: " + e.getMessage());
          }
        }
        nextSample += o.heapEvery().toNanos();
      }
    }
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
      pool.shutdownNow();
      synchronized (problems) {
        problems.add("senders still busy 30 s after the load ended");
      }
    }
    synchronized (problems) {
      return new Load(List.copyOf(heap), elapsed, List.copyOf(problems));
    }
  }

  /** {@code task} reporting its failure: a scheduled task that throws is silently never run again. */
  private static Runnable guarded(List<String> problems, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        synchronized (problems) {
          problems.add("the driver failed to make a request: " + e);
        }
      }
    };
  }

  private static void submit(
      ThreadPoolExecutor pool, SignedClient client, Ledger ledger, Workload.Request r, List<String> problems) {
    try {
      pool.execute(() -> {
        long t0 = System.nanoTime();
        ledger.sending(r, t0);
        try {
          HttpResponse<String> resp = client.post(r.body(), r.json(), Instant.now(), Map.of());
          ledger.acked(r, resp.statusCode(), System.nanoTime() - t0, "");
        } catch (Exception e) {
          ledger.acked(r, 0, System.nanoTime() - t0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      synchronized (problems) {
        problems.add("a " + r.kind() + " request could not be queued: the senders fell behind (acks too slow)");
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The project's configuration with this run's data directory, so the soak's logs stay in {@code
   * out}, and the reply cache given by {@code --cache}, if any.
   */
  private Path soakConfig() throws IOException {
    String text = Files.readString(o.config(), StandardCharsets.UTF_8);
    Path data = o.out().resolve("data").toAbsolutePath();
    Files.createDirectories(data);
    text = setKey(text, "data_dir", data.toString());
    if (!o.cache().isEmpty()) {
      text = setKey(text, "cache", o.cache());
    }
    // 50 students in one channel at --rate ask more than the intake's per-student and per-channel
    // defaults let through; the soak measures answers and memory, and the limits have tests of
    // their own (IntakeTest, IntakeIT).
    for (String key : List.of("user_burst", "channel_burst")) {
      text = setNested(text, "intake", key, "1000000");
    }
    Path config = o.out().resolve("studybot.yml").toAbsolutePath();
    Files.writeString(config, text, StandardCharsets.UTF_8);
    return config;
  }

  /** {@code yaml} with the top-level {@code key} set to {@code value} (a quoted scalar). */
  private static String setKey(String yaml, String key, String value) {
    String line = key + ": '" + value.replace("'", "''") + "'";
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ":.*$").matcher(yaml);
    return m.find() ? m.replaceFirst(Matcher.quoteReplacement(line)) : yaml + "\n" + line + "\n";
  }

  /** {@code yaml} with {@code key} of the top-level {@code section} set to {@code value}. */
  static String setNested(String yaml, String section, String key, String value) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(section) + ":\\s*\\n((?:[ #].*\\n|\\n)*?)  "
        + Pattern.quote(key) + ":.*$").matcher(yaml);
    if (!m.find()) {
      throw new IllegalArgumentException("the config has no " + section + "." + key + " to set");
    }
    return yaml.substring(0, m.start()) + section + ":\n" + m.group(1) + "  " + key + ": " + value
        + yaml.substring(m.end());
  }

  // ------------------------------------------------------------------ options

  static Options parse(String[] args) {
    Options d = Options.defaults();
    Map<String, String> v = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("\"" + a + "\" is not an option followed by a value");
      }
      v.put(a.substring(2), args[++i]);
    }
    Options o = new Options(
        duration(v.remove("duration"), d.duration()), integer(v.remove("rate"), d.rate(), "rate"),
        duration(v.remove("reload-every"), d.reloadEvery()), duration(v.remove("heap-every"), d.heapEvery()),
        path(v.remove("jar"), d.jar()), path(v.remove("content"), d.content()), path(v.remove("config"), d.config()),
        v.containsKey("eval") ? Optional.of(path(v.remove("eval"), null)) : d.eval(), path(v.remove("out"), d.out()), text(v.remove("bot-heap"), d.botHeap()),
        integer(v.remove("seed"), (int) d.seed(), "seed"), number(v.remove("heap-growth-mb"), d.heapGrowthMb()),
        number(v.remove("heap-growth-pct"), d.heapGrowthPct()), text(v.remove("cache"), d.cache()),
        duration(v.remove("faults"), d.faults()));
    if (!v.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + v.keySet().iterator().next());
    }
    if (o.rate() < 1 || o.rate() > 200) {
      throw new IllegalArgumentException("--rate " + o.rate() + ": must be 1..200 requests a second");
    }
    if (o.duration().compareTo(Duration.ofSeconds(10)) < 0 || o.duration().compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("--duration " + o.duration() + ": must be 10 s .. 1 h (the soak is bounded)");
    }
    if (o.reloadEvery().isZero() || o.heapEvery().compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("--reload-every must be > 0 and --heap-every at least 2 s");
    }
    if (!o.faults().isZero() && o.faults().compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("--faults " + o.faults() + ": an episode at most every 10 s (or 0: off)");
    }
    if (!o.botHeap().matches("\\d+[kKmMgG]")) {
      throw new IllegalArgumentException("--bot-heap " + o.botHeap() + ": must look like 512m");
    }
    if (!Files.isRegularFile(o.jar())) {
      throw new IllegalArgumentException("--jar " + o.jar() + ": no such file (build it: mvn -q -B package -DskipTests)");
    }
    return o;
  }

  /** {@code 90s}, {@code 3m}, {@code 1h} or plain seconds. */
  static Duration duration(String s, Duration otherwise) {
    if (s == null) {
      return otherwise;
    }
    Matcher m = Pattern.compile("(\\d+)([smh]?)").matcher(s.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + s + "\" is not a duration (90s, 3m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static int integer(String s, int otherwise, String name) {
    try {
      return s == null ? otherwise : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " \"" + s + "\" is not a whole number", e);
    }
  }

  private static double number(String s, double otherwise) {
    try {
      return s == null ? otherwise : Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + s + "\" is not a number", e);
    }
  }

  private static String text(String s, String otherwise) {
    return s == null ? otherwise : s.strip();
  }

  private static Path path(String s, Path otherwise) {
    return s == null ? otherwise : Path.of(s);
  }
}

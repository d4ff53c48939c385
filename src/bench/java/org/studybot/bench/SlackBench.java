package org.studybot.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.studybot.slack.FakeSlackApi;
import org.studybot.slack.SignedClient;
import org.studybot.slack.SlackPayloads;

/**
 * The Slack HTTP path: starts the bot ({@code java -jar target/studybot.jar serve}) in HTTP mode
 * on loopback, against the tests' stand-in Slack Web API ({@link FakeSlackApi}) also on loopback,
 * and sends it {@code /ask} slash commands ({@link SlackPayloads}) signed as Slack signs them
 * ({@link SignedClient}) at a fixed rate, open loop. Each is timed from when it was due until its
 * answer is posted to its {@code response_url} (the stand-in reports it): that is when the student
 * sees it. The HTTP acknowledgement's time is recorded too. Never an outside address.
 *
 * <p>HOOK: the Slack front end is being built on its own branch. When the jar's {@code serve} has no
 * HTTP mode yet, the bot exits or never answers its health check; this records {@code
 * slack.available 0} and the report says the figure is not measured. Nothing else changes when it
 * lands.
 *
 * <p>Usage: {@code SlackBench --jar target/studybot.jar --content DIR --results FILE --size LABEL
 * [--rate 50] [--seconds 30] [--run N]}.
 */
public final class SlackBench {
  private static final String SECRET = "benchmark-signing-secret";

  /** The stand-in's method name for a measured command's response_url ({@code respond/m<i>}). */
  private static final String MEASURED = "respond/m";

  /** When each measured command's answer reached its response_url (System.nanoTime), 0 if never. */
  private static volatile long[] answeredAt = new long[0];

  private SlackBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    Path content = Path.of(Cli.required(opts, "content"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "50"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
    Measure.Results results =
        new Measure.Results(Path.of(Cli.required(opts, "results")), Cli.required(opts, "size"), "slack", opts.getOrDefault("run", "1"));
    FakeSlackApi api = new FakeSlackApi(SlackBench::onCall, false);
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
            "java", "-Xmx2g", "-Dfile.encoding=UTF-8", "-jar", Cli.required(opts, "jar"), "serve", "--content", content.toString(),
            "--semantic", opts.getOrDefault("semantic", "off"));
    pb.environment().put("SLACK_BOT_TOKEN", "xoxb-benchmark");
    pb.environment().remove("SLACK_APP_TOKEN");
    pb.environment().put("SLACK_SIGNING_SECRET", SECRET);
    pb.environment().put("SLACK_API_URL", api.apiUrl());
    pb.environment().put("PORT", Integer.toString(port));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
    Process bot = pb.start();
    try {
      SignedClient slack = new SignedClient(port, SECRET);
      if (!awaitHealthy(slack, bot)) {
        System.err.println("SlackBench: the bot has no HTTP mode in this build (serve exited or never became healthy): not measured");
        results.put("slack.available", 0);
        results.write();
        return;
      }
      // Distinct texts (a counter is appended) so the reply cache does not answer them.
      List<String> questions =
          List.of("what is osmosis", "how does photosynthesis work", "what is the difference between weather and climate",
              "explain supply and demand", "what causes earthquakes", "how does a hash table work");
      fire(slack, api, "w", questions, rate, 5, null, new AtomicInteger()); // warm-up
      int n = rate * seconds;
      long[] due = new long[n];
      long[] acked = new long[n];
      answeredAt = new long[n];
      AtomicInteger errors = new AtomicInteger();
      fire(slack, api, "m", questions, rate, seconds, new long[][] {due, acked}, errors);
      Thread.sleep(2000); // answers still in flight are posted within this; later ones count as lost
      long[] answered = new long[n];
      int lost = 0;
      for (int i = 0; i < n; i++) {
        if (answeredAt[i] == 0) {
          lost++;
          answered[i] = Long.MAX_VALUE / 2;
        } else {
          answered[i] = answeredAt[i] - due[i];
        }
      }
      results.put("slack.available", 1);
      results.put("slack.rate_per_s", rate);
      results.latency("slack", Measure.Latency.of(answered, n));
      results.latency("slack_ack", Measure.Latency.of(acked, n));
      results.put("slack.errors", errors.get() + lost);
      results.write();
    } finally {
      bot.destroy();
      if (!bot.waitFor(10, TimeUnit.SECONDS)) {
        bot.destroyForcibly();
      }
      api.close();
    }
  }

  /**
   * Sends {@code rate × seconds} commands on a fixed schedule, not waiting for answers (open loop);
   * records when each was due and how long its HTTP acknowledgement took.
   */
  private static void fire(
      SignedClient slack, FakeSlackApi api, String phase, List<String> questions, int rate, int seconds, long[][] out,
      AtomicInteger errors)
      throws Exception {
    int n = rate * seconds;
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    List<CompletableFuture<?>> pending = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long due = start + i * period;
      while (System.nanoTime() < due) {
        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
      }
      int k = i;
      if (out != null) {
        out[0][k] = due;
      }
      String body =
          SlackPayloads.form(
              SlackPayloads.slash("/ask", questions.get(i % questions.size()) + " " + phase + i, "U0BENCH", api.responseUrl(phase + i),
                  "1.2.3"));
      pending.add(
          slack.postAsync(body, false, Instant.now())
              .handle(
                  (resp, err) -> {
                    if (out != null) {
                      out[1][k] = System.nanoTime() - due;
                    }
                    if (err != null || resp.statusCode() != 200) {
                      errors.incrementAndGet();
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  /** The stand-in heard of a call: a measured command's answer reaching its response_url. */
  private static void onCall(FakeSlackApi.Call call) {
    if (call.method().startsWith(MEASURED)) {
      int k = Integer.parseInt(call.method().substring(MEASURED.length()));
      long[] at = answeredAt;
      if (k < at.length) {
        at[k] = System.nanoTime();
      }
    }
  }

  /** Waits up to ten minutes (a large corpus loads first) for {@code /healthz}; false if the bot exits. */
  private static boolean awaitHealthy(SignedClient slack, Process bot) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!bot.isAlive()) {
        return false;
      }
      try {
        if (slack.get("/healthz").statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500); // polling a child process's start-up, not timing anything
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

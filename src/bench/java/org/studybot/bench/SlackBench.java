package org.studybot.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Slack HTTP path: starts the bot ({@code java -jar target/studybot.jar serve}) in HTTP mode
 * on loopback, against a stand-in Slack Web API also on loopback, and sends it signed {@code /ask}
 * slash commands (HMAC-SHA256 over {@code v0:timestamp:body}, as Slack signs them) at a fixed rate,
 * open loop. Each is timed from when it was due until its answer is posted to its {@code
 * response_url} (the stand-in records it): that is when the student sees it. The HTTP
 * acknowledgement's time is recorded too. Never an outside address.
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
    HttpServer api = fakeWebApi();
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
            "java", "-Xmx2g", "-Dfile.encoding=UTF-8", "-jar", Cli.required(opts, "jar"), "serve", "--content", content.toString(),
            "--semantic", opts.getOrDefault("semantic", "off"));
    pb.environment().put("SLACK_BOT_TOKEN", "xoxb-benchmark");
    pb.environment().remove("SLACK_APP_TOKEN");
    pb.environment().put("SLACK_SIGNING_SECRET", SECRET);
    pb.environment().put("SLACK_API_URL", "http://127.0.0.1:" + api.getAddress().getPort() + "/api/");
    pb.environment().put("PORT", Integer.toString(port));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
    Process bot = pb.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      if (!awaitHealthy(http, bot, port)) {
        System.err.println("SlackBench: the bot has no HTTP mode in this build (serve exited or never became healthy): not measured");
        results.put("slack.available", 0);
        results.write();
        return;
      }
      // Distinct texts (a counter is appended) so the reply cache does not answer them.
      List<String> questions =
          List.of("what is osmosis", "how does photosynthesis work", "what is the difference between weather and climate",
              "explain supply and demand", "what causes earthquakes", "how does a hash table work");
      int apiPort = api.getAddress().getPort();
      fire(http, port, apiPort, "w", questions, rate, 5, null, new AtomicInteger()); // warm-up
      int n = rate * seconds;
      long[] due = new long[n];
      long[] acked = new long[n];
      answeredAt = new long[n];
      AtomicInteger errors = new AtomicInteger();
      fire(http, port, apiPort, "m", questions, rate, seconds, new long[][] {due, acked}, errors);
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
      api.stop(0);
    }
  }

  /**
   * Sends {@code rate × seconds} commands on a fixed schedule, not waiting for answers (open loop);
   * records when each was due and how long its HTTP acknowledgement took.
   */
  private static void fire(
      HttpClient http, int port, int apiPort, String phase, List<String> questions, int rate, int seconds, long[][] out,
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
      String body = slashCommand(questions.get(i % questions.size()) + " " + phase + i, "http://127.0.0.1:" + apiPort + "/response/" + phase + i);
      pending.add(
          http.sendAsync(signed(port, body), HttpResponse.BodyHandlers.ofString())
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

  private static String slashCommand(String text, String responseUrl) {
    return form(
        Map.of(
            "token", "bench", "team_id", "T0BENCH", "team_domain", "bench", "channel_id", "C0BENCH", "channel_name",
            "general", "user_id", "U0BENCH", "user_name", "bench", "command", "/ask", "text", text, "response_url",
            responseUrl))
        + "&api_app_id=A0BENCH&trigger_id=1.2.3";
  }

  private static String form(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder();
    fields.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return sb.toString();
  }

  private static HttpRequest signed(int port, String body) throws Exception {
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
    String sig = "v0=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", ts)
        .header("X-Slack-Signature", sig)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Waits up to ten minutes (a large corpus loads first) for {@code /healthz}; false if the bot exits. */
  private static boolean awaitHealthy(HttpClient http, Process bot, int port) throws InterruptedException {
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!bot.isAlive()) {
        return false;
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500); // polling a child process's start-up, not timing anything
    }
    return false;
  }

  /** A stand-in Slack Web API on loopback: every method answers {@code ok}. */
  private static HttpServer fakeWebApi() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          if (path.startsWith("/response/m")) {
            int k = Integer.parseInt(path.substring("/response/m".length()));
            long[] at = answeredAt;
            if (k < at.length) {
              at[k] = System.nanoTime();
            }
          }
          byte[] ok =
              "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"bench\",\"user\":\"studybot\",\"team_id\":\"T0BENCH\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

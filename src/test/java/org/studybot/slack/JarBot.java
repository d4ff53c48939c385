package org.studybot.slack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged bot ({@code target/studybot.jar}, as {@code java -jar} runs it) in Slack HTTP mode
 * (or Socket Mode, given {@code SLACK_APP_TOKEN}) against the stand-in Slack, in a JVM of its own,
 * so a test can SIGTERM, pause or kill -9 it and start it again on the same data directory. Its output is kept for assertions. The replica benchmark
 * ({@code org.studybot.bench.ReplicaBench}) starts its replicas with it too. Thread-safe.
 */
public final class JarBot implements AutoCloseable {
  static final String BOT_TOKEN = "xoxb-jar-test-token-4242";
  static final String SECRET = "jar-test-signing-secret-9090";
  private static final Pattern COUNT = Pattern.compile("(accepted|answered|slow down|busy|duplicates|held) (\\d+)");

  private final Process process;
  private final Path log;
  final int port;

  /**
   * Starts the jar and waits (at most 90 s) until it listens.
   *
   * @param config the YAML config file (its data_dir is the bot's state)
   */
  JarBot(Path config, FakeSlackApi api) throws Exception {
    this(config, api, SlackFixture.CORPUS, Map.of());
  }

  /**
   * Starts the jar on {@code content} with {@code env} added to its environment (a replica's
   * {@code STUDYBOT_DATABASE_URL}, {@code STUDYBOT_ADMINS}...), and waits (at most 90 s) until it
   * listens (in Socket Mode, {@code SLACK_APP_TOKEN} among them: until it has started connecting).
   */
  public JarBot(Path config, FakeSlackApi api, Path content, Map<String, String> extraEnv) throws Exception {
    this(config, api, content, extraEnv, java.util.List.of());
  }

  /**
   * As above, the command prefixed by {@code wrapper} (a program that execs the rest, such as
   * {@code nsenter} into a mount namespace where the data directory is a small disk), so the
   * process's id is the bot's.
   */
  JarBot(Path config, FakeSlackApi api, Path content, Map<String, String> extraEnv, java.util.List<String> wrapper)
      throws Exception {
    Path jar = Path.of(System.getProperty("studybot.jar", "target/studybot.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: these tests run after `mvn package` (mvn verify)");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    java.util.List<String> command = new java.util.ArrayList<>(wrapper);
    command.addAll(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dfile.encoding=UTF-8", "-Xmx512m", "-XX:+UseSerialGC",
        "-jar", jar.toAbsolutePath().toString(), "serve",
        "--config", config.toAbsolutePath().toString(),
        "--content", content.toAbsolutePath().toString(),
        "--semantic", "off"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    // A file, not a pipe: what the bot prints as it dies (its shutdown hook) is never lost to a
    // reader racing the process's exit.
    log = Files.createTempFile(config.getParent(), "bot-", ".log");
    pb.redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("STUDYBOT_") || k.equals("PORT"));
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("SLACK_API_URL", api.apiUrl());
    env.put("PORT", Integer.toString(port));
    env.putAll(extraEnv);
    process = pb.start();
    // The start-up line, printed once the bot serves (HTTP mode: "listening on ...").
    awaitLine(l -> l.startsWith("studybot: Slack "), Duration.ofSeconds(90));
  }

  /** Waits for a line of output matching {@code which}; fails when the bot exits first or time is up. */
  String awaitLine(Predicate<String> which, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      for (String line : output().split("\n")) {
        if (which.test(line)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("the bot exited (" + process.exitValue() + ") first:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no such line within " + limit.toSeconds() + " s:\n" + output());
      }
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "[could not read " + log + ": " + e + "]";
    }
  }

  /** The numbers in the last intake summary line matching {@code prefix} (accepted, answered...). */
  static Map<String, Long> counts(String line) {
    Map<String, Long> m = new java.util.HashMap<>();
    Matcher c = COUNT.matcher(line);
    while (c.find()) {
      m.putIfAbsent(c.group(1), Long.parseLong(c.group(2)));
    }
    return m;
  }

  /** The intake's counts (accepted, answered, held...) from the bot's {@code /healthz}. */
  public Map<String, Long> intakeCounts() throws Exception {
    String body = client().get("/healthz").body();
    String detail = com.google.gson.JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("checks")
        .getAsJsonObject("intake").get("detail").getAsString();
    return counts(detail);
  }

  /** Waits (at most {@code limit}) until the bot holds nothing and has answered all it accepted. */
  void awaitIdle(Duration limit) throws InterruptedException {
    Burst.until("the bot idle, everything it accepted answered", limit, () -> {
      try {
        Map<String, Long> c = intakeCounts();
        return c.get("held") == 0 && c.get("answered").equals(c.get("accepted"));
      } catch (Exception e) {
        return false;
      }
    });
  }

  /** SIGTERM, as an orchestrator stops it; waits for the exit (at most 60 s) and returns its code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    return exit();
  }

  /** Whether the process is still running. */
  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no drain. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return exit();
  }

  /**
   * SIGSTOP: the process stays, its sockets open, but it does nothing (a replica stalled by a long
   * GC pause or a starved host) until {@link #resume()}.
   */
  void pause() throws Exception {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
    }
  }

  private int exit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the bot did not exit within 60 s:\n" + output());
    }
    return process.exitValue();
  }

  /** The signed client for this bot's port. */
  public SignedClient client() {
    return new SignedClient(port, SECRET);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The first line of output containing {@code text}; fails showing the whole output when none does. */
  String line(String text) {
    String all = output();
    return all.lines().filter(l -> l.contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with \"" + text + "\" in:\n" + all));
  }
}

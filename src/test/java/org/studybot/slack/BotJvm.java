package org.studybot.slack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StudyBot in a JVM of its own, for faults that need a real process: its exit code, its sockets,
 * its log. In the jar tests (failsafe sets {@code studybot.jar}) it is the packaged jar, as {@code
 * java -jar} runs it; in unit tests {@code org.studybot.cli.Main} on the test run's class path.
 * Output and errors are merged and kept line by line. Thread-safe.
 */
final class BotJvm implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("http://[^:/\\s]+:(\\d+)/");

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private BotJvm(Process process) {
    this.process = process;
    Thread copier = new Thread(this::copy, "bot-jvm-output");
    copier.setDaemon(true);
    copier.start();
  }

  /** Starts {@code Main args} with {@code env} (no Slack variable is inherited). */
  static BotJvm start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dfile.encoding=UTF-8", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    // Under failsafe (the jar tests) the packaged jar itself; under surefire the same main class.
    String jar = System.getProperty("studybot.jar");
    command.addAll(jar != null ? List.of("-jar", jar) : List.of("-cp", System.getProperty("java.class.path"), "org.studybot.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String k : List.of("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "PORT",
        "STUDYBOT_ADMINS", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_REDIRECT_URI", "STUDYBOT_ENCRYPTION_KEY",
        "STUDYBOT_DATABASE_URL")) {
      pb.environment().remove(k);
    }
    pb.environment().putAll(env);
    return new BotJvm(pb.start());
  }

  private void copy() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** Every line so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Lines so far that match. */
  long count(Predicate<String> which) {
    return lines().stream().filter(which).count();
  }

  /** Waits (at most {@code within}) for a line that matches. */
  String await(Predicate<String> which, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (which.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
          throw new AssertionError("the bot printed no such line within " + within + "; it printed:\n"
              + String.join("\n", lines));
        }
        lines.wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
    }
  }

  /** The port of the start-up line ({@code listening on http://127.0.0.1:PORT/...}). */
  int awaitPort() throws InterruptedException {
    String line = await(l -> l.startsWith("studybot: Slack "), Duration.ofSeconds(60));
    Matcher m = URL.matcher(line);
    if (!m.find()) {
      throw new AssertionError("no URL in " + line);
    }
    return Integer.parseInt(m.group(1));
  }

  /** Waits for the process to end; its exit code. */
  int exitCode(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the bot is still running after " + within + "; it printed:\n" + String.join("\n", lines()));
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

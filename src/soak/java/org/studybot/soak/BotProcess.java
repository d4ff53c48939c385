package org.studybot.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot under test: {@code java -jar studybot.jar serve} in its own JVM, its output copied to a
 * log file and scanned for errors, its heap measured after a full GC with {@code jcmd}.
 * Thread-safe.
 */
final class BotProcess implements AutoCloseable {
  /** A log line that reports a problem (the bot logs refusals and failures, nothing else, as such). */
  static final Pattern ERROR_LINE =
      Pattern.compile("(?i)\\b(error|exception|fail(ed|ure)?|dropped|refused|overloaded|warn(ing)?|severe)\\b");
  /** {@code GC.heap_info}: "garbage-first heap total 524288K, used 35512K" (one line per generation for others). */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  /** {@code GC.class_histogram}: "   1:   12345   1234567  [B (java.base@17)". */
  private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern OS_THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)");
  private static final int MAX_ERROR_LINES = 20;

  /**
   * One heap measurement.
   *
   * @param atMillis since the load started
   * @param usedKb heap in use right after a full GC
   * @param threads the bot's threads, the JVM's own included (-1: unknown)
   */
  record HeapSample(long atMillis, long usedKb, int threads) {}

  private final Process process;
  private final Path jcmdScript;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final AtomicInteger lines = new AtomicInteger();
  private final List<String> errorLines = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger errorCount = new AtomicInteger();

  /**
   * Starts the bot and copies its output to {@code log}.
   *
   * @param command the whole command line
   * @param env the variables to set (the soak's own Slack settings replace any inherited ones)
   */
  BotProcess(List<String> command, Map<String, String> env, Path log, Path workDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String k : List.of("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "PORT",
        "STUDYBOT_ADMINS")) {
      pb.environment().remove(k);
    }
    pb.environment().putAll(env);
    this.jcmdScript = workDir.resolve("heap.jcmd");
    Files.writeString(jcmdScript, "GC.run\nGC.heap_info\n", StandardCharsets.UTF_8);
    this.process = pb.start();
    Thread copier = new Thread(() -> copy(log), "soak-bot-log");
    copier.setDaemon(true);
    copier.start();
  }

  private void copy(Path log) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        lines.incrementAndGet();
        if (line.contains("listening on")) {
          ready.countDown();
        }
        if (ERROR_LINE.matcher(line).find()) {
          errorCount.incrementAndGet();
          if (errorLines.size() < MAX_ERROR_LINES) {
            errorLines.add(line);
          }
        }
      }
    } catch (IOException e) {
      errorLines.add("soak: could not copy the bot's output to " + log + ": " + e);
      errorCount.incrementAndGet();
    }
  }

  /** Waits until the bot says it listens; fails when it exits first or takes longer than {@code limit}. */
  void awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the bot exited with code " + process.exitValue() + " before listening; "
            + "see its log. Problems it printed: " + errorLines);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bot did not say \"listening on\" within " + limit.toSeconds() + " s");
      }
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Runs a full GC in the bot and measures what is left. */
  HeapSample heap(long atMillis) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", Long.toString(process.pid()), "-f", jcmdScript.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + process.pid() + " failed: " + out.lines().limit(5).toList());
    }
    long used = 0;
    Matcher m = HEAP_USED.matcher(out);
    boolean found = false;
    while (m.find()) {
      used += Long.parseLong(m.group(1));
      found = true;
    }
    if (!found) {
      throw new IOException("jcmd GC.heap_info printed no \"total NK, used NK\" line: " + out.lines().limit(5).toList());
    }
    return new HeapSample(atMillis, used, threads());
  }

  /**
   * Saves the bot's class histogram (live objects, after a full GC) to {@code file} and returns
   * bytes and instances per class.
   */
  Map<String, long[]> histogram(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", Long.toString(process.pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + process.pid() + " GC.class_histogram failed: " + out.lines().limit(5).toList());
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
    Map<String, long[]> byClass = new HashMap<>();
    Matcher m = HISTOGRAM_ROW.matcher(out);
    while (m.find()) {
      byClass.put(m.group(3), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))});
    }
    return byClass;
  }

  /** The bot's threads (JVM's own included) from {@code /proc} on Linux; -1 elsewhere. */
  private int threads() {
    try {
      Matcher t = OS_THREADS.matcher(Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")));
      return t.find() ? Integer.parseInt(t.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Lines the bot printed so far. */
  int lines() {
    return lines.get();
  }

  /** How many lines reported a problem, and the first few of them. */
  int errorCount() {
    return errorCount.get();
  }

  List<String> errorLines() {
    synchronized (errorLines) {
      return List.copyOf(errorLines);
    }
  }

  /** Stops the bot as an operator would (SIGTERM, so its shutdown hook runs), forcibly after 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

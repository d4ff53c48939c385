package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.studybot.slack.Burst.ask;
import static org.studybot.slack.Burst.mention;
import static org.studybot.slack.Burst.send;
import static org.studybot.slack.Burst.until;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.slack.Burst.Ledger;
import org.studybot.slack.Burst.Request;

/**
 * The durable, fair intake on the packaged jar, as a process: a flood from one student beside a
 * normal student; SIGTERM mid-burst, then a restart; kill -9 mid-burst, then a restart. Every case
 * counts what the bot acknowledged against what the stand-in Slack received: every acknowledged
 * request is answered (or its student told to slow down), and answered twice only when it was in
 * flight at a crash. The figures are printed for the closing note.
 */
class IntakeIT {
  private static final String SLOW = "faster than I can answer";

  static Path config(Path dir, String intake) throws Exception {
    Path config = dir.resolve("studybot.yml");
    Files.writeString(config, "data_dir: " + dir.resolve("data").toAbsolutePath() + "\nintake:\n" + intake);
    return config;
  }

  /** Rows of the bot's work queue by state (read after the bot has exited). */
  static Map<String, Integer> store(Path dir) throws Exception {
    return Burst.workItems("jdbc:sqlite:" + dir.resolve("data/studybot.db"));
  }

  @Test
  void aFloodFromOneStudentIsRefusedAndToldWhileAnotherIsAnsweredPromptly(@TempDir Path dir) throws Exception {
    Ledger ledger = new Ledger();
    ExecutorService pool = Executors.newCachedThreadPool();
    try (FakeSlackApi api = new FakeSlackApi(ledger::observe, false);
        JarBot bot = new JarBot(config(dir, "  drain: 5s\n"), api)) {
      int flood = 2_100;
      List<Request> burst = new ArrayList<>();
      for (int i = 0; i < flood; i++) {
        burst.add(mention("UFLOOD", "CFLOOD", i, "what is osmosis " + i));
      }
      Set<String> floodAcked = ConcurrentHashMap.newKeySet();
      AtomicInteger sent = new AtomicInteger();
      long begin = System.nanoTime();
      Future<?> sending = send(pool, bot.client(), burst, floodAcked, sent, new AtomicBoolean());
      until("300 of the flood sent", Duration.ofSeconds(60), () -> sent.get() >= 300);

      // A normal student, mid-flood: a mention in another channel and an /ask.
      Request normalMention = mention("UCALM", "CCALM", 900_001, "how does photosynthesis work");
      Request normalAsk = ask(api, "UCALM", 900_002, "what is a hash table");
      Set<String> normalAcked = ConcurrentHashMap.newKeySet();
      long askedAt = System.nanoTime();
      send(pool, bot.client(), List.of(normalMention, normalAsk), normalAcked, new AtomicInteger(), new AtomicBoolean())
          .get(30, TimeUnit.SECONDS);
      until("the normal student answered", Duration.ofSeconds(20),
          () -> ledger.answers.containsKey(normalMention.key()) && ledger.answers.containsKey(normalAsk.key()));
      long mentionMs = (ledger.firstAnswerNanos.get(normalMention.key()) - askedAt) / 1_000_000;
      long askMs = (ledger.firstAnswerNanos.get(normalAsk.key()) - askedAt) / 1_000_000;
      int floodSentWhenAnswered = sent.get();
      sending.get(120, TimeUnit.SECONDS);
      double floodSeconds = (System.nanoTime() - begin) / 1e9;

      Map<String, Long> counts = bot.intakeCounts();
      bot.awaitIdle(Duration.ofSeconds(30));
      counts = bot.intakeCounts();
      Set<String> floodKeys = new java.util.HashSet<>();
      burst.forEach(r -> floodKeys.add(r.key()));
      int floodAnswered = ledger.answered(floodKeys);
      long notices = ledger.notices.stream().filter(n -> n.startsWith("UFLOOD ") && n.contains(SLOW)).count();
      System.out.printf(
          "IntakeIT flood: %d mentions from one student in %.2f s (%.0f/s), %d acked; normal mention answered in %d ms,"
              + " /ask in %d ms (flood %d sent by then); bot counts %s; flood answered %d, refused %d, told %d time(s)"
              + " (notices to others: %d)%n",
          flood, floodSeconds, flood / floodSeconds, floodAcked.size(), mentionMs, askMs, floodSentWhenAnswered, counts,
          floodAnswered, counts.get("slow down") + counts.get("busy"), notices,
          ledger.notices.stream().filter(n -> !n.startsWith("UFLOOD ")).count());

      assertEquals(flood, floodAcked.size(), "every request is acknowledged, answered or refused");
      assertEquals(Set.of(normalMention.key(), normalAsk.key()), normalAcked);
      assertTrue(mentionMs < 5_000 && askMs < 5_000, "the normal student waited " + mentionMs + " / " + askMs + " ms");
      // Exact accounting: everything sent was accepted (and answered, once) or refused (and told).
      assertEquals(flood + 2, counts.get("accepted") + counts.get("slow down") + counts.get("busy"), counts.toString());
      assertEquals(0, counts.get("duplicates"));
      assertEquals(counts.get("accepted"), counts.get("answered"));
      assertEquals(counts.get("accepted") - 2, floodAnswered, "flood answers match the bot's accepted count");
      assertEquals(0, ledger.duplicates(floodKeys), "an answer was sent twice");
      assertEquals(counts.get("accepted"), (long) ledger.total(), "answers sent = accepted");
      assertTrue(counts.get("slow down") > flood / 2, "the flood was limited: " + counts);
      assertTrue(notices >= 1 && notices <= 1 + (long) (floodSeconds / 30) + 1, "the flooder is told, once per window: " + notices);
      assertTrue(ledger.notices.stream().noneMatch(n -> n.startsWith("UCALM ")), "the normal student was refused");
      assertFalse(bot.output().contains("Exception"), bot.output());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A burst from 20 students (every tenth an /ask) with the limits out of the way: durability alone. */
  private static List<Request> burst(FakeSlackApi api, int n) {
    List<Request> burst = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String user = "USTU" + (i % 20);
      burst.add(i % 10 == 9 ? ask(api, user, i, "what is a hash table " + i)
          : mention(user, "C" + (i % 5), i, "how does photosynthesis work " + i));
    }
    return burst;
  }

  private static final String DURABLE =
      "  user_burst: 1000000\n  channel_burst: 1000000\n  workers: 2\n  api_rate: 150\n  drain: 1s\n"
          + "  late_after: 1s\n  lease: 3s\n  poll: 100ms\n";

  @Test
  void sigtermMidBurstThenRestartAnswersEveryAcknowledgedRequest(@TempDir Path dir) throws Exception {
    restartMidBurst(dir, false);
  }

  @Test
  void killMinus9MidBurstThenRestartAnswersEveryAcknowledgedRequest(@TempDir Path dir) throws Exception {
    restartMidBurst(dir, true);
  }

  private void restartMidBurst(Path dir, boolean kill) throws Exception {
    Ledger ledger = new Ledger();
    ExecutorService pool = Executors.newCachedThreadPool();
    Path config = config(dir, DURABLE);
    String how = kill ? "kill -9" : "SIGTERM";
    try (FakeSlackApi api = new FakeSlackApi(ledger::observe, false)) {
      List<Request> burst = burst(api, 1_000);
      Set<String> keys = new java.util.HashSet<>();
      burst.forEach(r -> keys.add(r.key()));
      Set<String> acked = ConcurrentHashMap.newKeySet();
      AtomicInteger sent = new AtomicInteger();
      AtomicBoolean stopSending = new AtomicBoolean();
      int answeredAtStop;
      int ackedAtStop;
      String stopLine = "";
      try (JarBot first = new JarBot(config, api)) {
        Future<?> sending = send(pool, first.client(), burst, acked, sent, stopSending);
        until("100 answered", Duration.ofSeconds(60), () -> ledger.answered(keys) >= 100);
        answeredAtStop = ledger.answered(keys);
        ackedAtStop = acked.size();
        int code = kill ? first.kill() : first.terminate();
        stopSending.set(true);
        sending.get(60, TimeUnit.SECONDS);
        if (!kill) {
          assertEquals(143, code, "SIGTERM ends the JVM with 128 + 15");
          stopLine = first.line("intake stopped");
        }
      }
      int answeredBeforeRestart = ledger.answered(keys);
      Map<String, Integer> stored = store(dir);
      try (JarBot second = new JarBot(config, api)) {
        until("every acknowledged request answered after the restart", Duration.ofSeconds(60),
            () -> acked.stream().allMatch(ledger.answers::containsKey));
        until("the restarted bot idle", Duration.ofSeconds(30), () -> {
          try {
            return second.intakeCounts().get("held") == 0;
          } catch (Exception e) {
            return false;
          }
        });
        String resumed = second.line("resuming");
        second.terminate();
        Map<String, Integer> after = store(dir);
        int duplicates = ledger.duplicates(keys);
        System.out.printf(
            "IntakeIT %s: %d sent, %d acked (%d acked and %d answered when stopped), %d answered before the restart;"
                + " store at stop %s; after restart %s; answered %d of %d acked, %d late, duplicates %d;%n  stop: %s%n"
                + "  restart: %s%n",
            how, sent.get(), acked.size(), ackedAtStop, answeredAtStop, answeredBeforeRestart, stored, after,
            acked.stream().filter(ledger.answers::containsKey).count(), acked.size(), ledger.late.size(), duplicates,
            stopLine, resumed);

        assertTrue(acked.size() > answeredAtStop, "the bot had a backlog when stopped");
        assertEquals(acked.size(), acked.stream().filter(ledger.answers::containsKey).count(), "an acknowledged request was lost");
        // Everything recorded was answered: the acknowledged, and any the bot recorded as it died
        // before its ack reached the sender.
        assertEquals(Map.of("done", after.values().stream().mapToInt(Integer::intValue).sum()), after, "work left behind");
        assertEquals((long) after.get("done"), ledger.answers.keySet().stream().filter(keys::contains).count(),
            "answered = recorded");
        assertTrue(after.get("done") >= acked.size());
        // Twice only for work in flight when the process died: at most one per worker.
        assertTrue(duplicates <= (kill ? 2 : 0) + 2, "duplicates: " + duplicates);
        if (kill) {
          assertTrue(stored.getOrDefault("pending", 0) > 0, "kill -9 left work pending: " + stored);
        } else {
          assertTrue(stopLine.contains("pending in the store"), stopLine);
        }
        assertFalse(ledger.late.isEmpty(), "answers resumed after the restart say they are late");
        assertTrue(resumed.contains("resuming"), second.output());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

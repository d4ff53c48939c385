package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.studybot.slack.Burst.until;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.feedback.Gap;
import org.studybot.slack.Burst.Ledger;
import org.studybot.slack.Burst.Request;
import org.studybot.store.Feedback;
import org.studybot.store.Store;
import org.studybot.store.StoreTarget;

/**
 * A full disk under the packaged jar: its data directory on a small disk of its own ({@link
 * SmallDisk}), a burst of mentions and {@code /ask}s, the disk filled mid-burst (ENOSPC, for real),
 * the burst going on, the space freed, more requests. The stand-in Slack sends an event the bot
 * did not acknowledge again (with {@code X-Slack-Retry-Num}, as Slack does); a student told to try
 * again asks again. Counted: every request acknowledged is answered exactly once, none is answered
 * that was not acknowledged, every refused one is taken on a later delivery; the bot keeps running,
 * logs the file and the cause once, {@code /healthz} says the store cannot write while it cannot and
 * is healthy after; what was stored before (a vote, a gap, the work done) is still there and the
 * database passes SQLite's integrity check. The figures are printed for the closing note.
 *
 * <p>The disk needs a mount namespace: {@code unshare} and {@code mount} (util-linux) as root, as CI
 * runs, or user namespaces. Where they cannot be had the test is skipped with a notice, except
 * under {@code CI=true}, where it fails.
 */
class DiskFullIT {
  private static final String TOLD = "take questions right now";
  /** Students voting while the disk is full. */
  private static final int VOTERS = 30;
  private static final String INTAKE =
      "  user_burst: 1000000\n  channel_burst: 1000000\n  max_held: 100000\n  workers: 2\n  api_rate: 150\n"
          + "  drain: 5s\n  lease: 5s\n  poll: 100ms\n";

  /** What happened to the requests: the stand-in Slack's side of the count. Thread-safe. */
  private static final class Tally {
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger told = new AtomicInteger();
    final AtomicInteger redelivered = new AtomicInteger();
    final AtomicInteger acceptedOnRedelivery = new AtomicInteger();
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger acceptedWhileFull = new AtomicInteger();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final AtomicInteger asks = new AtomicInteger(1_000_000);
    volatile boolean full;
  }

  @Test
  void aFullDiskRefusesWhatItCannotStoreAndLosesNothing(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    SmallDisk disk;
    try {
      disk = SmallDisk.mount(data, 16);
    } catch (java.io.IOException e) {
      String notice = "DiskFullIT: no small disk can be mounted here, so the full-disk fault is not tested: "
          + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(notice + " (CI=true: this must run)");
      }
      System.err.println("NOTICE " + notice);
      Assumptions.abort(notice);
      return;
    }
    Path config = dir.resolve("studybot.yml");
    Files.writeString(config, "data_dir: " + data + "\nintake:\n" + INTAKE);
    Ledger ledger = new Ledger();
    Map<String, FakeSlackApi.Call> answers = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newCachedThreadPool();
    ScheduledExecutorService slackRetries = Executors.newSingleThreadScheduledExecutor();
    Tally t = new Tally();
    try (disk;
        FakeSlackApi api = new FakeSlackApi(c -> {
          ledger.observe(c);
          if (c.method().equals("chat.postMessage") && c.param("thread_ts") != null) {
            answers.putIfAbsent("m:" + c.param("thread_ts"), c);
          }
        }, false);
        JarBot bot = new JarBot(config, api, SlackFixture.CORPUS, Map.of(), disk.wrapper())) {
      SignedClient client = bot.client();

      // Before: a question it cannot answer (a gap), one it can, and a 👍 on that answer.
      Request gap = Burst.mention("UBEFORE", "CBEFORE", 900_001, "zebra ukulele quasar");
      Request good = Burst.mention("UBEFORE", "CBEFORE", 900_002, "how does photosynthesis work");
      for (Request r : List.of(gap, good)) {
        assertEquals(200, client.post(r.body(), true, Instant.now(), Map.of()).statusCode());
      }
      until("the questions before answered", Duration.ofSeconds(30),
          () -> answers.containsKey(gap.key()) && answers.containsKey(good.key()));
      JsonObject up = SlackFixture.button(SlackFixture.blocks(answers.get(good.key())), "studybot_up");
      String click = SlackPayloads.form(Map.of("payload", SlackPayloads.click(up, "UBEFORE", "CBEFORE",
          "1800000000.000001", good.key().substring(2), false, api.responseUrl("vote-1"), "trig-vote-1").toString()));
      assertEquals(200, client.post(click, false, Instant.now(), Map.of()).statusCode());
      until("the vote thanked", Duration.ofSeconds(30),
          () -> ledger.notices.stream().anyMatch(n -> n.startsWith("UBEFORE ") && n.contains("Glad it helped")));
      long storedBefore = 3; // two mentions and a click, each one work item

      // The burst: 16 senders, about 200 requests a second together; the disk fills once 150 are
      // sent, and frees once the bot has refused 50 (and at least 3 s) and said so in /healthz;
      // 200 more after that.
      AtomicInteger next = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<?>> senders = new ArrayList<>();
      for (int s = 0; s < 16; s++) {
        senders.add(pool.submit(() -> {
          for (int i; !stop.get() && (i = next.getAndIncrement()) < 20_000; ) {
            java.util.concurrent.locks.LockSupport.parkNanos(80_000_000); // a load generator's pace
            Request r = i % 10 == 9 ? Burst.ask(api, "USTU" + (i % 20), i, "what is a hash table " + i)
                : Burst.mention("USTU" + (i % 20), "C" + (i % 5), i, "how does photosynthesis work " + i);
            deliver(client, api, slackRetries, t, r, 0);
          }
          return null;
        }));
      }
      until("150 sent", Duration.ofSeconds(60), () -> t.sent.get() >= 150);
      int sentAtFill = t.sent.get();
      long filled = disk.fill();
      t.full = true;
      long fullAt = System.nanoTime();
      String fullHealth = null;
      long deadline = fullAt + TimeUnit.SECONDS.toNanos(120);
      while (fullHealth == null || t.refused.get() < 50 || System.nanoTime() - fullAt < 3_000_000_000L) {
        if (System.nanoTime() > deadline) {
          fail("the full disk was not noticed within 120 s: sent " + t.sent.get() + ", acknowledged " + t.accepted.size()
              + ", refused " + t.refused.get() + ", told " + t.told.get() + ", unexpected "
              + t.unexpected.subList(0, Math.min(5, t.unexpected.size())) + ", health "
              + client.get("/healthz").body() + "\n" + bot.output());
        }
        HttpResponse<String> h = client.get("/healthz");
        if (h.statusCode() == 503 && storeDetail(h.body()).contains("cannot write")) {
          fullHealth = storeDetail(h.body());
        }
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
      }
      assertTrue(bot.alive(), "the bot died on a full disk:\n" + bot.output());
      // Votes clicked while the disk is full: students VOTE0..VOTE29 on the answer voted on
      // before, even ones 👍, odd ones 👎, and VOTE0 changes their mind to 👎. Each is thanked, and
      // each is in the store once it writes again (held in memory meanwhile).
      int clicked = 0;
      for (int i = 0; i <= VOTERS; i++) {
        String voter = "UVOTE" + (i % VOTERS);
        boolean thumbsUp = i < VOTERS && i % 2 == 0;
        JsonObject button = SlackFixture.button(SlackFixture.blocks(answers.get(good.key())),
            thumbsUp ? "studybot_up" : "studybot_down");
        String vote = SlackPayloads.form(Map.of("payload", SlackPayloads.click(button, voter, "CBEFORE",
            "1800000000.000001", good.key().substring(2), false, api.responseUrl("vote-full-" + i),
            "trig-vote-full-" + i).toString()));
        assertEquals(200, client.post(vote, false, Instant.now(), Map.of()).statusCode());
        clicked++;
      }
      int votesClicked = clicked;
      until("every vote clicked while full thanked", Duration.ofSeconds(30),
          () -> ledger.notices.stream().filter(n -> n.startsWith("UVOTE") && n.contains("Thanks")).count() == votesClicked);
      String heldHealth = storeDetail(client.get("/healthz").body());
      int sentWhileFull = t.sent.get() - sentAtFill;
      disk.free();
      t.full = false;
      double fullSeconds = (System.nanoTime() - fullAt) / 1e9;
      int sentAtFree = t.sent.get();
      until("200 more sent after the space returned", Duration.ofSeconds(60), () -> t.sent.get() >= sentAtFree + 200);
      stop.set(true);
      for (Future<?> f : senders) {
        f.get(60, TimeUnit.SECONDS);
      }
      until("every refused request taken on a later delivery", Duration.ofSeconds(60), () -> t.outstanding.get() == 0);
      until("/healthz healthy again", Duration.ofSeconds(30), () -> {
        try {
          return client.get("/healthz").statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      });
      until("the votes held in memory written", Duration.ofSeconds(30), () -> {
        try {
          return !storeDetail(client.get("/healthz").body()).contains("held in memory");
        } catch (Exception e) {
          return false;
        }
      });
      String healthAfter = storeDetail(client.get("/healthz").body());
      until("every acknowledged request answered", Duration.ofSeconds(90),
          () -> t.accepted.stream().allMatch(ledger.answers::containsKey));
      until("the bot idle, everything it accepted answered", Duration.ofSeconds(60), () -> {
        try {
          Map<String, Long> c = bot.intakeCounts();
          return c.get("held") == 0 && c.get("answered").equals(c.get("accepted"));
        } catch (Exception e) {
          return false;
        }
      });
      Map<String, Long> counts = bot.intakeCounts();
      assertTrue(bot.alive(), "the bot kept running");
      assertEquals(143, bot.terminate(), "SIGTERM ends the JVM with 128 + 15");

      String log = bot.output();
      String file = data.resolve("studybot.db").toString();
      List<String> cannot = log.lines().filter(l -> l.contains("cannot write to " + file)).toList();
      List<String> again = log.lines().filter(l -> l.contains("writing to " + file + " again")).toList();
      long fullLines = log.lines().filter(l -> l.contains("SQLITE_FULL") || l.contains("No space left")).count();
      Set<String> keys = new java.util.HashSet<>(t.accepted);
      int duplicates = ledger.duplicates(keys);
      long answeredNotAccepted = ledger.answers.keySet().stream()
          .filter(k -> !keys.contains(k) && !k.equals(gap.key()) && !k.equals(good.key())).count();

      // The store, after the bot: it opens, passes the integrity check, and holds what it held.
      // Read from a copy: SQLite resolves the /proc/PID/root link to "/", which is not the disk.
      Path copy = Files.createDirectories(dir.resolve("copy"));
      for (String name : List.of("studybot.db", "studybot.db-wal")) {
        Path from = disk.inside(data.resolve(name));
        if (Files.exists(from)) {
          Files.copy(from, copy.resolve(name));
        }
      }
      Path db = copy.resolve("studybot.db");
      String integrity;
      Map<String, Integer> work;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
        r.next();
        integrity = r.getString(1);
      }
      work = Burst.workItems("jdbc:sqlite:" + db);
      List<Gap.Subject> gaps;
      Feedback.Tally votes;
      try (Store store = Store.open(StoreTarget.sqlite(copy), Clock.systemUTC())) {
        gaps = store.feedback().gaps(10, 10);
        votes = store.feedback().tally();
      }
      // The one before, the even voters' 👍 but VOTE0's (changed), every odd voter's 👎 and VOTE0's.
      Feedback.Tally expected = new Feedback.Tally(1 + VOTERS / 2 - 1, VOTERS / 2 + 1);

      System.out.printf(
          "DiskFullIT: %d sent (%d before the fill at %d sent, %d while full for %.1f s, %d after), filler %d MB;"
              + " %d acknowledged (%d of them while full), %d refused with 503 and sent again (%d deliveries,"
              + " %d taken on a later one), %d /ask told to try again and asked again; answered %d of %d"
              + " acknowledged, duplicates %d, answered but not acknowledged %d; bot counts %s; store %s;"
              + " log: %d 'cannot write' line(s), %d recovery line(s), %d line(s) naming the cause;"
              + " votes clicked while full %d, saved %s (expected %s);%n"
              + "  while full: %s%n  votes held: %s%n  after: %s%n  %s%n  %s%n",
          t.sent.get(), sentAtFill, sentAtFill, sentWhileFull, fullSeconds, t.sent.get() - sentAtFree,
          filled >> 20, t.accepted.size(), t.acceptedWhileFull.get(), t.refused.get(), t.redelivered.get(),
          t.acceptedOnRedelivery.get(), t.told.get(), ledger.answered(keys), keys.size(), duplicates,
          answeredNotAccepted, counts, work, cannot.size(), again.size(), fullLines, votesClicked, votes, expected,
          fullHealth, heldHealth, healthAfter,
          cannot.isEmpty() ? "-" : cannot.get(0), again.isEmpty() ? "-" : again.get(0));

      assertEquals(List.of(), t.unexpected, "answers other than 200 and 503");
      assertTrue(t.refused.get() >= 50, "refused while full: " + t.refused.get());
      assertEquals(0, t.outstanding.get(), "refused and never taken");
      assertEquals(keys.size(), ledger.answered(keys), "an acknowledged request was not answered");
      assertEquals(0, duplicates, "an acknowledged request was answered twice");
      assertEquals(0, answeredNotAccepted, "answered without being acknowledged");
      assertEquals(counts.get("accepted"), counts.get("answered"), counts.toString());
      assertEquals(keys.size() + storedBefore, counts.get("accepted"), "the bot's count of accepted = the stand-in's");
      assertEquals("ok", integrity);
      assertEquals(Map.of("done", (int) (keys.size() + storedBefore)), work, "every recorded request done once");
      assertEquals(expected, votes, "the vote cast before the disk filled and every vote clicked while it was full");
      assertTrue(heldHealth.contains("held in memory until the store writes: " + votesClicked + " votes"), heldHealth);
      assertTrue(gaps.stream().flatMap(g -> g.gaps().stream()).anyMatch(q -> q.question().contains("zebra")),
          "the gap recorded before the disk filled: " + gaps);
      assertEquals(1, cannot.size(), "the full disk is logged once, naming the file:\n" + log);
      assertTrue(cannot.get(0).contains("disk full (SQLITE_FULL)"), cannot.get(0));
      assertEquals(1, again.size(), "the recovery is logged once:\n" + log);
      assertTrue(fullLines <= 2, "the cause is logged once, not per request (" + fullLines + " lines):\n" + log);
      assertTrue(fullHealth.contains(file) && fullHealth.contains("disk full"), fullHealth);
      assertTrue(!log.contains("could not record") && !log.contains("Exception"), log);
    } finally {
      pool.shutdownNow();
      slackRetries.shutdownNow();
    }
  }

  /**
   * Sends {@code r} (its {@code attempt}-th redelivery) and counts what the bot did: an event it
   * did not acknowledge is sent again 200 ms later with {@code X-Slack-Retry-Num}, as Slack does; a
   * student whose {@code /ask} was answered "try again" asks again (a new command, a new response
   * URL).
   */
  private static void deliver(SignedClient client, FakeSlackApi api, ScheduledExecutorService retries, Tally t,
      Request r, int attempt) {
    boolean full = t.full;
    HttpResponse<String> resp;
    try {
      resp = client.post(r.body(), r.json(), Instant.now(), attempt == 0 ? Map.of()
          : Map.of("X-Slack-Retry-Num", Integer.toString(attempt), "X-Slack-Retry-Reason", "http_error"));
    } catch (Exception e) {
      t.unexpected.add(r.key() + ": " + e);
      return;
    }
    if (attempt == 0) {
      t.sent.incrementAndGet();
    } else {
      t.redelivered.incrementAndGet();
    }
    boolean refusedBefore = attempt > 0 || r.key().contains("again");
    if (resp.statusCode() == 200 && !(!r.json() && resp.body().contains(TOLD))) {
      t.accepted.add(r.key());
      if (full) {
        t.acceptedWhileFull.incrementAndGet();
      }
      if (refusedBefore) {
        t.acceptedOnRedelivery.incrementAndGet();
        t.outstanding.decrementAndGet();
      }
      return;
    }
    if (!refusedBefore) {
      t.outstanding.incrementAndGet();
    }
    if (r.json() && resp.statusCode() >= 500) {
      t.refused.incrementAndGet();
      retries.schedule(() -> deliver(client, api, retries, t, r, attempt + 1), 200, TimeUnit.MILLISECONDS);
    } else if (!r.json() && resp.statusCode() == 200) {
      t.told.incrementAndGet();
      int i = t.asks.incrementAndGet();
      Request again = new Request(
          SlackPayloads.form(SlackPayloads.slash("/ask", "what is a hash table", "USTU1", api.responseUrl("ask-again-" + i),
              "trig-again-" + i)), false, "r:ask-again-" + i);
      retries.schedule(() -> deliver(client, api, retries, t, again, 0), 1, TimeUnit.SECONDS);
    } else {
      t.unexpected.add(r.key() + ": HTTP " + resp.statusCode() + " " + resp.body());
      t.outstanding.decrementAndGet();
    }
  }

  private static String storeDetail(String health) {
    JsonObject checks = JsonParser.parseString(health).getAsJsonObject().getAsJsonObject("checks");
    return checks.has("store") ? checks.getAsJsonObject("store").get("detail").getAsString() : "";
  }
}

package org.studybot.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Bursts of Slack requests against real bot processes ({@link JarBot}), and the ledger of what the
 * stand-in Slack received for them: the kit of the process tests ({@code IntakeIT}, {@code
 * ReplicasIT}), which count what the bots acknowledged against what they answered. Thread-safe.
 */
final class Burst {
  static final String LATE = "Sorry this is late";

  private Burst() {}

  /** What the stand-in Slack received, by request: answers (mention ts or response id) and notices. */
  static final class Ledger {
    final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    final Map<String, Long> firstAnswerNanos = new ConcurrentHashMap<>();
    final List<String> late = new CopyOnWriteArrayList<>();
    final List<String> notices = new CopyOnWriteArrayList<>();

    void observe(FakeSlackApi.Call c) {
      String key = null;
      if (c.method().equals("chat.postMessage") && c.param("thread_ts") != null) {
        key = "m:" + c.param("thread_ts");
      } else if (c.method().startsWith("respond/")) {
        key = "r:" + c.method().substring("respond/".length());
      } else if (c.method().equals("chat.postEphemeral")) {
        notices.add(c.param("user") + " " + c.param("text"));
      }
      if (key != null) {
        firstAnswerNanos.putIfAbsent(key, System.nanoTime());
        answers.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (String.valueOf(c.param("text")).contains(LATE) || c.all().contains(LATE)) {
          late.add(key);
        }
      }
    }

    int answered(Set<String> keys) {
      return (int) keys.stream().filter(answers::containsKey).count();
    }

    int duplicates(Set<String> keys) {
      return (int) keys.stream().filter(k -> answers.containsKey(k) && answers.get(k).get() > 1).count();
    }

    int total() {
      return answers.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }

  /** One request to send: its body, and the key its answer will carry. */
  record Request(String body, boolean json, String key) {}

  /** A mention by {@code user} in {@code channel}, event {@code Ev<i>} at ts {@code 1700000000.<i>}. */
  static Request mention(String user, String channel, int i, String text) {
    String ts = String.format("1700000000.%06d", i);
    String body = SlackPayloads.callback(
        SlackPayloads.mention("<@" + FakeSlackApi.BOT_USER + "> " + text, user, channel, ts), "Ev" + i, Instant.now()).toString();
    return new Request(body, true, "m:" + ts);
  }

  /** An {@code /ask} by {@code user}, answered at response URL {@code ask-<i>}. */
  static Request ask(FakeSlackApi api, String user, int i, String text) {
    String id = "ask-" + i;
    return new Request(SlackPayloads.form(SlackPayloads.slash("/ask", text, user, api.responseUrl(id), "trig-" + i)), false,
        "r:" + id);
  }

  /**
   * Sends {@code requests} from 16 senders, to {@code client}; the keys of those acknowledged (200)
   * go to {@code acked}. The returned future ends when all are sent (or {@code stop} is set).
   */
  static Future<?> send(ExecutorService pool, SignedClient client, List<Request> requests, Set<String> acked,
      AtomicInteger done, AtomicBoolean stop) {
    return send(pool, i -> client, requests, acked, done, stop);
  }

  /** As above, request {@code i} going to {@code clients.apply(i)} (a load balancer's choice). */
  static Future<?> send(ExecutorService pool, Function<Integer, SignedClient> clients, List<Request> requests,
      Set<String> acked, AtomicInteger done, AtomicBoolean stop) {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> senders = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      senders.add(pool.submit(() -> {
        for (int i; !stop.get() && (i = next.getAndIncrement()) < requests.size(); ) {
          Request r = requests.get(i);
          try {
            HttpResponse<String> resp = clients.apply(i).post(r.body(), r.json(), Instant.now(), Map.of());
            if (resp.statusCode() == 200) {
              acked.add(r.key());
            }
          } catch (Exception e) {
            // Not acknowledged (the bot was stopping or gone): Slack would send it again.
          }
          done.incrementAndGet();
        }
        return null;
      }));
    }
    return pool.submit(() -> {
      for (Future<?> f : senders) {
        f.get();
      }
      return null;
    });
  }

  /** The rows of the work queue at {@code jdbcUrl} by state ({@code pending}, {@code done}...). */
  static Map<String, Integer> workItems(String jdbcUrl) throws java.sql.SQLException {
    Map<String, Integer> m = new java.util.TreeMap<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SELECT state, COUNT(*) FROM work_item GROUP BY state")) {
      while (r.next()) {
        m.put(r.getString(1), r.getInt(2));
      }
    }
    return m;
  }

  /** Waits until {@code condition} holds, failing after {@code limit}. */
  static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
      }
      // Polls at a modest pace: the bots under test share the machine's two cores.
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }

  /** What a slash command told to try again says. */
  static final String TOLD = "take questions right now";

  /** What happened to the requests: the stand-in Slack's side of the count. Thread-safe. */
  static final class Tally {
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger told = new AtomicInteger();
    final AtomicInteger redelivered = new AtomicInteger();
    final AtomicInteger acceptedOnRedelivery = new AtomicInteger();
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger acceptedWhileFull = new AtomicInteger();
    /** Events not answered within the client's 10 s (Slack gives 3 s), sent again as Slack does. */
    final AtomicInteger timedOut = new AtomicInteger();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final AtomicInteger asks = new AtomicInteger(1_000_000);
    volatile boolean full;
  }

  /**
   * Sends {@code r} (its {@code attempt}-th redelivery) and counts what the bot did: an event it
   * did not acknowledge is sent again 200 ms later with {@code X-Slack-Retry-Num}, as Slack does; a
   * student whose {@code /ask} was answered "try again" asks again (a new command, a new response
   * URL).
   */
  static void deliver(SignedClient client, FakeSlackApi api, ScheduledExecutorService retries, Tally t,
      Request r, int attempt) {
    boolean full = t.full;
    HttpResponse<String> resp;
    try {
      resp = client.post(r.body(), r.json(), Instant.now(), attempt == 0 ? Map.of()
          : Map.of("X-Slack-Retry-Num", Integer.toString(attempt), "X-Slack-Retry-Reason", "http_error"));
    } catch (java.net.http.HttpTimeoutException e) {
      if (!r.json()) {
        t.unexpected.add(r.key() + ": " + e);
        return;
      }
      // Slack sends an event it got no answer to in time again.
      t.timedOut.incrementAndGet();
      if (attempt == 0) {
        t.sent.incrementAndGet();
        t.outstanding.incrementAndGet();
      }
      retries.schedule(() -> deliver(client, api, retries, t, r, attempt + 1), 200, TimeUnit.MILLISECONDS);
      return;
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

  static String storeDetail(String health) {
    JsonObject checks = JsonParser.parseString(health).getAsJsonObject().getAsJsonObject("checks");
    return checks.has("store") ? checks.getAsJsonObject("store").get("detail").getAsString() : "";
  }

  /**
   * A steady burst until {@code stop}: {@code senders} senders, each a request every 80 ms (16: about
   * 200 a second together), nine mentions for one {@code /ask}, from 20 students in 5 channels, each {@link
   * #deliver}ed (sent again as Slack does while refused).
   */
  static List<Future<?>> steady(int senders, ExecutorService pool, SignedClient client, FakeSlackApi api,
      ScheduledExecutorService retries, Tally t, AtomicBoolean stop) {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      running.add(pool.submit(() -> {
        for (int i; !stop.get() && (i = next.getAndIncrement()) < 20_000; ) {
          java.util.concurrent.locks.LockSupport.parkNanos(80_000_000); // a load generator's pace
          Request r = i % 10 == 9 ? ask(api, "USTU" + (i % 20), i, "what is a hash table " + i)
              : mention("USTU" + (i % 20), "C" + (i % 5), i, "how does photosynthesis work " + i);
          deliver(client, api, retries, t, r, 0);
        }
        return null;
      }));
    }
    return running;
  }
}

package org.studybot.slack;

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
}

package org.studybot.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.studybot.slack.FakeSlackApi;

/**
 * The soak's books: each request sent and the reply it waits for, each ack, and each call the bot
 * made to the fake Web API, matched by key. Thread-safe: senders and the fake's threads write,
 * the driver reads at the end.
 */
final class Ledger {
  /** Problems kept word for word for the summary; the rest are only counted. */
  private static final int MAX_EXAMPLES = 10;

  private static final class Pending {
    final Kind kind;
    final long sentNanos;
    final String mustContain;
    final AtomicInteger replies = new AtomicInteger();

    Pending(Kind kind, long sentNanos, String mustContain) {
      this.kind = kind;
      this.sentNanos = sentNanos;
      this.mustContain = mustContain;
    }
  }

  private final Map<String, Pending> expected = new ConcurrentHashMap<>();
  private final Map<Kind, LongAdder> sent = new EnumMap<>(Kind.class);
  private final List<Long> ackMicros = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> replyMicros = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong outstanding = new AtomicLong();
  private final LongAdder acked = new LongAdder();
  private final LongAdder badAcks = new LongAdder();
  private final LongAdder slowAcks = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder unexpected = new LongAdder();
  private final LongAdder invalid = new LongAdder();
  private final LongAdder errorNotices = new LongAdder();
  private final List<String> examples = Collections.synchronizedList(new ArrayList<>());
  private final long ackLimitNanos;

  /** @param ackLimitNanos the longest an ack may take (Slack's 3 s) */
  Ledger(long ackLimitNanos) {
    this.ackLimitNanos = ackLimitNanos;
    for (Kind k : Kind.values()) {
      sent.put(k, new LongAdder());
    }
  }

  static String respondKey(String id) {
    return "respond/" + id;
  }

  static String postKey(String channel, String threadTs) {
    return "post:" + channel + "|" + (threadTs == null ? "" : threadTs);
  }

  /** The key a call to the fake Web API answers, or {@code null} for calls that answer nothing. */
  static String keyOf(FakeSlackApi.Call call) {
    if (call.method().startsWith("respond/")) {
      return call.method();
    }
    if (call.method().equals("chat.postMessage")) {
      return postKey(call.param("channel"), call.param("thread_ts"));
    }
    return null;
  }

  /** Books a request just before it is sent. */
  void sending(Workload.Request r, long nanos) {
    sent.get(r.kind()).increment();
    outstanding.incrementAndGet();
    if (expected.putIfAbsent(r.replyKey(), new Pending(r.kind(), nanos, r.mustContain())) != null) {
      throw new IllegalStateException("two soak requests share the reply key " + r.replyKey());
    }
  }

  /** Books the bot's answer to a request: its HTTP status (0: no answer) and how long it took. */
  void acked(Workload.Request r, int status, long nanos, String problem) {
    if (status == 200) {
      acked.increment();
      ackMicros.add(nanos / 1_000);
      if (nanos > ackLimitNanos) {
        slowAcks.increment();
        example(r.kind() + " acked after " + nanos / 1_000_000 + " ms");
      }
    } else {
      badAcks.increment();
      example(r.kind() + " got " + (status == 0 ? "no ack: " + problem : "HTTP " + status));
    }
  }

  /** Books a call the bot made to the fake Web API. */
  void onCall(FakeSlackApi.Call call) {
    long now = System.nanoTime();
    if (call.method().equals("auth.test")) {
      return;
    }
    if (call.method().equals("chat.postEphemeral")) {
      // The bot tells a student privately only when posting their answer failed.
      errorNotices.increment();
      example("the bot sent an error notice: " + call.param("text"));
      return;
    }
    String key = keyOf(call);
    Pending p = key == null ? null : expected.get(key);
    if (p == null) {
      unexpected.increment();
      example("unexpected call " + call.method() + (key == null ? "" : " for " + key));
      return;
    }
    int n = p.replies.incrementAndGet();
    if (n > 1) {
      duplicates.increment();
      example(p.kind + " replied " + n + " times (" + key + ")");
      return;
    }
    outstanding.decrementAndGet();
    replyMicros.add((now - p.sentNanos) / 1_000);
    if (!p.mustContain.isEmpty() && !call.all().contains(p.mustContain)) {
      invalid.increment();
      example(p.kind + " reply lacks \"" + p.mustContain + "\": " + abbreviate(String.valueOf(call.param("text"))));
    }
  }

  /** Requests whose reply has not come yet. */
  long outstanding() {
    return outstanding.get();
  }

  private void example(String what) {
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(what);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /** The books closed: counts, latencies and examples of what went wrong. */
  Tally tally() {
    Map<Kind, Long> perKind = new EnumMap<>(Kind.class);
    sent.forEach((k, v) -> perKind.put(k, v.sum()));
    List<String> lostExamples = new ArrayList<>();
    expected.forEach((key, p) -> {
      if (p.replies.get() == 0 && lostExamples.size() < MAX_EXAMPLES) {
        lostExamples.add(p.kind + " " + key);
      }
    });
    List<String> all = new ArrayList<>(examples);
    lostExamples.forEach(k -> all.add("no reply: " + k));
    return new Tally(perKind, acked.sum(), badAcks.sum(), slowAcks.sum(), expected.size(), outstanding.get(),
        duplicates.sum(), unexpected.sum(), invalid.sum(), errorNotices.sum(), copy(ackMicros), copy(replyMicros),
        all);
  }

  private static List<Long> copy(List<Long> l) {
    synchronized (l) {
      return List.copyOf(l);
    }
  }

  /**
   * The books at the end. Immutable.
   *
   * @param lost expected replies that never came
   * @param invalid replies lacking the text they must carry (a reload that did not swap)
   * @param errorNotices private "sorry, I couldn't post" messages the bot sent
   */
  record Tally(
      Map<Kind, Long> sent, long acked, long badAcks, long slowAcks, long expected, long lost, long duplicates,
      long unexpected, long invalid, long errorNotices, List<Long> ackMicros, List<Long> replyMicros,
      List<String> examples) {
    Tally {
      sent = Map.copyOf(sent);
      ackMicros = List.copyOf(ackMicros);
      replyMicros = List.copyOf(replyMicros);
      examples = List.copyOf(examples);
    }

    long requests() {
      return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each thing that makes the soak fail, said plainly; empty when it passed. */
    List<String> failures() {
      List<String> f = new ArrayList<>();
      count(f, badAcks, "requests not acked with 200");
      count(f, slowAcks, "acks slower than 3 s");
      count(f, lost, "replies lost");
      count(f, duplicates, "duplicate replies");
      count(f, unexpected, "unexpected Web API calls");
      count(f, invalid, "replies without the text they must carry");
      count(f, errorNotices, "error notices sent to students");
      return f;
    }

    private static void count(List<String> into, long n, String what) {
      if (n > 0) {
        into.add(n + " " + what);
      }
    }
  }
}

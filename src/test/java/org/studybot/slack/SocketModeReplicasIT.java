package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.studybot.slack.Burst.mention;
import static org.studybot.slack.Burst.until;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.studybot.slack.Burst.Request;

/**
 * Three packaged bots ({@code java -jar target/studybot.jar serve}) in Socket Mode on one
 * PostgreSQL schema, each holding one connection to the stand-in Slack ({@link SocketModeSlack}),
 * which spreads events over the connections and delivers an envelope again on another one when
 * its ack is late, as Slack does: an event delivered again on another connection ({@code
 * retry_attempt} 1) is answered once, whether Slack retried on its own or the first replica
 * stalled before acking; a connection Slack retires ({@code disconnect}, {@code
 * refresh_requested}) is replaced; and kill -9 of a replica mid-burst leaves nothing acknowledged
 * unanswered: what it acked the survivors take over when its lease (3 s) runs out, what it never
 * acked Slack delivers again to them. Each replica has an app-level token of its own (an app may
 * have several), so the stand-in knows whose connection is whose. Like {@code ReplicasIT}, runs on
 * PostgreSQL only (fails under {@code STUDYBOT_REQUIRE_PG=1} without it); prints {@code
 * SocketModeReplicasIT ...} lines with the counts for the closing note.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocketModeReplicasIT {
  private static final List<String> NAMES = List.of("a", "b", "c");
  /** Slack's own: an envelope unacknowledged for 3 s is delivered again. */
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);
  /** Envelopes the stand-in lets go unacknowledged at once, so acks come in time on 2 shared cores. */
  private static final int WINDOW = 40;

  private ReplicaSet set;
  private SocketModeSlack slack;
  private final Map<String, SocketModeSlack.Link> links = new LinkedHashMap<>();

  private static String token(String replica) {
    return "xapp-1-A1-" + replica + "-0123456789abcdef";
  }

  @BeforeAll
  void startThreeReplicasInSocketMode() throws Exception {
    set = new ReplicaSet();
    slack = new SocketModeSlack(ACK_TIMEOUT);
    set.api.socketUrls(slack::urlFor);
    set.start(NAMES, name -> Map.of("SLACK_APP_TOKEN", token(name)));
    for (String name : NAMES) {
      links.put(name, slack.awaitLink(token(name), Duration.ofSeconds(60)));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (set != null) {
      set.close();
    }
    if (slack != null) {
      slack.close();
    }
  }

  private static JsonObject payload(Request r) {
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private static String eventId(Request r) {
    return payload(r).get("event_id").getAsString();
  }

  private List<SocketModeSlack.Ack> acksOf(String eventId) {
    return slack.acks().stream().filter(a -> a.eventId().equals(eventId)).toList();
  }

  @Test
  @Order(1)
  void anEventDeliveredAgainOnAnotherConnectionIsAnsweredOnce() throws Exception {
    SocketModeSlack.Link a = links.get("a");
    SocketModeSlack.Link b = links.get("b");
    // Slack's own retry: A acked, the ack was lost on the way, and Slack delivers the event on B.
    Request retried = mention(SlackFixture.STUDENT, "CRETRY", 100_001, "what is osmosis");
    slack.deliver(payload(retried), a);
    until("A acks", Duration.ofSeconds(30), () -> !acksOf(eventId(retried)).isEmpty());
    slack.retry(eventId(retried), b);
    until("B acks the retry", Duration.ofSeconds(30), () -> acksOf(eventId(retried)).size() == 2);
    until("answered", Duration.ofSeconds(60), () -> set.ledger.answers.containsKey(retried.key()));
    // A holds no work when it stalls: an answer in flight through a stall longer than the lease
    // would be taken over and sent twice, which the kill test below counts, not this one.
    until("the replicas idle", Duration.ofSeconds(30), () -> ReplicaSet.idle(set.bots));

    // A stalls (SIGSTOP) with an envelope in hand: no ack in time, so it goes to another connection.
    Request stalled = mention(SlackFixture.STUDENT, "CRETRY", 100_002, "what is a cell");
    set.bot(0).pause();
    try {
      slack.deliver(payload(stalled), a);
      until("the envelope delivered again and acked elsewhere", Duration.ofSeconds(30),
          () -> !acksOf(eventId(stalled)).isEmpty());
      SocketModeSlack.Ack elsewhere = acksOf(eventId(stalled)).get(0);
      assertNotSame(a, elsewhere.link(), "acked on the stalled connection");
      assertEquals(1, elsewhere.retryAttempt(), "the delivery acked was Slack's first retry");
      until("answered by the replica that got the retry", Duration.ofSeconds(60),
          () -> set.ledger.answers.containsKey(stalled.key()));
    } finally {
      set.bot(0).resume();
    }
    // A wakes up with the first envelope, handles it late (the ack is too late to count) and acks.
    until("A acks its stale envelope", Duration.ofSeconds(60),
        () -> acksOf(eventId(stalled)).stream().anyMatch(k -> k.link() == a && k.late()));
    Request later = mention(SlackFixture.STUDENT, "CRETRY", 100_003, "what is a hash table");
    slack.deliver(payload(later), a);
    until("A serves again", Duration.ofSeconds(60), () -> set.ledger.answers.containsKey(later.key()));
    until("the replicas idle", Duration.ofSeconds(30), () -> ReplicaSet.idle(set.bots));
    System.out.printf("SocketModeReplicasIT retry: acked on A, retried on B: answered %d time(s); A stalled,"
            + " delivered again on %s (retry_attempt %d), A acked late: answered %d time(s)%n",
        set.ledger.answers.get(retried.key()).get(), acksOf(eventId(stalled)).get(0).link(),
        acksOf(eventId(stalled)).get(0).retryAttempt(), set.ledger.answers.get(stalled.key()).get());
    assertEquals(1, set.ledger.answers.get(retried.key()).get(), "Slack's retry on B was answered again");
    assertEquals(1, set.ledger.answers.get(stalled.key()).get(), "the stalled replica answered it again");
  }

  @Test
  @Order(2)
  void aConnectionSlackRetiresIsReplacedAndNothingOnItIsLost() throws Exception {
    SocketModeSlack.Link old = links.get("a");
    int opened = slack.open().size();
    // Slack retires a connection now and then: it asks for a new one and stops using the old.
    slack.disconnect(old, "refresh_requested");
    until("A opens a new connection", Duration.ofSeconds(30),
        () -> slack.open().stream().anyMatch(l -> l.token.equals(token("a")) && l.id > old.id));
    SocketModeSlack.Link fresh = slack.awaitLink(token("a"), Duration.ofSeconds(1));
    until("A closes the old one", Duration.ofSeconds(30), () -> !old.open);
    links.put("a", fresh);
    Request onFresh = mention(SlackFixture.STUDENT, "CREFRESH", 100_010, "what is osmosis");
    slack.deliver(payload(onFresh), fresh);
    until("answered on the new connection", Duration.ofSeconds(60), () -> set.ledger.answers.containsKey(onFresh.key()));
    assertEquals(opened, slack.open().size(), "one connection per replica: " + slack.open());
    System.out.printf("SocketModeReplicasIT refresh: %s retired (refresh_requested), replaced by %s, which answers%n",
        old, fresh);
  }

  @Test
  @Order(3)
  void killMinus9OfAReplicaMidBurstLeavesNothingAcknowledgedUnanswered() throws Exception {
    int tail = 6; // sent once A is stalled
    JarBot victim = set.bot(0);
    List<JarBot> survivors = List.of(set.bot(1), set.bot(2));
    Map<String, Integer> queueBefore = set.workItems();
    List<Request> burst = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      burst.add(mention("USTU" + (i % 20), "CB" + (i % 5), 300_000 + i, "how does photosynthesis work " + i));
    }
    Set<String> keys = new HashSet<>();
    Map<String, String> keyOf = new LinkedHashMap<>();
    for (Request r : burst) {
      keys.add(r.key());
      keyOf.put(eventId(r), r.key());
    }
    int ackedBefore = slack.acked().size();
    AtomicInteger delivered = new AtomicInteger();
    // Slack spreads the events over every open connection in turn, A's until it closes.
    Future<?> delivering = set.pool.submit(() -> {
      for (Request r : burst.subList(0, burst.size() - tail)) {
        int sent = delivered.get();
        until("the replicas keep up", Duration.ofSeconds(60), () -> sent - (slack.acked().size() - ackedBefore) < WINDOW);
        slack.deliver(payload(r));
        delivered.incrementAndGet();
      }
      return null;
    });
    until("100 of the burst answered", Duration.ofSeconds(90), () -> set.ledger.answered(keys) >= 100);
    // Stall A (SIGSTOP) before killing it, so that it dies holding envelopes it never acked: a
    // replica on a quiet machine acks within milliseconds, and the kill would otherwise find none.
    // The burst's last few go out only now, in turn over every open connection, A's included.
    victim.pause();
    delivering.get(120, TimeUnit.SECONDS);
    for (Request r : burst.subList(burst.size() - tail, burst.size())) {
      slack.deliver(payload(r));
      delivered.incrementAndGet();
    }
    until("A holds envelopes it has not acked", Duration.ofSeconds(30), () -> {
      Set<String> held = new HashSet<>(slack.deliveredWith(token("a")));
      held.retainAll(keyOf.keySet());
      held.removeAll(slack.ackedWith(token("a")));
      return !held.isEmpty();
    });
    Set<String> answeredAtKill = new HashSet<>();
    keys.stream().filter(set.ledger.answers::containsKey).forEach(answeredAtKill::add);
    victim.kill();
    long killedAt = System.nanoTime();
    Set<String> ackedByA = new HashSet<>(slack.ackedWith(token("a")));
    ackedByA.retainAll(keyOf.keySet());
    long ackedByAUnanswered = ackedByA.stream().filter(e -> !answeredAtKill.contains(keyOf.get(e))).count();
    Map<String, Integer> queueAtKill = set.workItems();
    int deliveredAtKill = delivered.get();
    delivering.get(120, TimeUnit.SECONDS);

    until("every event of the burst acked (Slack delivers the unacked again)", Duration.ofSeconds(90),
        () -> slack.acked().containsAll(keyOf.keySet()));
    try {
      until("every acknowledged question answered by the survivors", Duration.ofSeconds(120),
          () -> set.ledger.answered(keys) == keys.size());
    } catch (AssertionError e) {
      StringBuilder lost = new StringBuilder();
      keyOf.forEach((event, key) -> {
        if (!set.ledger.answers.containsKey(key)) {
          lost.append("\n  ").append(event).append(" acked ").append(acksOf(event));
        }
      });
      throw new AssertionError(e.getMessage() + "; acknowledged, never answered:" + lost, e);
    }
    long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
    until("the survivors idle", Duration.ofSeconds(30), () -> ReplicaSet.idle(survivors));
    Map<String, Integer> queueAfter = set.workItems();
    int duplicates = set.ledger.duplicates(keys);
    // Events Slack gave A that A never acked: delivered again to B or C, which acked them.
    Set<String> neverAckedByA = new HashSet<>(slack.deliveredWith(token("a")));
    neverAckedByA.retainAll(keyOf.keySet());
    neverAckedByA.removeAll(slack.ackedWith(token("a")));
    Set<String> ackedBySurvivors = new HashSet<>(slack.ackedWith(token("b")));
    ackedBySurvivors.addAll(slack.ackedWith(token("c")));
    int recorded = set.recordedSince(queueBefore);
    List<Map<String, Long>> survivorCounts = ReplicaSet.intakeCounts(survivors);
    System.out.printf(
        "SocketModeReplicasIT kill -9: %d events over 3 connections, %d delivered when A was killed; A had acked %d"
            + " (%d of them not yet answered); %d answered at the kill; work queue at kill %s; then %d acked and"
            + " %d answered of %d, within %d ms of the kill (lease 3 s); %d delivered to A and never acked by A, acked on B or"
            + " C after Slack delivered them again; %d envelopes delivered again in all; duplicates %d (A had %d workers);"
            + " queue after %s; acks per token %s; B and C count %s%n",
        burst.size(), deliveredAtKill, ackedByA.size(), ackedByAUnanswered, answeredAtKill.size(), queueAtKill,
        slack.acked().stream().filter(keyOf::containsKey).count(), set.ledger.answered(keys), burst.size(), takeoverMs,
        neverAckedByA.size(), slack.redeliveries(), duplicates, ReplicaSet.WORKERS, queueAfter, slack.acksPerToken(),
        survivorCounts);

    assertTrue(ackedByAUnanswered > 0, "A had acknowledged work not yet answered when killed");
    assertTrue(queueAtKill.getOrDefault("pending", 0) > 0, "kill -9 left work pending: " + queueAtKill);
    assertFalse(neverAckedByA.isEmpty(), "A held envelopes it had not acked when killed");
    assertTrue(ackedBySurvivors.containsAll(neverAckedByA), "not delivered again to the survivors");
    assertEquals(keys.size(), set.ledger.answered(keys), "an acknowledged question was lost");
    assertEquals(Set.of("done"), queueAfter.keySet(), "work left behind: " + queueAfter);
    assertEquals(recorded, set.ledger.answered(keys), "answered = recorded");
    // Twice only for work in flight at the crash: at most one per worker of A.
    assertTrue(duplicates <= ReplicaSet.WORKERS, "duplicates: " + duplicates);
    for (JarBot b : survivors) {
      assertFalse(b.output().contains("Exception"), b.output());
    }
  }
}

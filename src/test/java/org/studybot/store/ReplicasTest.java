package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Replica heartbeats and broadcasts, on SQLite and PostgreSQL. */
class ReplicasTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @StoreTest
  void liveReplicasAndTheCorpusEachServes(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    a.replicas().heartbeat("a", "v1", 109);
    b.replicas().heartbeat("b", "v1", 109);
    clock.advance(Duration.ofSeconds(20));
    a.replicas().heartbeat("a", "v2", 110);
    List<Replicas.Replica> live = b.replicas().live(Duration.ofSeconds(30));
    assertEquals(List.of("a", "b"), live.stream().map(Replicas.Replica::id).toList());
    assertEquals("v2", live.get(0).corpusVersion());
    assertEquals(T0, live.get(0).startedAt(), "a heartbeat keeps the start time");
    clock.advance(Duration.ofSeconds(15));
    assertEquals(List.of("a"), b.replicas().live(Duration.ofSeconds(30)).stream().map(Replicas.Replica::id).toList());
    a.replicas().leave("a");
    assertEquals(List.of(), b.replicas().live(Duration.ofSeconds(30)));
  }

  @StoreTest
  void aBroadcastReachesEveryReplicaOnceFromWhenItStarted(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    a.broadcasts().publish("reload", "{\"by\":\"U1\"}", "a");
    List<String> gotA = new ArrayList<>();
    List<String> gotB = new ArrayList<>();
    BroadcastListener la = a.listen("reload", m -> gotA.add(m.payload() + "@" + m.sender()), line -> {});
    BroadcastListener lb = b.listen("reload", m -> gotB.add(m.payload() + "@" + m.sender()), line -> {});
    assertEquals(0, la.poll(), "a message from before the listener started is history");
    b.broadcasts().publish("reload", "second", "b");
    b.broadcasts().publish("other-topic", "x", "b");
    a.broadcasts().publish("reload", "third", "a");
    assertEquals(2, la.poll());
    assertEquals(2, lb.poll());
    assertEquals(0, lb.poll(), "each once");
    assertEquals(List.of("second@b", "third@a"), gotA);
    assertEquals(gotA, gotB);
  }

  @StoreTest
  void aFailingHandlerDoesNotStopTheOthers(TestDb db) {
    Store s = db.open(new MutableClock(T0));
    List<String> log = new ArrayList<>();
    List<String> got = new ArrayList<>();
    BroadcastListener l =
        s.listen(
            "reload",
            m -> {
              if (m.payload().equals("bad")) {
                throw new IllegalStateException("boom");
              }
              got.add(m.payload());
            },
            log::add);
    s.broadcasts().publish("reload", "bad", "a");
    s.broadcasts().publish("reload", "good", "a");
    assertEquals(2, l.poll());
    assertEquals(List.of("good"), got);
    assertEquals(1, log.size());
  }
}

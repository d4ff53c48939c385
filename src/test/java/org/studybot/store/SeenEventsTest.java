package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Event de-duplication across replicas, on SQLite and PostgreSQL. */
class SeenEventsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @StoreTest
  void onlyTheFirstDeliveryIsNew(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    SeenEvents a = db.open(clock).seenEvents();
    SeenEvents b = db.open(clock).seenEvents();
    assertTrue(a.firstTime("Ev1"));
    assertFalse(b.firstTime("Ev1"), "the retry reached the other replica");
    assertFalse(a.firstTime("Ev1"));
    assertTrue(b.firstTime("Ev2"));
    assertTrue(a.firstTime(null), "an event without an id cannot be recognised");
    assertTrue(a.firstTime(""));
  }

  @StoreTest
  void oldEventsArePurged(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    SeenEvents seen = db.open(clock).seenEvents();
    seen.firstTime("old");
    clock.advance(Duration.ofHours(2));
    seen.firstTime("new");
    assertEquals(1, seen.purge(clock.instant().minus(Duration.ofMinutes(90))));
    assertFalse(seen.contains("old"));
    assertTrue(seen.contains("new"));
  }

  @StoreTest
  void racingReplicasAgreeOnOneWinner(TestDb db) throws Exception {
    MutableClock clock = new MutableClock(T0);
    List<SeenEvents> replicas = List.of(db.open(clock).seenEvents(), db.open(clock).seenEvents());
    int events = 50;
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> wins = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SeenEvents s = replicas.get(t % 2);
      wins.add(
          pool.submit(
              () -> {
                go.await();
                int won = 0;
                for (int e = 0; e < events; e++) {
                  won += s.firstTime("Ev" + e) ? 1 : 0;
                }
                return won;
              }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> f : wins) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(events, total, "each event won exactly once");
  }
}

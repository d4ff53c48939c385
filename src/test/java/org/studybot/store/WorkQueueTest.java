package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The durable intake, on SQLite and PostgreSQL. */
class WorkQueueTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  static Work work(String key, Instant at) {
    return new Work("mention", key, "T1", "U1", "C1", "{\"text\":\"what is osmosis\"}", at, null);
  }

  @StoreTest
  void enqueueIsIdempotentOnTheKey(TestDb db) {
    WorkQueue q = db.open(new MutableClock(T0)).workQueue();
    Enqueued first = q.enqueue(work("Ev1", T0));
    Enqueued again = q.enqueue(work("Ev1", T0.plusSeconds(5)));
    Enqueued other = q.enqueue(work("Ev2", T0));
    assertTrue(first.isNew());
    assertFalse(again.isNew(), "a retry of the same event is not new");
    assertEquals(first.id(), again.id(), "the duplicate names the existing item");
    assertTrue(other.isNew());
    assertNotEquals(first.id(), other.id());
    assertEquals(2, q.pendingCount());
  }

  @StoreTest
  void itemsKeepEveryField(TestDb db) {
    WorkQueue q = db.open(new MutableClock(T0)).workQueue();
    Instant deadline = T0.plus(Duration.ofMinutes(30));
    Work w = new Work("command", "trig-9", "T9", "U9", null, "{\"response_url\":\"http://x/\"}", T0, deadline);
    long id = q.enqueue(w).id();
    WorkItem item = q.claim("replica-a", 10, LEASE).get(0);
    assertEquals(id, item.id());
    assertEquals(w, item.work());
    assertNull(item.work().channel());
    assertEquals(1, item.attempts());
    assertEquals("replica-a", item.owner());
    assertEquals(T0.plus(LEASE), item.leaseUntil());
  }

  @StoreTest
  void claimTakesReadyItemsOldestFirstAndNeverTwice(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    for (int i = 0; i < 5; i++) {
      q.enqueue(work("E" + i, T0.plusSeconds(i)));
    }
    List<WorkItem> a = q.claim("a", 3, LEASE);
    List<WorkItem> b = q.claim("b", 3, LEASE);
    assertEquals(List.of("E0", "E1", "E2"), keys(a));
    assertEquals(List.of("E3", "E4"), keys(b));
    assertEquals(List.of(), q.claim("c", 3, LEASE), "everything is held");
    Backlog backlog = q.backlog();
    assertEquals(5, backlog.pending());
    assertEquals(5, backlog.inFlight());
    assertEquals(T0, backlog.oldestAcceptedAt().orElseThrow());
  }

  @StoreTest
  void completedWorkIsNeverClaimedAgain(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    long id = q.enqueue(work("E1", T0)).id();
    q.claim("a", 1, LEASE);
    assertTrue(q.complete(id));
    assertFalse(q.complete(id), "a second completion says it was already done");
    clock.advance(Duration.ofHours(1));
    assertEquals(List.of(), q.claim("b", 10, LEASE));
    assertEquals(0, q.pendingCount());
    assertFalse(q.enqueue(work("E1", clock.instant())).isNew(), "a late duplicate still finds its key");
  }

  @StoreTest
  void aDeadOwnersWorkIsTakenOverWhenItsLeaseRunsOut(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    long id = q.enqueueClaimed(work("E1", T0), "replica-a", LEASE).id();
    assertEquals(List.of(), q.claim("replica-b", 10, LEASE), "held by a until its lease runs out");
    clock.advance(LEASE.minusMillis(1));
    assertEquals(List.of(), q.claim("replica-b", 10, LEASE));
    clock.advance(Duration.ofMillis(1));
    List<WorkItem> taken = q.claim("replica-b", 10, LEASE);
    assertEquals(1, taken.size());
    assertEquals(id, taken.get(0).id());
    assertEquals(2, taken.get(0).attempts(), "the first attempt was a's");
    assertFalse(q.renew(id, "replica-a", LEASE), "a no longer holds it");
    assertFalse(q.retry(id, "replica-a", clock.instant(), "late"), "a cannot give back what it lost");
    assertTrue(q.renew(id, "replica-b", LEASE));
  }

  @StoreTest
  void renewingKeepsTheItem(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    long id = q.enqueue(work("E1", T0)).id();
    q.claim("a", 1, LEASE);
    clock.advance(LEASE.minusSeconds(1));
    assertTrue(q.renew(id, "a", LEASE));
    clock.advance(LEASE.minusSeconds(1));
    assertEquals(List.of(), q.claim("b", 1, LEASE), "the renewed lease still holds");
  }

  @StoreTest
  void renewAllKeepsEverythingAnOwnerHoldsAndNothingElse(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    q.enqueueClaimed(work("A1", T0), "a", LEASE);
    q.enqueueClaimed(work("A2", T0), "a", LEASE);
    long done = q.enqueueClaimed(work("A3", T0), "a", LEASE).id();
    q.complete(done);
    q.enqueueClaimed(work("B1", T0), "b", LEASE);
    clock.advance(LEASE.minusSeconds(1));
    assertEquals(2, q.renewAll("a", LEASE), "a's two pending items, not the finished one");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of("B1"), keys(q.claim("c", 10, LEASE)), "only b's lapsed lease is taken over");
  }

  @StoreTest
  void releaseLetsAnyoneClaimAtOnce(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    q.enqueueClaimed(work("A1", T0), "a", LEASE);
    q.enqueueClaimed(work("B1", T0), "b", LEASE);
    assertEquals(1, q.release("a"));
    assertEquals(0, q.release("a"), "nothing left to let go");
    List<WorkItem> taken = q.claim("a", 10, LEASE);
    assertEquals(List.of("A1"), keys(taken), "free at once, b's still held");
    assertEquals(2, taken.get(0).attempts());
  }

  @StoreTest
  void retryWaitsUntilTheNextAttemptAndKeepsTheReason(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    long id = q.enqueue(work("E1", T0)).id();
    q.claim("a", 1, LEASE);
    assertTrue(q.retry(id, "a", T0.plusSeconds(10), "chat.postMessage: HTTP 500"));
    assertEquals(0, q.backlog().inFlight());
    assertEquals(1, q.pendingCount());
    clock.advance(Duration.ofSeconds(9));
    assertEquals(List.of(), q.claim("a", 1, LEASE), "not due yet");
    clock.advance(Duration.ofSeconds(1));
    WorkItem again = q.claim("b", 1, LEASE).get(0);
    assertEquals(2, again.attempts());
    assertEquals("chat.postMessage: HTTP 500", again.lastError());
  }

  @StoreTest
  void givenUpWorkIsFinishedAndPurgedLater(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    long failed = q.enqueue(work("E1", T0)).id();
    long done = q.enqueue(work("E2", T0)).id();
    q.enqueue(work("E3", T0));
    q.claim("a", 2, LEASE);
    assertTrue(q.giveUp(failed, "a", "response_url expired"));
    assertTrue(q.complete(done));
    assertEquals("response_url expired", q.get(failed).orElseThrow().lastError());
    assertEquals(1, q.pendingCount());
    clock.advance(Duration.ofHours(2));
    assertEquals(0, q.purgeFinished(T0), "nothing finished before T0");
    assertEquals(2, q.purgeFinished(clock.instant()));
    assertTrue(q.get(failed).isEmpty());
    assertEquals(1, q.pendingCount(), "pending work is never purged");
  }

  @StoreTest
  void oldestPendingAgeFollowsTheClock(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    WorkQueue q = db.open(clock).workQueue();
    assertEquals(Duration.ZERO, q.backlog().oldestAge(clock.instant()));
    q.enqueue(work("E1", T0));
    q.enqueue(work("E2", T0.plusSeconds(20)));
    clock.advance(Duration.ofSeconds(45));
    assertEquals(Duration.ofSeconds(45), q.backlog().oldestAge(clock.instant()));
  }

  @StoreTest
  void workSurvivesAReopen(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store first = db.open(clock);
    first.workQueue().enqueueClaimed(work("E1", T0), "dead", LEASE);
    first.close();
    clock.advance(LEASE);
    WorkQueue q = db.open(clock).workQueue();
    assertEquals(List.of("E1"), keys(q.claim("new", 10, LEASE)));
  }

  /** Replicas (two stores on one database), each with several workers, claim a burst together. */
  @StoreTest
  void concurrentReplicasNeverTakeTheSameItem(TestDb db) throws Exception {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    int items = 300;
    for (int i = 0; i < items; i++) {
      (i % 2 == 0 ? a : b).workQueue().enqueue(work("E" + i, T0));
    }
    int workers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Store s = w % 2 == 0 ? a : b;
      String owner = (w % 2 == 0 ? "a" : "b") + "-" + w;
      Callable<List<Long>> worker =
          () -> {
            start.await();
            List<Long> mine = new ArrayList<>();
            for (List<WorkItem> got; !(got = s.workQueue().claim(owner, 7, LEASE)).isEmpty(); ) {
              for (WorkItem i : got) {
                mine.add(i.id());
                s.workQueue().complete(i.id());
              }
            }
            return mine;
          };
      results.add(pool.submit(worker));
    }
    start.countDown();
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : results) {
      all.addAll(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    Set<Long> distinct = new HashSet<>(all);
    assertEquals(items, all.size(), "every item taken once: " + duplicates(all));
    assertEquals(items, distinct.size());
    assertEquals(0, a.workQueue().pendingCount());
  }

  private static List<String> keys(List<WorkItem> items) {
    return items.stream().map(i -> i.work().key()).toList();
  }

  private static List<Long> duplicates(List<Long> ids) {
    return ids.stream().filter(i -> Collections.frequency(ids, i) > 1).distinct().toList();
  }
}

package org.studybot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.intake.Handler.Job;
import org.studybot.intake.Handler.Result;
import org.studybot.intake.Intake.Admission;
import org.studybot.store.Enqueued;
import org.studybot.store.MutableClock;
import org.studybot.store.Store;
import org.studybot.store.StoreException;
import org.studybot.store.StoreTarget;
import org.studybot.store.Work;
import org.studybot.store.WorkItem;
import org.studybot.store.WorkQueue;

/** The intake against a real (SQLite) store and a handler the test controls. */
class IntakeTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<Job> jobs = new CopyOnWriteArrayList<>();
  final List<Intake> intakes = new ArrayList<>();
  Store store;
  WorkQueue queue;

  @BeforeEach
  void open() {
    store = Store.open(StoreTarget.sqlite(dir), clock);
    queue = store.workQueue();
  }

  @AfterEach
  void close() {
    intakes.forEach(Intake::stop);
    store.close();
  }

  static IntakeSettings settings(Map<String, Object> overrides) throws ConfigException {
    BotConfig.Builder b = BotConfig.builder().set("intake.poll", "20ms").set("intake.drain", "0s");
    overrides.forEach(b::set);
    return IntakeSettings.from(b.build().section("intake"));
  }

  Intake intake(Map<String, Object> overrides, Function<Job, CompletableFuture<Result>> handler) throws Exception {
    Intake i = new Intake(settings(overrides), queue, "replica-a", job -> {
      jobs.add(job);
      return handler.apply(job);
    }, clock, Ticker.systemTicker(), log::add);
    intakes.add(i);
    return i;
  }

  static CompletableFuture<Result> delivered(Job job) {
    return CompletableFuture.completedFuture(Result.DELIVERED);
  }

  static Work work(String key, String user, Instant at, Instant deadline) {
    return new Work("mention", key, "T1", user, "C1", "{}", at, deadline);
  }

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 20 s: " + what);
      Thread.onSpinWait();
      Thread.sleep(0, 200_000);
    }
  }

  @Test
  void deliveriesTheStoreCouldNotRecordAreRecordedOnceItWritesAgainNotDeliveredTwice() throws Exception {
    // The store's queue, except that recording an end fails while the disk is "full".
    java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
    WorkQueue real = queue;
    queue = (WorkQueue) java.lang.reflect.Proxy.newProxyInstance(WorkQueue.class.getClassLoader(),
        new Class<?>[] {WorkQueue.class}, (proxy, method, args) -> {
          if (full.get() && List.of("complete", "retry", "giveUp", "renewAll").contains(method.getName())) {
            throw new org.studybot.store.StoreException("disk full", null, true);
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Intake in = intake(Map.of("intake.user_burst", 100, "intake.channel_burst", 100), IntakeTest::delivered);
    in.start();
    full.set(true);
    for (int i = 0; i < 5; i++) {
      assertEquals(Admission.ACCEPTED, in.offer(work("D" + i, "U1", T0, null), true));
    }
    until("5 delivered", () -> jobs.size() == 5);
    assertEquals(0, in.counts().answered(), "not recorded as answered yet");
    assertEquals(5, in.counts().held(), "still held, so no one else delivers them");
    assertEquals(5, real.pendingCount());
    full.set(false);
    until("the ends recorded", () -> in.counts().answered() == 5);
    assertEquals(0, in.counts().held());
    assertEquals(0, real.pendingCount());
    assertEquals(5, jobs.size(), "each delivered once");
    assertTrue(log.stream().noneMatch(l -> l.contains("disk full")), "the store reported it; the intake does not: " + log);
  }

  @Test
  void everyAcceptedRequestIsDeliveredOnceAndMarkedDone() throws Exception {
    Intake in = intake(Map.of("intake.user_burst", 100, "intake.channel_burst", 100), IntakeTest::delivered);
    in.start();
    for (int i = 0; i < 30; i++) {
      assertEquals(Admission.ACCEPTED, in.offer(work("E" + i, "U" + (i % 3), T0, null), true));
    }
    assertEquals(Admission.DUPLICATE, in.offer(work("E7", "U1", T0, null), true), "Slack's retry of E7");
    until("30 answered", () -> in.counts().answered() == 30);
    assertEquals(30, jobs.stream().map(j -> j.item().work().key()).distinct().count());
    assertEquals(30, jobs.size(), "each delivered once");
    assertEquals(0, queue.pendingCount());
    IntakeCounts c = in.counts();
    assertEquals(30, c.accepted());
    assertEquals(1, c.duplicates());
    assertEquals(0, c.held());
  }

  @Test
  void aStudentPastTheirBurstIsRefusedNotRecordedAndToldOncePerWindow() throws Exception {
    Intake in = intake(Map.of("intake.user_burst", 3, "intake.user_every", "1h"), IntakeTest::delivered);
    List<Admission> got = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      got.add(in.offer(work("F" + i, "UFLOOD", T0, null), true));
    }
    assertEquals(List.of(Admission.ACCEPTED, Admission.ACCEPTED, Admission.ACCEPTED), got.subList(0, 3));
    assertTrue(got.subList(3, 10).stream().allMatch(a -> a == Admission.SLOW_DOWN), got.toString());
    assertEquals(Admission.ACCEPTED, in.offer(work("N1", "UCALM", T0, null), true), "another student is not limited");
    assertEquals(4, queue.pendingCount(), "refusals are never recorded");
    assertEquals(7, in.counts().slowDown());
    assertTrue(in.shouldTell("UFLOOD"));
    assertFalse(in.shouldTell("UFLOOD"), "told once per notice window, not once per refusal");
    assertTrue(in.shouldTell("UCALM"));
  }

  @Test
  void aBusyChannelIsLimitedOnlyForAnswersPostedInIt() throws Exception {
    Intake in = intake(Map.of("intake.channel_burst", 2, "intake.channel_every", "1h"), IntakeTest::delivered);
    assertEquals(Admission.ACCEPTED, in.offer(work("A", "U1", T0, null), true));
    assertEquals(Admission.ACCEPTED, in.offer(work("B", "U2", T0, null), true));
    assertEquals(Admission.SLOW_DOWN, in.offer(work("C", "U3", T0, null), true));
    assertEquals(Admission.ACCEPTED, in.offer(work("D", "U3", T0, null), false), "a private answer is not the channel's");
    assertEquals(Admission.ACCEPTED, in.offer(work("E", "U3", T0, null), false), "U3's refused token was given back");
  }

  @Test
  void aReplicaHoldingItsCeilingSaysBusy() throws Exception {
    CompletableFuture<Result> never = new CompletableFuture<>();
    Intake in = intake(Map.of("intake.max_held", 2), job -> never);
    in.start();
    assertEquals(Admission.ACCEPTED, in.offer(work("A", "U1", T0, null), false));
    assertEquals(Admission.ACCEPTED, in.offer(work("B", "U2", T0, null), false));
    assertEquals(Admission.BUSY, in.offer(work("C", "U3", T0, null), false));
    assertEquals(1, in.counts().busy());
    never.complete(Result.DELIVERED);
  }

  @Test
  void workIsServedRoundRobinAcrossStudents() throws Exception {
    FairQueue q = new FairQueue();
    long id = 0;
    for (int i = 0; i < 50; i++) {
      q.add(new WorkItem(++id, work("F" + i, "UFLOOD", T0, null), 1, "a", null, null));
    }
    q.add(new WorkItem(++id, work("N1", "UCALM", T0, null), 1, "a", null, null));
    q.add(new WorkItem(++id, work("N2", "UCALM", T0, null), 1, "a", null, null));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      order.add(q.poll(0).work().key());
    }
    assertEquals(List.of("F0", "N1", "F1", "N2", "F2", "F3"), order);
    assertEquals(46, q.size());
  }

  @Test
  void tokenBucketsRefillWithTimeAndForgetNoOne() {
    AtomicLong nanos = new AtomicLong();
    TokenBuckets b = new TokenBuckets(2, Duration.ofSeconds(10), nanos::get);
    assertTrue(b.take("U1"));
    assertTrue(b.take("U1"));
    assertFalse(b.take("U1"));
    assertTrue(b.take("U2"), "buckets are per key");
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    assertFalse(b.take("U1"), "not yet a token back");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(b.take("U1"));
    assertFalse(b.take("U1"));
    b.refund("U1");
    assertTrue(b.take("U1"));
    assertTrue(b.take(null), "no key, no limit");
  }

  @Test
  void stopDrainsForABoundedTimeRecordsWhatStillArrivesAndTheNextStartResumesIt() throws Exception {
    CompletableFuture<Result> stuck = new CompletableFuture<>();
    Intake first = intake(Map.of("intake.workers", 1, "intake.drain", "200ms"), job -> stuck);
    first.start();
    for (int i = 0; i < 5; i++) {
      first.offer(work("S" + i, "U" + i, T0, null), false);
    }
    until("the first taken", () -> jobs.size() == 1);
    Thread stopper = new Thread(first::stop);
    stopper.start();
    until("stopping", first::stopping);
    assertEquals(Admission.RECORDED, first.offer(work("LATE1", "U9", T0, null), false), "recorded while stopping");
    stopper.join(10_000);
    assertFalse(stopper.isAlive(), "the drain is bounded");
    assertEquals(6, queue.pendingCount(), "nothing lost: 5 held + 1 recorded");
    assertTrue(log.stream().anyMatch(l -> l.startsWith("intake stopped: 0 of 5 held answered") && l.contains("6 pending")),
        log.toString());
    assertEquals(6, queue.claim("other", 10, Duration.ofSeconds(1)).size(), "let go: another replica may take all six at once");
    queue.release("other");

    jobs.clear();
    Intake second = intake(Map.of(), IntakeTest::delivered);
    second.start();
    until("all six answered", () -> second.counts().answered() == 6);
    assertEquals(6, second.counts().resumed());
    assertEquals(0, queue.pendingCount());
    stuck.complete(Result.DELIVERED);
  }

  @Test
  void aRestartTakesBackItsOwnWorkAtOnceAndADeadReplicasAfterItsLease() throws Exception {
    queue.enqueueClaimed(work("MINE", "U1", T0, null), "replica-a", Duration.ofMinutes(1));
    queue.enqueueClaimed(work("THEIRS", "U2", T0, null), "replica-dead", Duration.ofMinutes(1));
    Intake in = intake(Map.of(), IntakeTest::delivered);
    in.start();
    until("its own answered at once", () -> in.counts().answered() == 1);
    assertEquals("MINE", jobs.get(0).item().work().key());
    assertTrue(log.get(0).contains("2 acknowledged requests pending") && log.get(0).contains("1 held by this replica"),
        log.toString());
    clock.advance(Duration.ofMinutes(1));
    until("the dead replica's answered once its lease ran out", () -> in.counts().answered() == 2);
    assertEquals(2, jobs.get(1).item().attempts(), "the dead replica's attempt counted");
  }

  @Test
  void lateAnswersAreFlaggedAndExpiredResponseUrlsGivenUp() throws Exception {
    queue.enqueue(work("OLD", "U1", T0.minus(Duration.ofMinutes(5)), null));
    queue.enqueue(work("EXPIRED", "U2", T0.minus(Duration.ofMinutes(31)), T0.minus(Duration.ofMinutes(1))));
    queue.enqueue(work("FRESH", "U3", T0, null));
    Intake in = intake(Map.of("intake.workers", 1), IntakeTest::delivered);
    in.start();
    until("settled", () -> in.counts().answered() + in.counts().expired() == 3 && in.counts().held() == 0);
    assertEquals(2, in.counts().answered());
    assertEquals(1, in.counts().expired());
    assertEquals(1, in.counts().late());
    assertEquals(List.of("OLD", "FRESH"), jobs.stream().map(j -> j.item().work().key()).toList(),
        "an expired slash command is never answered");
    assertTrue(jobs.get(0).late() && jobs.get(0).waited().equals(Duration.ofMinutes(5)));
    assertFalse(jobs.get(1).late());
  }

  @Test
  void aFailedDeliveryIsTriedAgainLaterThenGivenUpOnTheLastAttempt() throws Exception {
    Intake in = intake(Map.of("intake.max_attempts", 2, "intake.retry_after", "30s"), job -> CompletableFuture
        .completedFuture(Result.retry("http_503")));
    in.start();
    assertEquals(Admission.ACCEPTED, in.offer(work("R", "U1", T0, null), false));
    until("retried", () -> in.counts().retried() == 1);
    assertFalse(jobs.get(0).lastAttempt());
    clock.advance(Duration.ofSeconds(29));
    assertEquals(1, jobs.size(), "not before retry_after");
    clock.advance(Duration.ofSeconds(1));
    until("given up", () -> in.counts().failed() == 1);
    assertTrue(jobs.get(1).lastAttempt(), "the handler knew it was the last try, so it could tell the student");
    assertEquals(0, queue.pendingCount());
    assertTrue(log.stream().anyMatch(l -> l.contains("gave up a mention after 2 attempts (http_503)")), log.toString());
  }

  /**
   * The queue, with each new item's commit held until the test lets it go ({@code commit}) or
   * failed ({@code fail}): the intake has the item in hand before the commit returns.
   */
  WorkQueue slowCommits(CountDownLatch commit, boolean fail) {
    return (WorkQueue) Proxy.newProxyInstance(
        WorkQueue.class.getClassLoader(), new Class<?>[] {WorkQueue.class}, (proxy, method, args) -> {
          if (method.getName().equals("enqueueClaimed") && args.length == 4) {
            @SuppressWarnings("unchecked")
            Consumer<Enqueued> inserted =
                (Consumer<Enqueued>) args[3];
            return queue.enqueueClaimed((Work) args[0], (String) args[1], (Duration) args[2], e -> {
              inserted.accept(e);
              try {
                commit.await();
              } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
              }
              if (fail) {
                // As a commit that fails: the store rolls the insert back.
                throw new StoreException("the commit failed");
              }
            });
          }
          try {
            return method.invoke(queue, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A handler that works out its answer at once, then waits for the record as a front end must. */
  Intake overlapping(WorkQueue q, CountDownLatch started, List<Boolean> recorded) {
    Intake i = new Intake(settingsOrThrow(), q, "replica-a", job -> {
      jobs.add(job);
      started.countDown();
      boolean ok = job.awaitRecorded();
      recorded.add(ok);
      return CompletableFuture.completedFuture(ok ? Result.DELIVERED : Result.failed("not recorded"));
    }, clock, Ticker.systemTicker(), log::add);
    intakes.add(i);
    return i;
  }

  private static IntakeSettings settingsOrThrow() {
    try {
      return settings(Map.of());
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One request offered (on another thread) to an intake whose commits wait for {@code commit}. */
  private record Offered(Intake intake, CountDownLatch commit, List<Boolean> recorded, CompletableFuture<Admission> admission) {}

  /** Offers {@code key} while its commit is held (then fails, if {@code fail}); returns once a worker has it. */
  private Offered offerWhileCommitting(String key, boolean fail) throws Exception {
    CountDownLatch commit = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<Boolean> recorded = new CopyOnWriteArrayList<>();
    Intake in = overlapping(slowCommits(commit, fail), started, recorded);
    in.start();
    CompletableFuture<Admission> offered = CompletableFuture.supplyAsync(() -> in.offer(work(key, "U1", T0, null), true));
    assertTrue(started.await(20, TimeUnit.SECONDS), "the worker started before the commit returned");
    return new Offered(in, commit, recorded, offered);
  }

  @Test
  void aNewRequestIsWorkedOnWhileItCommitsButDeliveredOnlyAfter() throws Exception {
    Offered o = offerWhileCommitting("O1", false);
    Intake in = o.intake();
    CompletableFuture<Admission> offered = o.admission();
    List<Boolean> recorded = o.recorded();
    assertFalse(offered.isDone(), "not acknowledged: the commit has not returned");
    assertEquals(List.of(), recorded, "and not delivered either: the handler waits for the record");
    assertEquals(0, in.counts().accepted());
    o.commit().countDown();
    assertEquals(Admission.ACCEPTED, offered.get(20, TimeUnit.SECONDS));
    until("answered", () -> in.counts().answered() == 1);
    assertEquals(List.of(true), recorded);
    assertEquals(0, queue.pendingCount(), "marked done");
  }

  @Test
  void aRequestWhoseCommitFailsIsNeitherAcknowledgedNorDelivered() throws Exception {
    Offered o = offerWhileCommitting("F1", true);
    Intake in = o.intake();
    List<Boolean> recorded = o.recorded();
    o.commit().countDown();
    assertEquals(Admission.UNAVAILABLE, o.admission().get(20, TimeUnit.SECONDS), "so Slack sends it again");
    // The handler hears of the failed commit on the worker's thread, which may still be telling it
    // when the intake no longer counts the item held: wait for both.
    until("dropped, and the handler told", () -> in.counts().held() == 0 && !recorded.isEmpty());
    assertEquals(List.of(false), recorded, "the handler was told not to deliver it");
    IntakeCounts c = in.counts();
    assertEquals(0, c.accepted());
    assertEquals(0, c.answered());
    assertEquals(0, c.failed(), "nothing to give up: it never existed");
    assertEquals(0, queue.pendingCount(), "rolled back");
    assertTrue(queue.get(jobs.get(0).item().id()).isEmpty());
  }

  @Test
  void aRequestWhoseCommitFailedBeforeAWorkerCameIsNotWorkedOn() throws Exception {
    CountDownLatch commit = new CountDownLatch(0);
    List<Boolean> recorded = new CopyOnWriteArrayList<>();
    Intake in = overlapping(slowCommits(commit, true), new CountDownLatch(1), recorded);
    assertEquals(Admission.UNAVAILABLE, in.offer(work("G1", "U1", T0, null), true), "no worker yet");
    in.start();
    until("dropped", () -> in.counts().held() == 0);
    assertEquals(List.of(), jobs, "its answer was never worked out (nor counted)");
    assertEquals(0, queue.pendingCount());
  }

  @Test
  void pollMustRenewLeasesBeforeTheyRunOut() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> settings(Map.of("intake.lease", "3s", "intake.poll", "2s")));
    assertTrue(e.getMessage().contains("intake.poll") && e.getMessage().contains("intake.lease"), e.getMessage());
    ConfigException zero = assertThrows(ConfigException.class, () -> settings(Map.of("intake.user_every", "0s")));
    assertTrue(zero.getMessage().contains("intake.user_every"), zero.getMessage());
  }
}

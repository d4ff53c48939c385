package org.studybot.intake;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.studybot.intake.Handler.Job;
import org.studybot.intake.Handler.Result;
import org.studybot.store.Backlog;
import org.studybot.store.Enqueued;
import org.studybot.store.Held;
import org.studybot.store.StoreException;
import org.studybot.store.Work;
import org.studybot.store.WorkItem;
import org.studybot.store.WorkQueue;

/**
 * The durable intake of one replica: every request the front end acknowledges passes {@link
 * #offer} first, which either records it in the store's {@link WorkQueue} (held by this replica
 * under a lease) or refuses it with a reason the student is told; workers then deliver what is
 * held, round-robin across students ({@link FairQueue}), no faster than the Web API allows, and
 * mark each item done only once its answer is delivered. Thread-safe.
 *
 * <p>What makes it durable: an item is in the store before its request is acknowledged and leaves
 * only when delivered. A replica renews the leases of everything it holds; if it dies (kill -9),
 * its leases run out and any replica sharing the store takes the work over; when it starts again
 * it takes back at once what its earlier run held. So nothing acknowledged is lost, and an answer
 * is delivered twice only when its replica died between delivering it and recording that.
 *
 * <p>What keeps it fair: a token bucket per student and per channel ({@code user_burst} / {@code
 * user_every}, {@code channel_burst} / {@code channel_every}) and a ceiling on the work one replica
 * holds ({@code max_held}). A refused request is never silently dropped: {@link #offer} says why,
 * and the front end tells the student ("slow down", "busy, try again"), at most once per {@code
 * notice_every} ({@link #shouldTell}). Deliveries start at most {@code api_rate} a second, all of
 * them wait out a rate limit Slack reports ({@link #pause}), and {@code workers} run at once: the
 * pace is Slack's, not the CPU's.
 *
 * <p>When the store cannot write (a full disk), {@link #offer} refuses with {@link
 * Admission#UNAVAILABLE} (the front end does not acknowledge, so Slack sends the request again), and
 * the end of a delivery that could not be recorded is kept here and recorded by the keeper once the
 * store writes again: an answer delivered meanwhile is marked done then, not delivered twice. The
 * store logs such an outage once; the intake does not log each request it refused for it.
 *
 * <p>{@link #stop} (SIGTERM): from then on new requests are still recorded and acknowledged but
 * left for the next start or another replica, the work held is delivered for at most {@code drain},
 * and what is left is let go in the store for whoever comes first; the counts are logged.
 */
public final class Intake implements AutoCloseable {
  /** What {@link #offer} did with a request. */
  public enum Admission {
    /** Recorded, held here, and will be answered. */
    ACCEPTED,
    /** Already recorded (a retry of the same request): acknowledge it, do nothing more. */
    DUPLICATE,
    /** Refused: the student (or the channel) is asking faster than the limits allow. */
    SLOW_DOWN,
    /** Refused: this replica holds as much work as it may. */
    BUSY,
    /** Stopping: recorded for the next start or another replica, and will be answered. */
    RECORDED,
    /** The store could not record it: do not acknowledge, so Slack sends it again. */
    UNAVAILABLE;

    /** Whether the request will be answered (so it may be acknowledged as accepted). */
    public boolean willBeAnswered() {
      return this == ACCEPTED || this == DUPLICATE || this == RECORDED;
    }
  }

  private static final long IDLE_POLL_MILLIS = 100;

  /** A delivery's end (delivered, to retry, failed) that the store could not record yet. */
  private record End(WorkItem item, Result result, boolean late) {}

  private static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(10);
  private static final Future<?> RECORDED = CompletableFuture.completedFuture(null);

  private final IntakeSettings settings;
  private final WorkQueue queue;
  private final String owner;
  private final Handler handler;
  private final Clock clock;
  private final Ticker ticker;
  private final Consumer<String> log;
  private final FairQueue waiting = new FairQueue();
  private final Set<Long> held = ConcurrentHashMap.newKeySet();
  /** Items handed to the workers before their commit returned, until a worker sees how it ended. */
  // By identity, not id: SQLite hands a rolled-back insert's id to the next insert (Slack's retry).
  private final java.util.Map<WorkItem, CompletableFuture<Void>> recording =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
  private final TokenBuckets users;
  private final TokenBuckets channels;
  private final Cache<String, Boolean> told;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService keeper;
  private final Object drained = new Object();
  /** Ends the store could not take when they happened, recorded by the keeper once it writes again. */
  private final Held<End> unrecorded;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong slowDown = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong resumed = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();

  private volatile boolean started;
  private volatile boolean stopping;
  private volatile boolean closed;
  private volatile long pausedUntil;
  private long nextStart;
  private long lastRenew;

  /**
   * @param owner this replica's name in the store: the same across its restarts (see {@link
   *     #ownerFor}), different from every other replica sharing the store
   * @param clock when requests are accepted and deadlines pass (the store's clock too)
   * @param ticker the pace of limits, renewals and the drain
   * @param log told of starts, stops, refusals in bulk and failures (never message text)
   */
  public Intake(
      IntakeSettings settings,
      WorkQueue queue,
      String owner,
      Handler handler,
      Clock clock,
      Ticker ticker,
      Consumer<String> log) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.clock = clock;
    this.ticker = ticker;
    this.log = log;
    this.users = new TokenBuckets(settings.userBurst(), settings.userEvery(), ticker);
    this.channels = new TokenBuckets(settings.channelBurst(), settings.channelEvery(), ticker);
    this.told =
        Caffeine.newBuilder().ticker(ticker).expireAfterWrite(settings.noticeEvery()).maximumSize(100_000).build();
    // Unbounded here: each held item has at most one end, and max_held bounds the items. Any store
    // failure keeps an end (it only marks an item the store already has); none is its own fault.
    this.unrecorded = new Held<>("delivery ends", Integer.MAX_VALUE, end -> {
      record(end);
      synchronized (drained) {
        drained.notifyAll();
      }
    }, e -> true, log);
    this.keeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "studybot-intake-keeper");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A replica's owner name that stays the same across its restarts: the host name and the data
   * directory (a digest of it when long), so a restarted replica recognises the work it held.
   */
  public static String ownerFor(Path dataDir) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    String dir = dataDir.toAbsolutePath().normalize().toString();
    String name = host + ":" + dir;
    if (name.length() <= 128) {
      return name;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(dir.getBytes(StandardCharsets.UTF_8));
      return (host.length() > 100 ? host.substring(0, 100) : host) + ":" + HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Takes back what this replica's earlier run held, reports the backlog, and starts the workers
   * and the keeper (claims ready work, renews leases).
   *
   * @throws StoreException when the store cannot be read
   */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    int released = queue.release(owner);
    Backlog b = queue.backlog();
    if (b.pending() > 0) {
      log.accept("intake: " + b.pending() + " acknowledged requests pending in the store"
          + (released > 0 ? " (" + released + " held by this replica before it stopped)" : "")
          + ", the oldest from " + b.oldestAge(clock.instant()).toSeconds() + " s ago; resuming them");
    }
    lastRenew = ticker.read();
    for (int i = 1; i <= settings.workers(); i++) {
      Thread t = new Thread(this::work, "studybot-intake-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    keeper.scheduleWithFixedDelay(this::keep, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Records {@code work} to be answered, or says why not. Call it before acknowledging the request;
   * acknowledge it as accepted only when {@link Admission#willBeAnswered()}.
   *
   * @param channelLimited whether the answer is posted in {@code work.channel()}, so the channel's
   *     limit applies (Slack posts about one message a second per channel)
   */
  public Admission offer(Work work, boolean channelLimited) {
    if (stopping) {
      try {
        Enqueued e = queue.enqueue(work);
        if (!e.isNew()) {
          duplicates.incrementAndGet();
          return Admission.DUPLICATE;
        }
        recorded.incrementAndGet();
        return Admission.RECORDED;
      } catch (StoreException e) {
        if (!e.reported()) {
          log.accept("could not record a " + work.kind() + " while stopping: " + e.getMessage());
        }
        return Admission.UNAVAILABLE;
      }
    }
    if (!users.take(work.user())) {
      slowDown.incrementAndGet();
      return Admission.SLOW_DOWN;
    }
    if (channelLimited && !channels.take(work.channel())) {
      users.refund(work.user());
      slowDown.incrementAndGet();
      return Admission.SLOW_DOWN;
    }
    if (held.size() >= settings.maxHeld()) {
      refund(work, channelLimited);
      busy.incrementAndGet();
      return Admission.BUSY;
    }
    // A new item goes to the workers as soon as it is written, while its commit waits for the
    // disk: the answer is worked out meanwhile and delivered only once the commit succeeded
    // (Handler.Job#awaitRecorded), so nothing is posted for a request before its record is
    // durable; the acknowledgement waits for the same commit (this method's return).
    CompletableFuture<Void> recorded = new CompletableFuture<>();
    long[] insertedId = {-1};
    Enqueued e;
    try {
      e = queue.enqueueClaimed(work, owner, settings.lease(), inserted -> {
        WorkItem item = new WorkItem(inserted.id(), work, 1, owner, clock.instant().plus(settings.lease()), null);
        insertedId[0] = inserted.id();
        recording.put(item, recorded);
        held.add(inserted.id());
        waiting.add(item);
      });
      if (e.isNew()) {
        accepted.incrementAndGet();
        recorded.complete(null);
      }
    } catch (StoreException ex) {
      refund(work, channelLimited);
      if (!ex.reported()) {
        log.accept("could not record a " + work.kind() + ": " + ex.getMessage());
      }
      return Admission.UNAVAILABLE;
    } finally {
      // Unless it was recorded, a worker that took the item learns that it was not (whatever
      // went wrong) and drops it; one that takes it later drops it without working on it.
      if (recorded.completeExceptionally(new IllegalStateException("not recorded")) && insertedId[0] >= 0) {
        held.remove(insertedId[0]); // before Slack's retry can be given the same id
      }
    }
    if (!e.isNew()) {
      refund(work, channelLimited);
      duplicates.incrementAndGet();
      return Admission.DUPLICATE;
    }
    return Admission.ACCEPTED;
  }

  private void refund(Work work, boolean channelLimited) {
    users.refund(work.user());
    if (channelLimited) {
      channels.refund(work.channel());
    }
  }

  /**
   * Whether a refused {@code user} should be told now: true at most once per {@code notice_every}
   * for each student, so a flood of refusals costs one notice, not one Web API call each.
   */
  public boolean shouldTell(String user) {
    return user != null && told.asMap().putIfAbsent(user, Boolean.TRUE) == null;
  }

  /** Slack asked to wait ({@code Retry-After}): no delivery starts before then. */
  public void pause(Duration wait) {
    long until = ticker.read() + wait.toNanos();
    synchronized (this) {
      if (until > pausedUntil) {
        pausedUntil = until;
      }
    }
  }

  /** Whether {@link #stop} has begun. */
  public boolean stopping() {
    return stopping;
  }

  /** Requests held here and waiting for a worker (not yet being answered). */
  public int waiting() {
    return waiting.size();
  }

  /** The counts so far. */
  public IntakeCounts counts() {
    return new IntakeCounts(
        accepted.get(), duplicates.get(), slowDown.get(), busy.get(), recorded.get(), resumed.get(),
        answered.get(), late.get(), retried.get(), failed.get(), expired.get(), held.size());
  }

  // ---------------------------------------------------------------- workers

  private void work() {
    while (!closed) {
      WorkItem item;
      try {
        item = waiting.poll(IDLE_POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (item != null) {
        try {
          deliver(item);
        } catch (RuntimeException e) {
          // Never left held with no one to deliver it: tried again later, as a Web API failure is.
          log.accept("intake: delivering a " + item.work().kind() + " failed: " + e);
          finish(item, Result.retry(e.getClass().getSimpleName()), false);
        }
      }
    }
  }

  private void deliver(WorkItem item) {
    Work w = item.work();
    CompletableFuture<Void> committing = recording.get(item);
    Future<?> recorded = committing == null ? RECORDED : committing;
    if (committing != null && committing.isCompletedExceptionally() && dropUnrecorded(item)) {
      return; // its commit failed before a worker got to it: nothing to work out
    }
    Instant now = clock.instant();
    if (w.deadline() != null && now.isAfter(w.deadline())) {
      if (dropUnrecorded(item)) {
        return;
      }
      expired.incrementAndGet();
      finish(item, Result.failed("expired: its response URL ran out"), false);
      return;
    }
    if (!pace()) {
      return;
    }
    now = clock.instant();
    Duration waited = Duration.between(w.acceptedAt(), now);
    boolean isLate = waited.compareTo(settings.lateAfter()) > 0;
    CompletableFuture<Result> f;
    try {
      f = handler.run(new Job(item, waited.isNegative() ? Duration.ZERO : waited, isLate,
          item.attempts() >= settings.maxAttempts(), recorded));
    } catch (RuntimeException e) {
      f = CompletableFuture.completedFuture(Result.retry(e.getClass().getSimpleName()));
    }
    Result r = await(item, f, isLate);
    if (r != null && !dropUnrecorded(item)) {
      finish(item, r, isLate);
    }
  }

  /**
   * Waits until {@code item}'s commit (if it was handed over before it) has ended; true when it
   * failed: then the item never existed, its request was not acknowledged, and it is dropped here
   * without a word to the store.
   */
  private boolean dropUnrecorded(WorkItem item) {
    CompletableFuture<Void> recorded = recording.remove(item);
    if (recorded == null) {
      return false;
    }
    try {
      recorded.join();
      return false;
    } catch (CompletionException | CancellationException e) {
      synchronized (drained) {
        drained.notifyAll();
      }
      return true;
    }
  }

  /** Waits for the rate and any pause Slack asked for; false when closed meanwhile. */
  private boolean pace() {
    long slot;
    synchronized (this) {
      long now = ticker.read();
      long interval = 1_000_000_000L / settings.apiRate();
      // Up to a second's worth of starts may go at once after a quiet spell.
      nextStart = Math.max(nextStart, now - 1_000_000_000L + interval);
      slot = Math.max(nextStart, pausedUntil);
      nextStart = slot + interval;
    }
    long wait;
    while ((wait = slot - ticker.read()) > 0) {
      if (closed) {
        return false;
      }
      LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS)));
    }
    return true;
  }

  /** The delivery's result; null when the intake closed first (the item is let go in the store). */
  private Result await(WorkItem item, CompletableFuture<Result> f, boolean isLate) {
    while (true) {
      if (closed && !f.isDone()) {
        // Abandoned: if it still lands before the process ends, record it so it is not sent twice.
        f.thenAccept(
            r -> {
              if (r.outcome() == Handler.Outcome.DELIVERED) {
                try {
                  queue.complete(item.id());
                } catch (RuntimeException ignored) {
                  // The store is closed: the next start delivers it again (a counted duplicate).
                }
              }
            });
        return null;
      }
      try {
        return f.get(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // keep waiting
      } catch (ExecutionException e) {
        return Result.retry(e.getCause() == null ? "error" : e.getCause().getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private void finish(WorkItem item, Result r, boolean isLate) {
    // When the store cannot take it, the item stays held here, its lease renewed, and the keeper
    // records the end once the store writes again: an answer delivered now is not delivered twice.
    unrecorded.write(new End(item, r, isLate));
    synchronized (drained) {
      drained.notifyAll();
    }
  }

  /** Records a delivery's end in the store and counts it; throws when the store cannot write. */
  private void record(End end) {
    WorkItem item = end.item();
    Result r = end.result();
    long id = item.id();
    switch (r.outcome()) {
      case DELIVERED -> {
        queue.complete(id);
        answered.incrementAndGet();
        if (end.late()) {
          late.incrementAndGet();
        }
      }
      case RETRY -> {
        if (item.attempts() >= settings.maxAttempts()) {
          queue.giveUp(id, owner, "gave up after " + item.attempts() + " attempts: " + r.reason());
          log.accept("intake: gave up a " + item.work().kind() + " after " + item.attempts()
              + " attempts (" + r.reason() + ")");
          failed.incrementAndGet();
        } else {
          Duration wait = settings.retryAfter().multipliedBy(1L << Math.min(20, item.attempts() - 1));
          if (wait.compareTo(MAX_RETRY_WAIT) > 0) {
            wait = MAX_RETRY_WAIT;
          }
          queue.retry(id, owner, clock.instant().plus(wait), r.reason());
          retried.incrementAndGet();
        }
      }
      case FAILED -> {
        queue.giveUp(id, owner, r.reason());
        failed.incrementAndGet();
      }
    }
    held.remove(id);
  }

  // ---------------------------------------------------------------- keeper

  /** Renews the leases held and claims ready work (an earlier run's, a dead replica's, retries). */
  private void keep() {
    if (closed) {
      return;
    }
    try {
      long now = ticker.read();
      if (unrecorded.size() > 0 && unrecorded.flush() > 0) {
        return;
      }
      if (!held.isEmpty() && now - lastRenew >= settings.lease().toNanos() / 3) {
        queue.renewAll(owner, settings.lease());
        lastRenew = now;
      }
      if (stopping) {
        return;
      }
      int room = settings.maxHeld() - held.size();
      if (room <= 0) {
        return;
      }
      for (WorkItem i : queue.claim(owner, Math.min(room, 500), settings.lease())) {
        if (held.add(i.id())) {
          resumed.incrementAndGet();
          waiting.add(i);
        }
      }
    } catch (RuntimeException e) {
      if (!StoreException.reported(e)) {
        log.accept("intake: the store did not answer: " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- stop

  /**
   * Stops taking work: new requests are still recorded (for the next start or another replica);
   * the work held is delivered for at most {@code drain}; what is left is let go in the store.
   * Logs what was drained and what is left. Idempotent.
   */
  public void stop() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    long begin = ticker.read();
    long deadline = begin + settings.drain().toNanos();
    long answeredBefore = answered.get();
    int heldAtStop = held.size();
    synchronized (drained) {
      long left;
      while (!held.isEmpty() && (left = deadline - ticker.read()) > 0) {
        try {
          drained.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), IDLE_POLL_MILLIS)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    closed = true;
    keeper.shutdownNow();
    for (Thread t : workers) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Ends the store could not take while it was unwritable: recorded now if it can, else their
    // items are delivered again by whoever takes them (the only duplicates a full disk can cause).
    int unrecordedLeft = unrecorded.flush();
    if (unrecordedLeft > 0) {
      log.accept("intake: " + unrecordedLeft + " delivered or retried requests could not be recorded as such;"
          + " they will be delivered again");
    }
    int stillHeld = held.size();
    String pending;
    try {
      queue.release(owner);
      pending = Integer.toString(queue.backlog().pending());
    } catch (RuntimeException e) {
      pending = "unknown (" + e.getMessage() + ")";
    }
    double took = (ticker.read() - begin) / 1e9;
    log.accept(String.format(java.util.Locale.ROOT,
        "intake stopped: %d of %d held answered while draining (%.1f s of %d s), %d let go; %s pending"
            + " in the store for the next start or another replica (%d recorded while stopping); %s",
        answered.get() - answeredBefore, heldAtStop, took, settings.drain().toSeconds(), stillHeld, pending,
        recorded.get(), counts().summary()));
  }

  @Override
  public void close() {
    stop();
  }
}

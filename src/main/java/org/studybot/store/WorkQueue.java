package org.studybot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable intake: every request the bot acknowledges is enqueued here before (or as) it is
 * acknowledged, and stays until {@link #complete} says its answer was delivered, so a crash or a
 * restart loses nothing. Thread-safe, and safe across replicas sharing one database.
 *
 * <p>The life of an item:
 *
 * <ol>
 *   <li>{@link #enqueue} (or {@link #enqueueClaimed}, when the accepting process runs it itself):
 *       idempotent on {@link Work#key()}, so a request Slack sends twice, to one replica or two,
 *       becomes one item;
 *   <li>{@link #claim}: an owner (a replica, or a worker in it) takes up to {@code max} ready items
 *       under a lease. No two owners ever hold the same item (PostgreSQL: {@code FOR UPDATE SKIP
 *       LOCKED}; SQLite: one writer at a time). When a lease runs out, because its owner died or
 *       hung, the item is ready again and another owner takes it over: so duplicates are possible
 *       only for work in flight when its owner stopped;
 *   <li>{@link #renew} while the work takes longer than the lease;
 *   <li>{@link #complete} once the answer is delivered; or {@link #retry} to try again later (a
 *       Web API failure); or {@link #giveUp} when it can never be delivered (deadline passed).
 * </ol>
 *
 * <p>Durability: {@link #enqueue} and {@link #enqueueClaimed} are on the disk when they return
 * (PostgreSQL: a synchronous commit), since an acknowledgement stands on them. Every other change
 * commits without waiting for the disk on PostgreSQL (SQLite: all alike); a crash of the database
 * server may lose the last of those, which only puts an item back as it was before: a completed
 * one is delivered again, a claim or lease is taken again. Nothing enqueued is lost that way.
 *
 * <p>Times come from the store's clock. Finished items are kept for a while ({@link
 * #purgeFinished}) so a late duplicate still finds its key.
 */
public interface WorkQueue {
  /** Adds {@code work} unless an item with its key exists; never fails on a duplicate. */
  Enqueued enqueue(Work work);

  /**
   * Like {@link #enqueue}, but a new item is at once held by {@code owner} for {@code lease} (its
   * first attempt), so the accepting process can run it straight away without another owner
   * taking it; if it dies, the lease runs out and another owner takes it over.
   */
  default Enqueued enqueueClaimed(Work work, String owner, Duration lease) {
    return enqueueClaimed(work, owner, lease, inserted -> {});
  }

  /**
   * As {@link #enqueueClaimed(Work, String, Duration)}, calling {@code inserted} with a new item
   * once it is written and before it is committed, so the caller can start working on it while
   * the commit waits for the disk (PostgreSQL). The item is recorded only when this method
   * returns: if it throws, the item never existed, and nothing started for it may be delivered
   * or finished. Not called for a duplicate. {@code inserted} must be quick and must not use the
   * store (on SQLite this thread holds the write lock meanwhile).
   */
  Enqueued enqueueClaimed(Work work, String owner, Duration lease, Consumer<Enqueued> inserted);

  /**
   * Takes up to {@code max} ready items (pending, due, not held under a live lease) for {@code
   * owner} until now + {@code lease}, oldest first. Each item's attempt count goes up by one.
   */
  List<WorkItem> claim(String owner, int max, Duration lease);

  /**
   * Extends {@code owner}'s lease on item {@code id} to now + {@code lease}.
   *
   * @return false when {@code owner} no longer holds it (it was finished, or taken over)
   */
  boolean renew(long id, String owner, Duration lease);

  /**
   * Extends every lease {@code owner} holds to now + {@code lease}, in one statement: a process
   * keeps all the work it has taken alive at once, however much that is.
   *
   * @return how many items it holds
   */
  int renewAll(String owner, Duration lease);

  /**
   * Lets go of every item {@code owner} holds, so any owner may claim it at once rather than after
   * its lease runs out: a process does this when it stops, and at start for what an earlier run of
   * itself (the same owner) held when it died.
   *
   * @return how many items it let go
   */
  int release(String owner);

  /**
   * Marks item {@code id} done, whoever holds it: the answer was delivered, so no one must deliver
   * it again.
   *
   * @return false when it was already finished (another owner delivered it too)
   */
  boolean complete(long id);

  /**
   * Gives item {@code id} back to be tried again at {@code nextAttemptAt}, recording why.
   *
   * @return false when {@code owner} no longer holds it
   */
  boolean retry(long id, String owner, Instant nextAttemptAt, String reason);

  /**
   * Marks item {@code id} failed for good (kept for the record, never claimed again).
   *
   * @return false when {@code owner} no longer holds it
   */
  boolean giveUp(long id, String owner, String reason);

  /** The item with this id, if it exists. */
  Optional<WorkItem> get(long id);

  /**
   * Whether an item with {@code key} was recorded (and not yet purged): a request seen before is a
   * duplicate only if it was, since one whose record failed (a full disk) must be taken again.
   */
  boolean recorded(String key);

  /** How many items are not finished, how many are held, and the oldest one's age. */
  Backlog backlog();

  /** How many items are not finished. */
  default int pendingCount() {
    return backlog().pending();
  }

  /** Deletes items finished before {@code before}; returns how many. */
  int purgeFinished(Instant before);
}

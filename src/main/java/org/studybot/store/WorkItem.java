package org.studybot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A queued piece of {@link Work} as the queue holds it. Immutable and thread-safe.
 *
 * @param id the queue's id for it: pass it to {@link WorkQueue#complete} and the others
 * @param work what to do
 * @param attempts how many times it has been claimed (this claim included): more than one means
 *     an earlier owner gave it back or died
 * @param owner who holds it now, or null
 * @param leaseUntil until when the owner holds it, or null
 * @param lastError why the last attempt failed, or null
 */
public record WorkItem(
    long id, Work work, int attempts, String owner, Instant leaseUntil, String lastError) {
  public WorkItem {
    Objects.requireNonNull(work, "work");
  }
}

package org.studybot.store;

/**
 * What {@link WorkQueue#enqueue} did. Immutable.
 *
 * @param id the item's id (the existing item's when it was a duplicate)
 * @param isNew true when this call added it; false when an item with the same key was already
 *     there (a retry of the same request): then do not run it again
 */
public record Enqueued(long id, boolean isNew) {}

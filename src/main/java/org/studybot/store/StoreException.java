package org.studybot.store;

/**
 * The store could not do what was asked: the database is unreachable, refused a statement, or is
 * at a schema version this code does not know. The message names the operation and the database
 * (never its password); the cause is kept.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean reported;
  private final boolean unavailable;

  public StoreException(String message) {
    this(message, null, false);
  }

  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param reported whether the store has already logged this failure's cause (a disk that is
   *     full, a file that cannot be written): the caller need not log it again
   */
  public StoreException(String message, Throwable cause, boolean reported) {
    this(message, cause, reported, false);
  }

  /**
   * @param reported as above
   * @param unavailable whether the store could not write for a reason outside the request (its
   *     storage, its connection), so the same write may succeed later
   */
  public StoreException(String message, Throwable cause, boolean reported, boolean unavailable) {
    super(message, cause);
    this.reported = reported;
    this.unavailable = unavailable;
  }

  /**
   * Whether the write failed for a reason outside it, which time or an operator mends: the
   * storage (a full disk, an I/O error, a read-only file; {@link Store#writeFailure()}) or the
   * database's connection. Such a write is worth keeping to try again ({@link Held}); any other
   * failure is the request's own and would fail again.
   */
  public boolean unavailable() {
    return unavailable;
  }

  /**
   * Whether the store has logged the cause already, once for the whole outage ({@link
   * Store#writeFailure()}): callers log a failure only when this is false, so a full disk costs
   * one log line, not one per request.
   */
  public boolean reported() {
    return reported;
  }

  /** Whether {@code e} is a store failure the store has already logged (see {@link #reported()}). */
  public static boolean reported(Throwable e) {
    return e instanceof StoreException s && s.reported();
  }
}

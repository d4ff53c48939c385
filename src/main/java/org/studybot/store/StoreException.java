package org.studybot.store;

/**
 * The store could not do what was asked: the database is unreachable, refused a statement, or is
 * at a schema version this code does not know. The message names the operation and the database
 * (never its password); the cause is kept.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

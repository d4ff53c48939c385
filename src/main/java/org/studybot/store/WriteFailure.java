package org.studybot.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the store cannot write, when the database says it is the storage and not the statement: a
 * full disk, an I/O error, a read-only file or database. Such a failure lasts until an operator (or
 * time) fixes it, so the store reports it once, says so in {@code /healthz}, and every write fails
 * fast and quietly until one succeeds again. Immutable and thread-safe.
 *
 * @param cause what is wrong, for people, with the database's own code: {@code disk full
 *     (SQLITE_FULL)}, {@code disk full (PostgreSQL 53100)}
 * @param detail the database's message, kept as it said it
 */
record WriteFailure(String cause, String detail) {
  /** SQLite's own name of a result code, as sqlite-jdbc puts it first in its messages. */
  private static final Pattern SQLITE_CODE = Pattern.compile("\\[(SQLITE_[A-Z_]+)\\]");

  /**
   * The storage failure behind {@code e} (or any exception it wraps), or empty when {@code e} is
   * about the statement, a conflict or a timeout: those are not the disk's fault.
   */
  static Optional<WriteFailure> of(Dialect dialect, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        Optional<WriteFailure> f = dialect == Dialect.SQLITE ? sqlite(s) : postgres(s);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<WriteFailure> sqlite(SQLException s) {
    // sqlite-jdbc reports the primary result code (the low byte of an extended one).
    String what =
        switch (s.getErrorCode() & 0xff) {
          case 13 -> "disk full";
          case 10 -> "I/O error";
          case 8 -> "read-only";
          case 14 -> "cannot open";
          default -> null;
        };
    if (what == null) {
      return Optional.empty();
    }
    String message = String.valueOf(s.getMessage());
    Matcher m = SQLITE_CODE.matcher(message);
    String code = m.find() ? m.group(1) : "SQLite code " + s.getErrorCode();
    return Optional.of(new WriteFailure(what + " (" + code + ")", message));
  }

  private static Optional<WriteFailure> postgres(SQLException s) {
    String state = s.getSQLState();
    if (state == null) {
      return Optional.empty();
    }
    String what =
        state.equals("53100") ? "disk full"
            : state.equals("58030") ? "I/O error"
            : state.equals("25006") ? "read-only"
            : null;
    return what == null
        ? Optional.empty()
        : Optional.of(new WriteFailure(what + " (PostgreSQL " + state + ")", String.valueOf(s.getMessage())));
  }
}

package org.studybot.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the store cannot write, when the database says it is the storage and not the statement: a
 * full disk, an I/O error, a read-only file or database. Such a failure lasts until an operator (or
 * time) fixes it, so the store reports it once, says so in {@code /healthz}, and every write fails
 * fast and quietly until one succeeds again. A PostgreSQL server that is down, restarting or
 * recovering from a crash (a PANIC, say on a full WAL disk) is such a failure too: {@link
 * #unreachable()}, when reads fail as well. Immutable and thread-safe.
 *
 * @param cause what is wrong, for people, with the database's own code: {@code disk full
 *     (SQLITE_FULL)}, {@code disk full (PostgreSQL 53100)}, {@code database unreachable (PostgreSQL
 *     08001)}
 * @param detail the database's message, kept as it said it
 */
record WriteFailure(String cause, String detail) {
  /** SQLite's own name of a result code, as sqlite-jdbc puts it first in its messages. */
  private static final Pattern SQLITE_CODE = Pattern.compile("\\[(SQLITE_[A-Z_]+)\\]");

  private static final String UNREACHABLE = "database unreachable";

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
    // Class 08 (connection exception: refused, reset, broken), and the server ending or refusing
    // sessions: 57P01 (shut down by an administrator), 57P02 (a crash of another backend: every
    // session ends while the postmaster restarts), 57P03 (starting up, recovering from a crash).
    boolean unreachable = state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03");
    String what =
        state.equals("53100") ? "disk full"
            : state.equals("53200") ? "out of memory"
            : state.equals("58030") ? "I/O error"
            : state.equals("25006") ? "read-only"
            : unreachable ? UNREACHABLE
            : null;
    return what == null
        ? Optional.empty()
        : Optional.of(new WriteFailure(what + " (PostgreSQL " + state + ")", String.valueOf(s.getMessage())));
  }

  /**
   * Whether the database cannot be reached at all (its server down, restarting or recovering, the
   * connection broken): then reads fail too, not only writes.
   */
  boolean unreachable() {
    return cause.startsWith(UNREACHABLE);
  }

  /** What is wrong without the database's code ({@code disk full}): a change of kind is news. */
  String kind() {
    int code = cause.indexOf(" (");
    return code < 0 ? cause : cause.substring(0, code);
  }
}

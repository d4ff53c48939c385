package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.ops.HealthCheck;

/**
 * A store that cannot write: SQLite's own "database or disk is full" (SQLITE_FULL), made real by
 * capping the file's pages ({@code max_page_count}); the full-disk test of the packaged jar
 * ({@code DiskFullIT}) does the same with a real full disk.
 */
class StoreOutageTest {
  private static final Retention RETENTION = new Retention(Duration.ofDays(180), Duration.ofDays(1),
      Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(400));

  @Test
  void storageFailuresAreClassifiedWithTheirCodeAndOthersAreNot() {
    SQLException full = new SQLException("[SQLITE_FULL] Insertion failed because database is full", null, 13);
    assertEquals(Optional.of(new WriteFailure("disk full (SQLITE_FULL)", full.getMessage())),
        WriteFailure.of(Dialect.SQLITE, new RuntimeException("wrapped", full)));
    assertEquals("I/O error (SQLITE_IOERR_WRITE)", WriteFailure.of(Dialect.SQLITE,
        new SQLException("[SQLITE_IOERR_WRITE] disk I/O error", null, 778)).orElseThrow().cause());
    assertEquals("disk full (PostgreSQL 53100)", WriteFailure.of(Dialect.POSTGRESQL,
        new SQLException("could not extend file", "53100")).orElseThrow().cause());
    assertEquals(Optional.empty(), WriteFailure.of(Dialect.SQLITE,
        new SQLException("[SQLITE_CONSTRAINT] UNIQUE constraint failed", null, 19)), "the statement's fault");
    assertEquals(Optional.empty(), WriteFailure.of(Dialect.POSTGRESQL, new SQLException("duplicate key", "23505")));
    // PostgreSQL's server down, restarting after a crash (a PANIC on a full WAL disk), recovering:
    // the database cannot be reached, reads included.
    for (String state : List.of("08001", "08006", "57P01", "57P02", "57P03")) {
      WriteFailure f = WriteFailure.of(Dialect.POSTGRESQL, new SQLException("gone", state)).orElseThrow();
      assertEquals("database unreachable (PostgreSQL " + state + ")", f.cause());
      assertTrue(f.unreachable(), state);
    }
    assertEquals("out of memory (PostgreSQL 53200)",
        WriteFailure.of(Dialect.POSTGRESQL, new SQLException("out of memory", "53200")).orElseThrow().cause());
    assertFalse(WriteFailure.of(Dialect.POSTGRESQL, new SQLException("full", "53100")).orElseThrow().unreachable());
    assertEquals(Optional.empty(), WriteFailure.of(Dialect.POSTGRESQL, new SQLException("canceled", "57014")),
        "a statement timeout is the statement's");
    assertEquals(Optional.empty(), WriteFailure.of(Dialect.POSTGRESQL, new SQLException("serialization", "40001")));
  }

  /**
   * A storage failure on a connection that is still open (PostgreSQL's {@code ERROR 53100} leaves
   * the session alive; SQLite's own is thrown by the work here): the caller gets the store's
   * exception, not one from the pool closing the connection it evicted, and the pool goes on.
   */
  @StoreTest
  void aStorageFailureOnALiveConnectionIsReportedAndThePoolGoesOn(TestDb db) throws Exception {
    Store s = db.open(Clock.systemUTC());
    List<String> log = new CopyOnWriteArrayList<>();
    s.startBackground(RETENTION, Duration.ofHours(1), log::add);
    StoreException e = assertThrows(StoreException.class, () -> s.write("filling", c -> {
      if (db.dialect() == Dialect.POSTGRESQL) {
        try (Statement st = c.createStatement()) {
          st.execute("DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'"
              + " USING ERRCODE = 'disk_full'; END $$");
        }
      }
      throw new SQLException("[SQLITE_FULL] database or disk is full", null, 13);
    }));
    assertTrue(e.reported(), e.getMessage());
    String cause = db.dialect() == Dialect.POSTGRESQL ? "disk full (PostgreSQL 53100)" : "disk full (SQLITE_FULL)";
    assertEquals(Optional.of(cause), s.writeFailure());
    awaitWritable(s, log);
    // More writes than the pool has connections: none of them is the one thrown away.
    for (int i = 0; i < 12; i++) {
      assertTrue(s.seenEvents().firstTime("after-" + i));
    }
    assertEquals(1, log.stream().filter(l -> l.contains("cannot write to") && l.contains(cause)).count(), log.toString());
    assertEquals(1, log.stream().filter(l -> l.contains(" again after ")).count(), log.toString());
  }

  /**
   * PostgreSQL ending the session under a write (as it ends every session when a backend PANICs,
   * and as {@code pg_terminate_backend} does here): an outage of its own kind, in which reads fail
   * at once too (otherwise each would wait the pool's 10 s for a connection while the server is
   * down, past Slack's 3 s), until the probe writes again.
   */
  @Test
  void aSessionThePostgresServerEndsIsAnOutageInWhichReadsFailAtOnce() throws Exception {
    try (TestDb db = TestDb.postgresql()) {
      Store s = db.open(Clock.systemUTC());
      assertTrue(s.seenEvents().firstTime("before"));
      List<String> log = new CopyOnWriteArrayList<>();
      s.startBackground(RETENTION, Duration.ofHours(1), log::add);
      StoreException e = assertThrows(StoreException.class, () -> s.write("ended", c -> {
        try (Statement st = c.createStatement()) {
          ResultSet r = st.executeQuery("SELECT pg_backend_pid()");
          r.next();
          int pid = r.getInt(1);
          try (Connection other = DriverManager.getConnection(TestDatabases.pgUrl());
              Statement o = other.createStatement()) {
            // Waits (up to 5 s) until that backend is gone.
            o.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
          }
          return st.executeUpdate("INSERT INTO seen_event (event_id, seen_at) VALUES ('lost', 0)");
        }
      }));
      assertTrue(e.reported(), e.getMessage());
      String cause = s.writeFailure().orElseThrow();
      assertTrue(cause.startsWith("database unreachable (PostgreSQL "), cause);
      StoreException read = assertThrows(StoreException.class, () -> s.seenEvents().contains("before"));
      assertTrue(read.reported() && read.getMessage().contains("database unreachable"), read.getMessage());
      assertFalse(s.health().check().ready());
      assertTrue(s.health().check().detail().contains("reads fail too"), s.health().check().detail());
      awaitWritable(s, log);
      assertTrue(s.seenEvents().contains("before"), "reads work again");
      assertFalse(s.seenEvents().contains("lost"), "the ended session's write was rolled back");
      assertTrue(s.health().check().ready(), s.health().check().detail());
      List<String> cannot = log.stream().filter(l -> l.contains("cannot write to")).toList();
      assertEquals(1, cannot.size(), log.toString());
      assertTrue(cannot.get(0).contains("Start the database server"), cannot.get(0));
    }
  }

  private static void awaitWritable(Store s, List<String> log) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (s.writeFailure().isPresent()) {
      assertTrue(System.nanoTime() < deadline, "the probe never wrote: " + log);
      LockSupport.parkNanos(20_000_000);
    }
  }

  @Test
  void aFullStoreIsReportedOnceRefusesWritesKeepsReadingAndRecoversWhenThereIsRoom(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve(StoreTarget.SQLITE_FILE);
    try (Store s = Store.open(StoreTarget.sqlite(dir), Clock.systemUTC())) {
      for (int i = 0; i < 300; i++) {
        s.seenEvents().firstTime("before-" + i + "-" + "x".repeat(200));
      }
    }
    long pages;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("PRAGMA page_count")) {
      r.next();
      pages = r.getLong(1);
    }
    // The file may not grow past what it has: SQLite answers SQLITE_FULL as on a full disk.
    StoreTarget capped = new StoreTarget("jdbc:sqlite:" + file + "?max_page_count=" + pages, Optional.empty(),
        Optional.empty(), StoreTarget.DEFAULT_POOL_SIZE);
    List<String> log = new CopyOnWriteArrayList<>();
    try (Store s = Store.open(capped, Clock.systemUTC())) {
      s.startBackground(RETENTION, Duration.ofHours(1), log::add);
      StoreException first = null;
      for (int i = 0; i < 2_000 && first == null; i++) {
        try {
          s.seenEvents().firstTime("during-" + i + "-" + "y".repeat(200));
        } catch (StoreException e) {
          first = e;
        }
      }
      assertTrue(first != null, "the capped file never filled");
      assertTrue(first.reported(), "the store reported it, so callers need not");
      assertEquals(Optional.of("disk full (SQLITE_FULL)"), s.writeFailure());
      // Later writes fail at once, quietly, keeping the first failure as the cause.
      for (int i = 0; i < 50; i++) {
        String id = "refused-" + i;
        StoreException e = assertThrows(StoreException.class, () -> s.seenEvents().firstTime(id));
        assertTrue(e.reported() && e.getMessage().contains("cannot write to " + file), e.getMessage());
        assertInstanceOf(SQLException.class, e.getCause());
      }
      List<String> cannot = log.stream().filter(l -> l.contains("cannot write to " + file)).toList();
      assertEquals(1, cannot.size(), "logged once: " + log);
      assertTrue(cannot.get(0).contains("disk full (SQLITE_FULL)") && cannot.get(0).contains("[SQLITE_FULL]"), cannot.get(0));
      HealthCheck.Status h = s.health().check();
      assertFalse(h.ready());
      assertTrue(h.detail().contains("cannot write to " + file + ": disk full (SQLITE_FULL)"), h.detail());
      assertTrue(s.seenEvents().contains("before-0-" + "x".repeat(200)), "reads still work");

      // Room again: rows deleted by another connection free pages inside the file.
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM seen_event WHERE event_id LIKE 'before-%'");
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (s.writeFailure().isPresent()) {
        assertTrue(System.nanoTime() < deadline, "the probe never found room: " + log);
        LockSupport.parkNanos(20_000_000);
      }
      assertTrue(s.seenEvents().firstTime("after"), "writes work again");
      assertTrue(s.health().check().ready(), s.health().check().detail());
      assertEquals(1, log.stream().filter(l -> l.contains("writing to " + file + " again")).count(), log.toString());
      assertEquals(1, log.stream().filter(l -> l.contains("cannot write to")).count(), "one outage, one line: " + log);
    }
  }
}

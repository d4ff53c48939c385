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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.feedback.FeedbackStore;
import org.studybot.ops.HealthCheck;

/**
 * A store that cannot write: SQLite's own "database or disk is full" (SQLITE_FULL), made real by
 * capping the file's pages ({@code max_page_count}); on PostgreSQL its own "could not extend file"
 * (53100), raised by triggers. The full-disk test of the packaged jar ({@code DiskFullIT}) does the
 * same with a real full disk.
 */
class StoreOutageTest {
  private static final Retention RETENTION = new Retention(Duration.ofDays(180), Duration.ofDays(1),
      Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(400));
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private static final String LONG = "x".repeat(200);

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
  }

  /** A SQLite file with 300 rows in it, its pages capped at what it has: the next page is refused. */
  private static StoreTarget filledAndCapped(Path dir) throws SQLException {
    Path file = dir.resolve(StoreTarget.SQLITE_FILE);
    try (Store s = Store.open(StoreTarget.sqlite(dir), Clock.systemUTC())) {
      for (int i = 0; i < 300; i++) {
        s.feedback().unanswered("none", "before " + i + " " + LONG, "", "", "shell");
      }
    }
    long pages;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("PRAGMA page_count")) {
      r.next();
      pages = r.getLong(1);
    }
    return new StoreTarget("jdbc:sqlite:" + file + "?max_page_count=" + pages, Optional.empty(),
        Optional.empty(), StoreTarget.DEFAULT_POOL_SIZE);
  }

  /** Writes until the store refuses; returns the first refusal. */
  private static StoreException fill(Store s) {
    for (int i = 0; i < 5_000; i++) {
      try {
        s.feedback().unanswered("none", "during " + i + " " + LONG, "", "", "shell");
      } catch (StoreException e) {
        return e;
      }
    }
    throw new AssertionError("the capped file never filled");
  }

  private static void freeRoom(Path dir) throws SQLException {
    // Rows deleted by another connection free pages inside the file.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StoreTarget.SQLITE_FILE));
        Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM unanswered WHERE question LIKE 'before %'");
    }
  }

  private static void await(String what, BooleanSupplier done, List<String> log) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what + ": " + log);
      LockSupport.parkNanos(20_000_000);
    }
  }

  @Test
  void aFullStoreIsReportedOnceRefusesWritesKeepsReadingAndRecoversWhenThereIsRoom(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve(StoreTarget.SQLITE_FILE);
    StoreTarget capped = filledAndCapped(dir);
    List<String> log = new CopyOnWriteArrayList<>();
    try (Store s = Store.open(capped, Clock.systemUTC())) {
      AtomicLong free = new AtomicLong(0); // the disk is full, as the probe sees it, until the test frees it
      s.freeSpace(p -> free.get());
      s.startBackground(RETENTION, Duration.ofHours(1), log::add);
      StoreException first = fill(s);
      assertTrue(first.reported(), "the store reported it, so callers need not");
      assertTrue(first.unavailable(), "worth trying again later");
      assertEquals(Optional.of("disk full (SQLITE_FULL)"), s.writeFailure());
      // Later writes fail at once, quietly, keeping the first failure as the cause.
      for (int i = 0; i < 50; i++) {
        String q = "refused " + i;
        StoreException e = assertThrows(StoreException.class,
            () -> s.feedback().unanswered("none", q, "", "", "shell"));
        assertTrue(e.reported() && e.unavailable() && e.getMessage().contains("cannot write to " + file), e.getMessage());
        assertInstanceOf(SQLException.class, e.getCause());
      }
      List<String> cannot = log.stream().filter(l -> l.contains("cannot write to " + file)).toList();
      assertEquals(1, cannot.size(), "logged once: " + log);
      assertTrue(cannot.get(0).contains("disk full (SQLITE_FULL)") && cannot.get(0).contains("[SQLITE_FULL]"), cannot.get(0));
      HealthCheck.Status h = s.health().check();
      assertFalse(h.ready());
      assertTrue(h.detail().contains("cannot write to " + file + ": disk full (SQLITE_FULL)"), h.detail());
      assertFalse(s.feedback().gaps(1, 1).isEmpty(), "reads still work");

      freeRoom(dir);
      free.set(Long.MAX_VALUE);
      await("the probe never found room", () -> s.writeFailure().isEmpty(), log);
      s.feedback().unanswered("none", "after", "", "", "shell");
      assertTrue(s.health().check().ready(), s.health().check().detail());
      assertEquals(1, log.stream().filter(l -> l.contains("writing to " + file + " again")).count(), log.toString());
      assertEquals(1, log.stream().filter(l -> l.contains("cannot write to")).count(), "one outage, one line: " + log);
    }
  }

  /**
   * The scenario of {@link #votesAndUnansweredQuestionsDuringAnOutageAreWrittenOnceItEnds}: how a
   * database is made unable to write, and able again.
   */
  private interface Outage {
    Store open(MutableClock clock, List<String> log) throws Exception;

    /** Makes the store unable to write, and has it notice (a failed write). */
    void begin(Store s) throws Exception;

    void end(Store s) throws Exception;
  }

  /** SQLITE_FULL from a page cap; the probe sees no free space until the test frees some. */
  private static Outage sqliteFull(Path dir) {
    AtomicLong free = new AtomicLong(Long.MAX_VALUE);
    return new Outage() {
      @Override
      public Store open(MutableClock clock, List<String> log) throws Exception {
        Store s = Store.open(filledAndCapped(dir), clock);
        s.freeSpace(p -> free.get());
        return s;
      }

      @Override
      public void begin(Store s) {
        free.set(0);
        fill(s);
      }

      @Override
      public void end(Store s) throws Exception {
        freeRoom(dir);
        free.set(Long.MAX_VALUE);
      }
    };
  }

  /**
   * PostgreSQL's "could not extend file" (53100), raised by triggers on every table the scenario
   * writes, the probe's included, until they are dropped.
   */
  private static Outage postgresFull(TestDb db) {
    return new Outage() {
      @Override
      public Store open(MutableClock clock, List<String> log) {
        return db.open(clock);
      }

      @Override
      public void begin(Store s) {
        s.read("make the disk full", c -> {
          try (Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'could not extend file \"base/1/2\": No space left on device'"
                + " USING ERRCODE = '53100'; END $$");
            for (String t : List.of("feedback_vote", "unanswered", "write_probe")) {
              st.execute("CREATE TRIGGER " + t + "_full BEFORE INSERT OR UPDATE ON " + t
                  + " FOR EACH ROW EXECUTE FUNCTION disk_full()");
            }
          }
          return null;
        });
        assertTrue(fill(s).unavailable());
      }

      @Override
      public void end(Store s) {
        s.read("free the disk", c -> {
          try (Statement st = c.createStatement()) {
            st.execute("DROP FUNCTION disk_full() CASCADE");
          }
          return null;
        });
      }
    };
  }

  @StoreTest
  void votesAndUnansweredQuestionsDuringAnOutageAreWrittenOnceItEnds(TestDb db) throws Exception {
    Outage outage = db.dialect() == Dialect.SQLITE ? sqliteFull(db.dir()) : postgresFull(db);
    MutableClock clock = new MutableClock(T0);
    List<String> log = new CopyOnWriteArrayList<>();
    Store s = outage.open(clock, log);
    try {
      s.startBackground(RETENTION, Duration.ofHours(1), log::add);
      StoreFeedback f = new StoreFeedback(s, "slack", log::add);
      f.vote(new FeedbackStore.Vote("U0", "C1:1.0", true, "what is a cell", "Biology", "7"));
      outage.begin(s);
      assertTrue(s.writeFailure().isPresent());

      // Clicked and asked while the store cannot write: thanked, held, nothing thrown.
      Instant clicked = clock.instant();
      List<FeedbackStore.Vote> votes = new ArrayList<>();
      votes.add(new FeedbackStore.Vote("U1", "C1:1.1", false, "what is osmosis", "Biology", "42"));
      votes.add(new FeedbackStore.Vote("U1", "C1:1.1", true, "what is osmosis", "Biology", "42")); // changed their mind
      votes.add(new FeedbackStore.Vote("U0", "C1:1.0", false, "what is a cell", "Biology", "7")); // changed an old vote
      for (int i = 2; i < 40; i++) {
        votes.add(new FeedbackStore.Vote("U" + i, "C1:" + i, i % 3 == 0, "question " + i, "Physics", "9"));
      }
      for (FeedbackStore.Vote v : votes) {
        assertEquals(FeedbackStore.VoteOutcome.NEW, f.vote(v));
        clock.advance(Duration.ofMillis(10));
      }
      for (int i = 0; i < 25; i++) {
        f.unanswered(new FeedbackStore.Unanswered(i % 2 == 0, "gap " + i, "Chemistry", ""));
      }
      assertEquals(votes.size(), f.heldVotes());
      assertEquals(25, f.heldQuestions());
      assertEquals(new FeedbackStore.Votes(1, 0), f.votes(), "nothing written yet");
      HealthCheck.Status h = s.health().check();
      assertFalse(h.ready());
      assertTrue(h.detail().contains("held in memory until the store writes: " + votes.size()
          + " votes, 25 unanswered questions (0 dropped)"), h.detail());

      clock.advance(Duration.ofMinutes(5));
      outage.end(s);
      await("the store never wrote again", () -> s.writeFailure().isEmpty(), log);
      // A click once the store writes: the votes held before it go first, so it is told as it is.
      assertEquals(FeedbackStore.VoteOutcome.UNCHANGED,
          f.vote(new FeedbackStore.Vote("U1", "C1:1.1", true, "what is osmosis", "Biology", "42")),
          "U1's held 👍 was written before this one");
      await("the held writes were never written", () -> f.heldVotes() == 0 && f.heldQuestions() == 0, log);

      // Every click counted once, the last click of each student standing, at the time it was made.
      long up = votes.stream().skip(3).filter(FeedbackStore.Vote::up).count() + 1; // U1's change of mind
      long down = votes.stream().skip(3).filter(v -> !v.up()).count() + 1; // U0's change
      assertEquals(new FeedbackStore.Votes(up, down), f.votes());
      assertEquals(votes.size() - 3 + 2, count(s, "feedback_vote"));
      assertEquals(clicked.toEpochMilli() + 10, (long) s.read("vote time", c -> {
        try (Statement st = c.createStatement();
            ResultSet r = st.executeQuery("SELECT voted_at FROM feedback_vote WHERE answer_id = 'C1:1.1'")) {
          r.next();
          return r.getLong(1);
        }
      }), "the later of U1's two clicks, stamped when it was clicked, not when written");
      assertEquals(25L, (long) s.read("count the questions", c -> {
        try (Statement st = c.createStatement();
            ResultSet r = st.executeQuery("SELECT COUNT(*) FROM unanswered WHERE question LIKE 'gap %'")) {
          r.next();
          return r.getLong(1);
        }
      }), "each question once");
      assertEquals(25, s.feedback().gaps(10, 30).stream().filter(g -> g.subject().equals("Chemistry"))
          .mapToInt(g -> g.total()).sum());
      assertEquals(1, log.stream().filter(l -> l.contains("cannot write to")).count(), "one outage, one line: " + log);
      assertTrue(log.stream().noneMatch(l -> l.contains("could not record")), log.toString());
    } finally {
      s.close();
    }
  }

  @Test
  void aStoreClosedWithWritesItCouldNotTakeSaysHowMany(@TempDir Path dir) throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Outage outage = sqliteFull(dir);
    Store s = outage.open(new MutableClock(T0), log);
    s.startBackground(RETENTION, Duration.ofHours(1), log::add);
    StoreFeedback f = new StoreFeedback(s, "slack", log::add);
    outage.begin(s);
    for (int i = 0; i < 3; i++) {
      f.vote(new FeedbackStore.Vote("U" + i, "C1:1", true, "q", "", ""));
    }
    f.unanswered(new FeedbackStore.Unanswered(false, "q", "", ""));
    s.counters().add("T1", "status", "answered", 2);
    s.close();
    assertTrue(log.stream().anyMatch(l -> l.startsWith("store: stopping with 1 stats counters and 3 votes and 1 unanswered"
        + " questions held"
        + " in memory that the store at " + dir.resolve(StoreTarget.SQLITE_FILE).toAbsolutePath()
        + " could not write (disk full (SQLITE_FULL)): they are lost")), log.toString());
  }

  @Test
  void pastItsCapacityAFeedbackStoreDropsCountsAndSaysSoOnce(@TempDir Path dir) throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Outage outage = sqliteFull(dir);
    try (Store s = outage.open(new MutableClock(T0), log)) {
      s.startBackground(RETENTION, Duration.ofHours(1), log::add);
      StoreFeedback f = new StoreFeedback(s, "slack", 5, log::add);
      outage.begin(s);
      for (int i = 0; i < 12; i++) {
        f.vote(new FeedbackStore.Vote("U" + i, "C1:1", true, "q", "", ""));
      }
      assertEquals(5, f.heldVotes());
      assertEquals(7, f.droppedVotes());
      assertEquals(0, f.droppedQuestions());
      assertEquals("5 votes and 0 unanswered questions held in memory until the store writes again (7 dropped for want"
          + " of room)", f.held());
      assertEquals(1, log.stream().filter(l -> l.contains("no room for more")).count(), log.toString());
      assertTrue(s.health().check().detail().contains("5 votes (7 dropped)"), s.health().check().detail());
    }
  }

  private static long count(Store s, String table) {
    return s.read("count " + table, c -> {
      try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}

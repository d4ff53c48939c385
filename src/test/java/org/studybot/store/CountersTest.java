package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.studybot.usage.DailyCount;

/** Usage counters per workspace and day across replicas, on SQLite and PostgreSQL. */
class CountersTest {
  private static final Instant T0 = Instant.parse("2026-12-03T23:59:00Z");
  private static final LocalDate DEC3 = LocalDate.parse("2026-12-03");
  private static final LocalDate DEC4 = LocalDate.parse("2026-12-04");

  @StoreTest
  void countsFromEveryReplicaAddUpPerDayAndWorkspace(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    a.counters().add("T1", "status", "answered", 3);
    b.counters().add("T1", "status", "answered", 2);
    b.counters().add("T1", "vote", "up", 1);
    b.counters().add("T2", "status", "answered", 7);
    clock.advance(Duration.ofMinutes(2)); // past midnight UTC
    a.counters().add("T1", "status", "answered", 1);
    b.counters().flush();
    assertEquals(
        List.of(
            new DailyCount(DEC3, "status", "answered", 5),
            new DailyCount(DEC3, "vote", "up", 1),
            new DailyCount(DEC4, "status", "answered", 1)),
        a.counters().since("T1", DEC3));
    assertEquals(List.of(new DailyCount(DEC3, "status", "answered", 7)), a.counters().since("T2", DEC3),
        "T2 sees only its own");
    assertEquals(List.of(new DailyCount(DEC4, "status", "answered", 1)), b.counters().since("T1", DEC4));
    assertEquals(List.of(), a.counters().since("T3", DEC3), "a workspace that asked nothing");
    assertEquals(
        List.of(
            new DailyCount(DEC3, "status", "answered", 12),
            new DailyCount(DEC3, "vote", "up", 1),
            new DailyCount(DEC4, "status", "answered", 1)),
        b.counters().since(null, DEC3),
        "every workspace summed");
    assertEquals(DEC4, a.counters().today());
  }

  @StoreTest
  void aFlushWritesOnlyWhatIsNew(TestDb db) {
    Store s = db.open(new MutableClock(T0));
    s.counters().add("", "status", "none", 1);
    assertEquals(1, s.counters().flush());
    assertEquals(0, s.counters().flush(), "nothing counted since");
    s.counters().add("", "status", "none", 1);
    s.close();
    Store again = db.open(new MutableClock(T0));
    assertEquals(2, again.counters().since("", LocalDate.parse("2026-12-01")).get(0).value(), "close flushes");
  }

  @StoreTest
  void oldDaysArePurged(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store s = db.open(clock);
    s.counters().add("T1", "status", "answered", 1);
    s.counters().flush();
    clock.advance(Duration.ofDays(401));
    s.counters().add("T1", "status", "answered", 1);
    s.housekeeping(Retention.days(180), line -> {}).runOnce();
    assertEquals(1, s.counters().since("T1", LocalDate.parse("2020-01-01")).size());
  }

  /** A store at schema 2 (counters, questions and votes without a workspace) keeps its rows, as workspace "". */
  @StoreTest
  void rowsFromBeforeWorkspacesBelongToNone(TestDb db) throws Exception {
    if (db.target().sqliteFile().isPresent()) {
      java.nio.file.Files.createDirectories(db.target().sqliteFile().get().toAbsolutePath().getParent());
    }
    Flyway.configure(Store.class.getClassLoader())
        .dataSource(db.target().url(), null, null)
        .locations(Migrations.LOCATION)
        .placeholders(db.dialect().placeholders())
        .table("schema_history")
        .target("2")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(db.target().url());
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO counter (day, dimension, item, value) VALUES ('2026-12-03', 'status', 'none', 4)");
      st.executeUpdate("INSERT INTO unanswered (asked_at, status, question, question_key, subject, article, front_end)"
          + " VALUES (1, 'none', 'what is a quasar', 'what is a quasar', 'Physics', '', 'slack')");
    }
    Store s = db.open(new MutableClock(T0));
    assertEquals("2", s.schemaVersionBefore());
    assertEquals(Store.knownSchemaVersion(db.dialect()), s.schemaVersion());
    assertEquals(List.of(new DailyCount(DEC3, "status", "none", 4)), s.counters().since("", DEC3));
    assertEquals(1, s.feedback().gaps("", 10, 10).size());
    assertEquals(List.of(), s.feedback().gaps("T1", 10, 10));
    s.counters().add("", "status", "none", 1);
    assertEquals(5, s.counters().since("", DEC3).get(0).value(), "the old row is added to, not duplicated");
  }
}

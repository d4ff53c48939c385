package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.studybot.feedback.Gap;

/**
 * A store written by the previous version (schema 3, with rows in every table that matters) is
 * upgraded to this one's with nothing lost, and a replica of the previous version still running
 * during a rolling upgrade keeps working against the new schema: its statements on {@code
 * seen_event} (the write probe's row, the housekeeping purge) still succeed.
 */
class UpgradeTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  private static Connection connect(TestDb db) throws SQLException {
    Properties p = new Properties();
    db.target().user().ifPresent(u -> p.setProperty("user", u));
    db.target().password().ifPresent(pw -> p.setProperty("password", pw));
    return DriverManager.getConnection(db.target().url(), p);
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @StoreTest
  void aSchema3StoreWithRowsIsUpgradedAndTheOlderReplicasStatementsStillWork(TestDb db) throws Exception {
    if (db.dialect() == Dialect.SQLITE) {
      java.nio.file.Files.createDirectories(db.dir().resolve("data"));
    }
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.target().url(), db.target().user().orElse(null), db.target().password().orElse(null))
        .locations(Migrations.LOCATION)
        .placeholders(db.dialect().placeholders())
        .table("schema_history")
        .target("3")
        .load()
        .migrate();
    long t = T0.toEpochMilli();
    try (Connection c = connect(db)) {
      // What the previous version wrote: acknowledged work, event ids, a vote, a gap, counters.
      exec(c, "INSERT INTO work_item (kind, work_key, team, user_id, channel, payload, accepted_at, state, attempts,"
          + " next_attempt_at) VALUES ('mention', 'ev:Ev1', 'T1', 'U1', 'C1', '{\"text\":\"what is osmosis\"}', ?,"
          + " 'pending', 0, ?)", t, t);
      exec(c, "INSERT INTO seen_event (event_id, seen_at) VALUES ('Ev1', ?)", t);
      exec(c, "INSERT INTO seen_event (event_id, seen_at) VALUES ('" + Store.WRITE_PROBE + "', ?)", t);
      exec(c, "INSERT INTO feedback_vote (answer_id, voter, vote, article, subject, question, question_key, front_end,"
          + " voted_at, team) VALUES ('C1:1.1', 'v1', -1, '42', 'Biology', 'what is osmosis', 'what is osmosis',"
          + " 'slack', ?, 'T1')", t);
      exec(c, "INSERT INTO unanswered (asked_at, status, question, question_key, subject, article, front_end, team)"
          + " VALUES (?, 'none', 'what is a quasar', 'what is a quasar', 'Physics', '', 'slack', 'T1')", t);
      exec(c, "INSERT INTO counter (team, day, dimension, item, value) VALUES ('T1', '2026-12-03', 'status',"
          + " 'answered', 7)");
    }

    Store s = db.open(new MutableClock(T0));
    assertEquals("3", s.schemaVersionBefore());
    assertEquals("4", s.schemaVersion());
    assertEquals("4", Store.knownSchemaVersion(db.dialect()));
    assertEquals(1, s.migrationsApplied());
    // Nothing lost: the work is claimed and answered, the vote and the gap reported, the counts read.
    List<WorkItem> claimed = s.workQueue().claim("r1", 10, Duration.ofSeconds(30));
    assertEquals(List.of("ev:Ev1"), claimed.stream().map(i -> i.work().key()).toList());
    assertTrue(s.workQueue().recorded("ev:Ev1"), "a retry of the event is still recognised");
    s.workQueue().complete(claimed.get(0).id());
    assertEquals(new Feedback.Tally(0, 1), s.feedback().tally());
    List<Gap.Subject> gaps = s.feedback().gaps("T1", 10, 10);
    assertEquals(List.of("Biology", "Physics"), gaps.stream().map(Gap.Subject::subject).toList());
    assertEquals(List.of(new org.studybot.usage.DailyCount(java.time.LocalDate.parse("2026-12-03"), "status", "answered", 7)),
        s.counters().since("T1", java.time.LocalDate.parse("2026-12-01")));

    // A replica of the previous version, still running: its probe and its purge of seen_event
    // work, and nothing of this version wrote there.
    try (Connection c = connect(db)) {
      exec(c, "INSERT INTO seen_event (event_id, seen_at) VALUES (?, ?)"
          + " ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at", Store.WRITE_PROBE, t + 1);
      exec(c, "DELETE FROM seen_event WHERE seen_at < ?", t + 1);
      assertEquals(1, count(c, "SELECT COUNT(*) FROM seen_event"), "the older replica's probe row");
      assertEquals(0, count(c, "SELECT COUNT(*) FROM write_probe"), "no outage yet: the probe wrote nothing");
    }
  }
}

package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which writes wait for the disk ({@link Store.Commit}): on PostgreSQL a trigger on the store's
 * tables records {@code synchronous_commit} as it is inside each write's own transaction; on
 * SQLite, where every commit is alike, each write is committed (seen by another store on the file)
 * when it returns.
 */
class CommitPolicyTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final List<String> TABLES = List.of("work_item", "feedback_vote", "unanswered", "counter");

  private static Work work(String key) {
    return new Work("mention", key, "T1", "U1", "C1", "{\"text\":\"what is osmosis\"}", T0, null);
  }

  @StoreTest
  void onlyTheWritesBehindAnAcknowledgementWaitForTheDisk(TestDb db) throws Exception {
    // Two connections (Flyway needs both), and one thread, which the pool hands the connection it
    // used last: a relaxed transaction's setting would show in the next one if it leaked.
    StoreTarget t = db.target();
    Store store = Store.open(new StoreTarget(t.url(), t.user(), t.password(), 2), new MutableClock(T0));
    try {
      if (db.dialect() == Dialect.POSTGRESQL) {
        installProbe(store);
      }
      WorkQueue q = store.workQueue();
      store.feedback().vote("C1:1.1", Feedback.voter("", "U1"), true, "what is osmosis", "", "", "slack", "T1", T0);
      long first = q.enqueueClaimed(work("ev:Ev1"), "r1", LEASE).id();
      store.feedback().unanswered("none", "what is a quasar", "", "", "mention", "T1");
      q.complete(first);
      long second = q.enqueue(work("ev:Ev2")).id();
      assertEquals(second, q.claim("r2", 10, LEASE).get(0).id());
      q.renewAll("r2", LEASE);
      q.retry(second, "r2", T0, "ratelimited");
      store.counters().add("T1", "status", "answered", 1);
      store.counters().flush();

      if (db.dialect() == Dialect.POSTGRESQL) {
        assertEquals(
            List.of(
                "feedback_vote INSERT on", // a vote: the student was thanked for it
                "work_item INSERT on", // enqueueClaimed: the acknowledgement waits for it
                "unanswered INSERT off",
                "work_item UPDATE off", // complete
                "work_item INSERT on", // enqueue, right after relaxed commits on the same connection
                "work_item UPDATE off", // claim
                "work_item UPDATE off", // renewAll
                "work_item UPDATE off", // retry
                "counter INSERT off"),
            probes(store));
      } else {
        assertTrue(Dialect.SQLITE.relaxedCommit().isEmpty());
      }
      // Whatever the commit, every write is visible to another replica the moment it returns.
      Store other = db.open(new MutableClock(T0));
      assertEquals(1, other.workQueue().pendingCount(), "the second item, waiting for its retry");
      assertEquals(new Feedback.Tally(1, 0), other.feedback().tally());
      assertEquals(1, other.feedback().gaps(10, 5).size());
    } finally {
      store.close();
    }
  }

  /** Records table, operation and {@code synchronous_commit} of every row written to {@link #TABLES}. */
  private static void installProbe(Store store) {
    store.read(
        "install the probe",
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE commit_probe (id SERIAL PRIMARY KEY, what TEXT NOT NULL)");
            s.execute(
                "CREATE FUNCTION commit_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO commit_probe (what) VALUES"
                    + " (TG_TABLE_NAME || ' ' || TG_OP || ' ' || current_setting('synchronous_commit'));"
                    + " RETURN NULL; END $$");
            for (String table : TABLES) {
              s.execute(
                  "CREATE TRIGGER commit_probe AFTER INSERT OR UPDATE OR DELETE ON " + table
                      + " FOR EACH ROW EXECUTE FUNCTION commit_probe()");
            }
          }
          return null;
        });
  }

  private static List<String> probes(Store store) {
    return store.read(
        "read the probe",
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT what FROM commit_probe ORDER BY id");
              ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              out.add(r.getString(1));
            }
          }
          return out;
        });
  }
}

package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Stats counters per day across replicas, on SQLite and PostgreSQL. */
class CountersTest {
  private static final Instant T0 = Instant.parse("2026-12-03T23:59:00Z");

  @StoreTest
  void countsFromEveryReplicaAddUpPerDay(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    a.counters().add("status", "answered", 3);
    b.counters().add("status", "answered", 2);
    b.counters().add("front_end", "slack-ask", 1);
    clock.advance(Duration.ofMinutes(2)); // past midnight UTC
    a.counters().add("status", "answered", 1);
    b.counters().flush();
    List<Counters.Count> all = a.counters().since(LocalDate.parse("2026-12-03"));
    assertEquals(
        List.of(
            new Counters.Count(LocalDate.parse("2026-12-03"), "front_end", "slack-ask", 1),
            new Counters.Count(LocalDate.parse("2026-12-03"), "status", "answered", 5),
            new Counters.Count(LocalDate.parse("2026-12-04"), "status", "answered", 1)),
        all);
    assertEquals(1, a.counters().since(LocalDate.parse("2026-12-04")).size());
  }

  @StoreTest
  void aFlushWritesOnlyWhatIsNew(TestDb db) {
    Store s = db.open(new MutableClock(T0));
    s.counters().add("status", "none", 1);
    assertEquals(1, s.counters().flush());
    assertEquals(0, s.counters().flush(), "nothing counted since");
    s.counters().add("status", "none", 1);
    s.close();
    Store again = db.open(new MutableClock(T0));
    assertEquals(2, again.counters().since(LocalDate.parse("2026-12-01")).get(0).value(), "close flushes");
  }

  @StoreTest
  void oldDaysArePurged(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store s = db.open(clock);
    s.counters().add("status", "answered", 1);
    s.counters().flush();
    clock.advance(Duration.ofDays(401));
    s.counters().add("status", "answered", 1);
    s.housekeeping(Retention.days(180), line -> {}).runOnce();
    assertEquals(1, s.counters().since(LocalDate.parse("2020-01-01")).size());
  }
}

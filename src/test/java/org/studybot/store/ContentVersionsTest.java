package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

/** The commit replicas agree on, through the store, on SQLite and PostgreSQL. */
class ContentVersionsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @StoreTest
  void everyReplicaReadsTheNewestRecordedCommit(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    ContentVersions a = new ContentVersions(db.open(clock), "a");
    ContentVersions b = new ContentVersions(db.open(clock), "b");
    assertTrue(b.wanted().isEmpty(), "nothing recorded yet");
    a.record("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
    db.open(clock).broadcasts().publish("reload", "unrelated", "c");
    assertEquals(Optional.of("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"), b.wanted());
    b.record("ffffffffffffffffffffffffffffffffffffffff");
    assertEquals(Optional.of("ffffffffffffffffffffffffffffffffffffffff"), a.wanted(), "the newest wins");
    ContentVersions late = new ContentVersions(db.open(clock), "late");
    assertEquals(Optional.of("ffffffffffffffffffffffffffffffffffffffff"), late.wanted(), "a replica started later reads it");
  }
}

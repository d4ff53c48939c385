package org.studybot.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One fresh, empty database for one test: a SQLite file in a temporary directory, or a schema of
 * its own in the test PostgreSQL. {@link #open} may be called several times, like replicas sharing
 * the database; everything opened is closed and the database dropped after the test.
 */
public final class TestDb implements AutoCloseable {
  private final Dialect dialect;
  private final StoreTarget target;
  private final Path dir;
  private final Runnable drop;
  private final List<Store> opened = new ArrayList<>();

  TestDb(Dialect dialect, StoreTarget target, Path dir, Runnable drop) {
    this.dialect = dialect;
    this.target = target;
    this.dir = dir;
    this.drop = drop;
  }

  /**
   * A fresh schema in the test PostgreSQL, for a test that runs on PostgreSQL alone (replicas of
   * the packaged jar); as in every {@link StoreTest}, skipped with a notice when no server answers,
   * failing instead under {@code STUDYBOT_REQUIRE_PG=1}. Its {@link #target()} URL names the schema.
   */
  public static TestDb postgresql() {
    TestDatabases.requireServer(Dialect.POSTGRESQL);
    return TestDatabases.create(Dialect.POSTGRESQL);
  }

  public Dialect dialect() {
    return dialect;
  }

  public StoreTarget target() {
    return target;
  }

  /** A temporary directory of this test's own (the SQLite file's directory on SQLite). */
  public Path dir() {
    return dir;
  }

  /** Opens (and migrates) a store on this database; closed after the test. */
  public synchronized Store open(Clock clock) {
    Store s = Store.open(target, clock);
    opened.add(s);
    return s;
  }

  /** As {@link #open(Clock)}, tokens encrypted with {@code key} ({@code STUDYBOT_ENCRYPTION_KEY}). */
  public synchronized Store open(Clock clock, byte[] key) {
    Store s = Store.open(target, java.util.Optional.of(key), clock);
    opened.add(s);
    return s;
  }

  @Override
  public synchronized void close() {
    for (Store s : opened) {
      s.close();
    }
    opened.clear();
    drop.run();
  }

  @Override
  public String toString() {
    return dialect.toString();
  }
}

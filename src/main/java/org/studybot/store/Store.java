package org.studybot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.studybot.files.PrivateFiles;
import org.studybot.ops.HealthCheck;

/**
 * StudyBot's shared state in one database: embedded SQLite under the data directory by default,
 * PostgreSQL when several replicas share it. {@link #open} connects, brings the schema up to date
 * (refusing a database newer than this code) and hands out the APIs: {@link #workQueue()}, {@link
 * #feedback()}, {@link #counters()}, {@link #installations()}, {@link
 * #oauthStates()}, {@link #replicas()}, {@link #broadcasts()}, {@link #vectors()}. {@link
 * #startBackground} runs the periodic chores ({@link Housekeeping}, broadcast polling, the health
 * probe) on one daemon thread. Thread-safe; {@link #close()} once at the end.
 *
 * <p>On SQLite every write transaction starts with {@code BEGIN IMMEDIATE} (it takes the write lock
 * at once, so two writers never deadlock upgrading a read lock) and the writers of one process take
 * turns on a lock in the JVM rather than polling SQLite's busy handler. The file and the directory
 * it creates are readable by the owner only.
 *
 * <p>When a write fails because of the storage (a full disk, an I/O error, a read-only file: {@link
 * WriteFailure}), the store is <em>unwritable</em>: it logs the file and the cause once (to the log
 * given to {@link #startBackground}), {@link #health()} reports it, and, with the background running,
 * every write fails at once without touching the database, with a {@link StoreException} that says
 * it was {@linkplain StoreException#reported() reported} (so callers do not log each one) and keeps
 * the first failure as its cause. The background tries a small write every second; the outage ends
 * when one succeeds and, for a full SQLite disk, the disk has {@link #ROOM} free again (a write
 * squeezed into space SQLite had already allocated says nothing about the disk), and the recovery
 * is logged. Reads go on working meanwhile. A connection whose write failed so is closed, not
 * reused: SQLite has rolled its transaction back by itself, and the driver no longer knows where it
 * stands.
 */
public final class Store implements AutoCloseable {

  /** The most connections to one SQLite file: readers run side by side, writers take turns. */
  private static final int SQLITE_POOL = 4;

  /**
   * The row the write probe updates (its own table, {@code write_probe}) while the store is
   * unwritable, to notice when it can again.
   */
  static final String WRITE_PROBE = "studybot:write-probe";

  /** Free space a full SQLite disk must have again before writes are tried again: 1 MiB. */
  static final long ROOM = 1L << 20;

  /** A storage failure since which no write has succeeded; {@code first} is its exception. */
  private record Outage(WriteFailure failure, SQLException first, Instant since, long sinceNanos, LongAdder failed) {}

  private final StoreTarget target;
  private final Dialect dialect;
  private final HikariDataSource ds;
  private final Clock clock;
  private final ReentrantLock writer = new ReentrantLock(true);
  private final Migrations.Outcome migration;
  private final WorkQueue workQueue;
  private final Feedback feedback;
  private final Counters counters;
  private final Installations installations;
  private final OAuthStates oauthStates;
  private final Replicas replicas;
  private final Broadcasts broadcasts;
  private final StoredVectors vectors;
  private final List<BroadcastListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Held<?>> held = new CopyOnWriteArrayList<>();
  private final AtomicReference<Outage> outage = new AtomicReference<>();
  private volatile Consumer<String> problems;
  private volatile HealthCheck.Status lastProbe;
  private volatile long lastProbeAt;
  private volatile ScheduledExecutorService background;
  /** The free bytes where the SQLite file is: the file system's, or a test's stand-in. */
  private volatile java.util.function.ToLongFunction<Path> freeSpace = p -> p.toFile().getUsableSpace();

  private Store(
      StoreTarget target,
      HikariDataSource ds,
      Clock clock,
      Migrations.Outcome migration,
      Optional<byte[]> encryptionKey) {
    this.target = target;
    this.dialect = target.dialect();
    this.ds = ds;
    this.clock = clock;
    this.migration = migration;
    this.workQueue = new SqlWorkQueue(this);
    this.feedback = new Feedback(this);
    this.counters = new Counters(this);
    this.installations = new Installations(this, encryptionKey.map(TokenCipher::new));
    this.oauthStates = new OAuthStates(this);
    this.replicas = new Replicas(this);
    this.broadcasts = new Broadcasts(this);
    this.vectors = new StoredVectors(this);
  }

  /** {@link #open(StoreTarget, Optional, Clock)} without an encryption key (no installations). */
  public static Store open(StoreTarget target, Clock clock) {
    return open(target, Optional.empty(), clock);
  }

  /**
   * Connects to {@code target} and applies pending migrations.
   *
   * @param encryptionKey the AES-256 key for tokens at rest ({@code STUDYBOT_ENCRYPTION_KEY}); without
   *     it {@link #installations()} refuses to store tokens
   * @param clock the time every row is stamped with and leases are measured by
   * @throws StoreException when the database cannot be reached or created, or its schema is newer
   *     than this code
   */
  public static Store open(StoreTarget target, Optional<byte[]> encryptionKey, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    target.sqliteFile().ifPresent(Store::prepareFile);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(poolConfig(target));
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to the store at " + target.safeUrl() + ": " + rootMessage(e), e);
    }
    try {
      Migrations.Outcome outcome = Migrations.migrate(ds, target.dialect(), target.safeUrl());
      return new Store(target, ds, clock, outcome, encryptionKey);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  private static HikariConfig poolConfig(StoreTarget target) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(target.url());
    target.user().ifPresent(c::setUsername);
    target.password().ifPresent(c::setPassword);
    c.setPoolName("studybot-store");
    c.setConnectionTimeout(10_000);
    if (target.dialect() == Dialect.SQLITE) {
      c.setMaximumPoolSize(Math.min(SQLITE_POOL, target.poolSize()));
      // WAL: readers never wait for the writer. synchronous=NORMAL: a commit is in the WAL file
      // before it returns, so it survives kill -9 of this process; only a power cut or kernel
      // crash can lose the last commits (synced at each checkpoint). FULL would add an fsync to
      // every commit, about 4 ms each on these disks (measured by StoreBench).
      // busy_timeout: another process holding the file is waited for.
      c.addDataSourceProperty("journal_mode", "WAL");
      c.addDataSourceProperty("synchronous", "NORMAL");
      c.addDataSourceProperty("busy_timeout", "10000");
      c.addDataSourceProperty("foreign_keys", "true");
      c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      c.setMaximumPoolSize(target.poolSize());
      c.setMinimumIdle(Math.min(2, target.poolSize()));
      c.addDataSourceProperty("ApplicationName", "studybot");
      c.addDataSourceProperty("tcpKeepAlive", "true");
    }
    return c;
  }

  /**
   * Creates the SQLite file's directory (0700) and the file (0600) before SQLite opens it, or
   * tightens them. SQLite gives its -wal and -shm files the database file's mode, so all three
   * stay private.
   */
  private static void prepareFile(Path file) {
    try {
      PrivateFiles.directory(file.toAbsolutePath().getParent());
      PrivateFiles.file(file);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create the store file " + file + " (data_dir must be writable): " + e, e);
    }
  }

  /** SQLite or PostgreSQL. */
  public Dialect dialect() {
    return dialect;
  }

  /** Where this store is, with any password masked. */
  public String where() {
    return target.safeUrl();
  }

  /** The schema version now (after migrating). */
  public String schemaVersion() {
    return migration.to();
  }

  /** How many migrations {@link #open} applied (0 when the database was up to date). */
  public int migrationsApplied() {
    return migration.applied();
  }

  /** The schema version before {@link #open} migrated ("0" for a new database). */
  public String schemaVersionBefore() {
    return migration.from();
  }

  /** The newest schema version this code carries. */
  public static String knownSchemaVersion(Dialect dialect) {
    return Migrations.known(dialect);
  }

  /** The durable queue of acknowledged work. */
  public WorkQueue workQueue() {
    return workQueue;
  }

  /** Votes and unanswered questions, and the gaps report. */
  public Feedback feedback() {
    return feedback;
  }

  /** Usage counters per workspace and day, summed over replicas (the admin's 7-day view). */
  public Counters counters() {
    return counters;
  }

  /** Slack OAuth installations (tokens encrypted at rest). */
  public Installations installations() {
    return installations;
  }

  /** OAuth state values of installs in progress. */
  public OAuthStates oauthStates() {
    return oauthStates;
  }

  /** The replicas and the corpus each serves. */
  public Replicas replicas() {
    return replicas;
  }

  /** Messages to every replica. */
  public Broadcasts broadcasts() {
    return broadcasts;
  }

  /** Article vectors by model and text hash. */
  public StoredVectors vectors() {
    return vectors;
  }

  /** The chores, to run by hand (tests, {@code studybot migrate}); see {@link #startBackground}. */
  public Housekeeping housekeeping(Retention retention, Consumer<String> log) {
    return new Housekeeping(this, retention, log);
  }

  /** {@link #startBackground(Retention, Duration, Consumer)}, counters written every {@link Counters#FLUSH_EVERY}. */
  public void startBackground(Retention retention, Consumer<String> log) {
    startBackground(retention, Counters.FLUSH_EVERY, log);
  }

  /**
   * Starts the background thread: polls broadcast listeners every second, probes the database
   * every 5 seconds for {@link #health()}, writes the counters every {@code countsEvery} ({@code
   * store.counts_every}) and runs {@link Housekeeping} every 10 minutes (the first time at once).
   * Call once.
   */
  public synchronized void startBackground(Retention retention, Duration countsEvery, Consumer<String> log) {
    if (background != null) {
      throw new IllegalStateException("the store's background thread is already running");
    }
    problems = log;
    background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "studybot-store");
              t.setDaemon(true);
              return t;
            });
    Housekeeping chores = housekeeping(retention, log);
    background.scheduleWithFixedDelay(() -> guard(log, "housekeeping", chores::runOnce), 0, 10, TimeUnit.MINUTES);
    long flush = Math.max(1, countsEvery.toMillis());
    background.scheduleWithFixedDelay(() -> guard(log, "counters", counters::flush), flush, flush, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(() -> guard(log, "health probe", this::probe), 0, 5, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(
        () -> guard(log, "write probe", () -> {
          if (outage.get() != null) {
            probeWrite();
          }
          if (outage.get() == null) {
            held.forEach(Held::flush);
          }
        }), 1, 1, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(
        () -> listeners.forEach(l -> guard(log, "broadcasts", l::poll)), 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Has the background write what {@code h} holds every second while the store writes (the first
   * second after an outage ends), and {@link #close()} write what is left or log how much it could
   * not. The owner writes through {@link Held#write}, which holds what the store cannot take.
   */
  public <T> Held<T> keepWriting(Held<T> h) {
    held.add(Objects.requireNonNull(h, "held"));
    return h;
  }

  /**
   * Listens to broadcasts of {@code topic} from now on; the background thread polls every second
   * (or call {@link BroadcastListener#poll()} yourself).
   */
  public BroadcastListener listen(
      String topic, Consumer<Broadcasts.Message> handler, Consumer<String> log) {
    BroadcastListener l = new BroadcastListener(broadcasts, topic, handler, log);
    listeners.add(l);
    return l;
  }

  private static void guard(Consumer<String> log, String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      if (!StoreException.reported(e)) {
        log.accept("store " + what + ": " + e.getMessage());
      }
    }
  }

  /**
   * The store's part of {@code /healthz}: ready when the database answered the last probe (every 5
   * seconds on the background thread; without it, or when the last probe is over 15 seconds old,
   * probed on the call), with the pending work in the detail. With the background running it never
   * waits for a busy pool.
   */
  public HealthCheck health() {
    return () -> {
      Outage o = outage.get();
      if (o != null) {
        return withHeld(unwritable(o));
      }
      HealthCheck.Status s = lastProbe;
      boolean fresh =
          background != null && s != null && System.nanoTime() - lastProbeAt < TimeUnit.SECONDS.toNanos(15);
      return fresh ? s : probe();
    };
  }

  private HealthCheck.Status probe() {
    if (outage.get() != null) {
      probeWrite();
    }
    HealthCheck.Status s;
    try {
      Backlog b = workQueue.backlog();
      s =
          new HealthCheck.Status(
              true,
              "store "
                  + (dialect == Dialect.SQLITE ? "SQLite" : "PostgreSQL")
                  + " schema "
                  + schemaVersion()
                  + ", "
                  + b.pending()
                  + " pending, oldest "
                  + b.oldestAge(clock.instant()).toSeconds()
                  + " s");
    } catch (StoreException e) {
      s = new HealthCheck.Status(false, "store unreachable at " + where() + ": " + rootMessage(e));
    }
    Outage o = outage.get();
    if (o != null && s.ready()) {
      s = unwritable(o);
    }
    s = withHeld(s);
    lastProbe = s;
    lastProbeAt = System.nanoTime();
    return s;
  }

  /**
   * {@code s} with what the registered {@link Held} hold or dropped, e.g. {@code "held in memory
   * until the store writes: 3 votes, 1 unanswered questions (0 dropped)"}; as it is when nothing
   * was ever held.
   */
  private HealthCheck.Status withHeld(HealthCheck.Status s) {
    List<String> parts = new java.util.ArrayList<>();
    long dropped = 0;
    for (Held<?> h : held) {
      dropped += h.dropped();
      if (h.size() > 0 || h.dropped() > 0) {
        parts.add(h.size() + " " + h.what());
      }
    }
    return parts.isEmpty() ? s : new HealthCheck.Status(s.ready(), s.detail() + "; held in memory until the store"
        + " writes: " + String.join(", ", parts) + " (" + dropped + " dropped)");
  }

  Clock clock() {
    return clock;
  }

  /**
   * Why the store cannot write now ({@code "disk full (SQLITE_FULL)"}...), or empty while writes
   * succeed.
   */
  public Optional<String> writeFailure() {
    Outage o = outage.get();
    return o == null ? Optional.empty() : Optional.of(o.failure().cause());
  }

  /** The file the store writes (SQLite), else its masked URL: what an operator must look at. */
  private String location() {
    return target.sqliteFile().map(p -> p.toAbsolutePath().toString()).orElse(where());
  }

  private HealthCheck.Status unwritable(Outage o) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - o.sinceNanos());
    return new HealthCheck.Status(false, "store cannot write to " + location() + ": " + o.failure().cause()
        + " for " + seconds + " s, " + o.failed().sum() + " writes failed (reads still work)");
  }

  /**
   * The exception for a failed write; a storage failure starts (or continues) an outage, logged
   * once when it starts.
   */
  private StoreException failed(String what, SQLException e) {
    String message = what + " failed on the store at " + where() + ": " + e.getMessage();
    Optional<WriteFailure> f = WriteFailure.of(dialect, e);
    if (f.isEmpty()) {
      return new StoreException(message, e, false, unreachable(e));
    }
    Outage o = outage.get();
    if (o == null) {
      Outage started = new Outage(f.get(), e, clock.instant(), System.nanoTime(), new LongAdder());
      if (outage.compareAndSet(null, started)) {
        lastProbe = null;
        Consumer<String> log = problems;
        if (log != null) {
          log.accept("store: cannot write to " + location() + ": " + f.get().cause() + ": " + f.get().detail()
              + "; every write fails until it can (logged once; /healthz says so; reads still work)."
              + " Free space there (or fix the cause): writing resumes by itself");
        }
      }
      o = outage.get();
    }
    if (o != null) {
      o.failed().increment();
    }
    return new StoreException(message, e, problems != null, true);
  }

  /**
   * Whether {@code e} says the database could not be reached (a lost or refused connection, a
   * server shutting down, no pooled connection in time) rather than that the statement failed.
   */
  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * While unwritable (and the background probes), a write fails at once: trying each one would
   * cost a connection each (closed after such a failure) for nothing. Null when it may be tried.
   */
  private StoreException refuseWhileUnwritable(String what) {
    Outage o = outage.get();
    if (o == null || background == null) {
      return null;
    }
    o.failed().increment();
    return new StoreException(what + " failed on the store at " + where() + ": it cannot write to " + location()
        + " (" + o.failure().cause() + " since " + o.since() + ")", o.first(), problems != null, true);
  }

  /**
   * Tries a small write (the probe's row in its own table, {@code write_probe}) to see whether the
   * outage is over; a full SQLite disk must also have {@link #ROOM} free.
   */
  private void probeWrite() {
    Outage o = outage.get();
    if (o == null) {
      return;
    }
    Optional<Path> file = target.sqliteFile();
    if (file.isPresent() && o.failure().cause().startsWith("disk full")) {
      Path dir = file.get().toAbsolutePath().getParent();
      if (dir != null && freeSpace.applyAsLong(dir) < ROOM) {
        return;
      }
    }
    try {
      // Durable: the probe proves that a write reaches the disk.
      write(
          "probe writing",
          Commit.DURABLE,
          true,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO write_probe (name, written_at) VALUES (?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET written_at = excluded.written_at")) {
              ps.setString(1, WRITE_PROBE);
              ps.setLong(2, clock.millis());
              return ps.executeUpdate();
            }
          });
    } catch (StoreException e) {
      // Still unwritable: reported when it began, and in the health status.
    }
  }

  /** A write succeeded: an outage, if there was one, is over. */
  private void wrote() {
    Outage o = outage.getAndSet(null);
    if (o == null) {
      return;
    }
    lastProbe = null;
    Consumer<String> log = problems;
    if (log != null) {
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - o.sinceNanos());
      log.accept("store: writing to " + location() + " again after " + seconds + " s (" + o.failure().cause()
          + " since " + o.since() + "; " + o.failed().sum() + " writes failed meanwhile)");
    }
  }

  /**
   * Tests: what the probe takes for the free space of the SQLite file's directory, so a test can
   * keep a full disk full while it acts, and free it when it chooses.
   */
  void freeSpace(java.util.function.ToLongFunction<Path> free) {
    this.freeSpace = Objects.requireNonNull(free, "free");
  }

  /** Whether the database answers a trivial query now. */
  public boolean ping() {
    try {
      return read("ping", c -> {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
          return r.next();
        }
      });
    } catch (StoreException e) {
      return false;
    }
  }

  /** Work against one connection; may throw {@link SQLException}. */
  @FunctionalInterface
  interface Sql<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * How durable a write transaction's commit must be before it returns. The rule: a write that
   * backs an acknowledgement (the work a front end is about to acknowledge, an installation, a
   * vote) is {@link #DURABLE}; a write whose loss in a database crash can only make the bot do
   * something again or twice (mark work done, claim it, renew or let go of leases, seen events,
   * counters, unanswered questions, vectors, heartbeats, housekeeping) is {@link #RELAXED}.
   */
  enum Commit {
    /**
     * On the disk before the commit returns. PostgreSQL: the server's (or the URL's) {@code
     * synchronous_commit}, {@code on} by default; SQLite: in the WAL file (survives a crash of
     * this process, not a power cut, see {@link Store}).
     */
    DURABLE,
    /**
     * PostgreSQL: {@code SET LOCAL synchronous_commit TO OFF} ({@link Dialect#relaxedCommit()}):
     * visible to every replica at once, on the disk within a fraction of a second, and at once
     * with the next durable commit of any session; lost only if the server crashes first. SQLite:
     * the same as {@link #DURABLE}.
     */
    RELAXED
  }

  /** {@link #write(String, Commit, Sql)}, {@link Commit#DURABLE}. */
  <T> T write(String what, Sql<T> work) {
    return write(what, Commit.DURABLE, work);
  }

  /**
   * Runs {@code work} in one write transaction (on SQLite: {@code BEGIN IMMEDIATE}, one writer of
   * this process at a time); commits as {@code commit} says, or rolls back on any exception.
   *
   * @param what names the operation in the error
   */
  <T> T write(String what, Commit commit, Sql<T> work) {
    return write(what, commit, false, work);
  }

  private <T> T write(String what, Commit commit, boolean probing, Sql<T> work) {
    if (!probing) {
      StoreException refused = refuseWhileUnwritable(what);
      if (refused != null) {
        throw refused;
      }
    }
    boolean sqlite = dialect == Dialect.SQLITE;
    if (sqlite) {
      writer.lock();
    }
    Connection c = null;
    boolean evicted = false;
    try {
      c = ds.getConnection();
      c.setAutoCommit(false);
      try {
        if (commit == Commit.RELAXED) {
          Optional<String> relax = dialect.relaxedCommit();
          if (relax.isPresent()) {
            try (Statement s = c.createStatement()) {
              s.execute(relax.get());
            }
          }
        }
        T result = work.run(c);
        c.commit();
        // Only the probe ends an outage: a write that got in just before it began proves nothing.
        if (probing) {
          wrote();
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        boolean rolledBack = true;
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
          rolledBack = false;
        }
        // SQLite rolls a transaction back by itself on a full disk or an I/O error, and the
        // driver's idea of the connection is then wrong (every later commit: "no transaction is
        // active"): such a connection is closed, not handed out again.
        if (!rolledBack || WriteFailure.of(dialect, e).isPresent()) {
          ds.evictConnection(c);
          evicted = true;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failed(what, e);
    } finally {
      // An evicted connection is closed and out of the pool already: closing its handle again
      // would have the pool reset a connection it no longer has (a NullPointerException in
      // HikariCP, which replaced the StoreException and reached the front end as a 500).
      if (c != null && !evicted) {
        try {
          c.close();
        } catch (SQLException e) {
          // Broken: nothing more to do with it.
        }
      }
      if (sqlite) {
        writer.unlock();
      }
    }
  }

  /** {@link #update(String, Commit, String, Object...)}, {@link Commit#DURABLE}. */
  int update(String what, String sql, Object... args) {
    return update(what, Commit.DURABLE, sql, args);
  }

  /** Runs one statement with {@code args} in its own write transaction; returns the rows changed. */
  int update(String what, Commit commit, String sql, Object... args) {
    return write(
        what,
        commit,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
          }
        });
  }

  /** Runs {@code work} outside a transaction (each statement on its own). */
  <T> T read(String what, Sql<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(what + " failed on the store at " + where() + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /**
   * Stops the background thread, writes the counters and the {@linkplain #keepWriting held}
   * writes still in memory (best effort; what cannot be written is logged with how many) and
   * closes every connection.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (background != null) {
        background.shutdownNow();
        try {
          background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (!ds.isClosed()) {
      List<String> lost = new java.util.ArrayList<>();
      try {
        counters.flush();
      } catch (StoreException e) {
        // closing anyway: the counts of the last seconds are lost, nothing else
        lost.add(counters.unwritten() + " stats counters");
      }
      for (Held<?> h : held) {
        int left = h.flush();
        if (left > 0) {
          lost.add(left + " " + h.what());
        }
      }
      Consumer<String> log = problems;
      if (!lost.isEmpty() && log != null) {
        log.accept("store: stopping with " + String.join(" and ", lost) + " held in memory that the store at "
            + location() + " could not write" + writeFailure().map(c -> " (" + c + ")").orElse("") + ": they are lost");
      }
    }
    ds.close();
  }

  @Override
  public String toString() {
    return "Store[" + dialect + " " + where() + ", schema " + schemaVersion() + "]";
  }
}

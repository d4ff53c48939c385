package org.studybot.slack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.studybot.answer.ReplicaSync;
import org.studybot.slack.Burst.Ledger;
import org.studybot.store.TestDb;

/**
 * Replicas of the packaged bot ({@link JarBot}) on one fresh PostgreSQL schema, serving one
 * content directory, against one stand-in Web API whose answers go to a {@link Ledger}: the kit of
 * the replica tests on the jar ({@code ReplicasIT} in HTTP mode, {@code SocketModeReplicasIT}).
 * Each replica has its own data directory and a short lease ({@link #INTAKE}), so the survivors of
 * a kill -9 take its work over within seconds. Runs on PostgreSQL only: {@link TestDb#postgresql()}
 * skips with a notice without a server and fails instead under {@code STUDYBOT_REQUIRE_PG=1}.
 */
final class ReplicaSet implements AutoCloseable {
  static final String ADMIN = "UADMIN";
  /** Intake workers per replica: at most this many answers of a killed replica can be in flight. */
  static final int WORKERS = 2;
  /** The intake of every replica: fairness limits lifted (the burst is the test), a 3 s lease. */
  static final String INTAKE = """
      intake:
        user_burst: 1000000
        channel_burst: 1000000
        workers: %d
        api_rate: 150
        drain: 1s
        late_after: 1s
        lease: 3s
        poll: 100ms
      """.formatted(WORKERS);

  final Ledger ledger = new Ledger();
  final ExecutorService pool = Executors.newCachedThreadPool();
  final TestDb db;
  final Path dir;
  final Path content;
  final FakeSlackApi api;
  final List<JarBot> bots = new ArrayList<>();

  /** A fresh schema, the test corpus copied, the stand-in Web API; no replica yet ({@link #start}). */
  ReplicaSet() throws Exception {
    db = TestDb.postgresql();
    try {
      dir = db.dir();
      content = dir.resolve("content");
      SlackReplicaReloadTest.copyTree(SlackFixture.CORPUS, content);
      api = new FakeSlackApi(ledger::observe, true);
    } catch (Exception | Error e) {
      db.close();
      throw e;
    }
  }

  /**
   * Starts one replica per name, all at once as an orchestrator rolls replicas out (they migrate
   * the one schema together), each with {@code env.apply(name)} added to its environment.
   */
  void start(List<String> names, Function<String, Map<String, String>> env) throws Exception {
    List<Future<JarBot>> starting = new ArrayList<>();
    for (String name : names) {
      Path config = dir.resolve(name + ".yml");
      Files.writeString(config, "data_dir: " + dir.resolve(name + "-data") + "\nhttp:\n  bind_address: 127.0.0.1\n" + INTAKE);
      Map<String, String> e = new HashMap<>(env.apply(name));
      e.put("STUDYBOT_DATABASE_URL", db.target().url());
      e.put("STUDYBOT_ADMINS", ADMIN);
      starting.add(pool.submit(() -> new JarBot(config, api, content, e)));
    }
    for (Future<JarBot> f : starting) {
      bots.add(f.get(180, TimeUnit.SECONDS));
    }
  }

  JarBot bot(int i) {
    return bots.get(i);
  }

  /** Each live replica's corpus version, as the replicas record it in the store. */
  Map<String, String> versions() throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(db.target().url());
        PreparedStatement s = c.prepareStatement("SELECT replica_id, corpus_version FROM replica WHERE heartbeat_at > ?")) {
      s.setLong(1, System.currentTimeMillis() - ReplicaSync.LIVE.toMillis());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          m.put(r.getString(1), r.getString(2));
        }
      }
    }
    return m;
  }

  /** The shared work queue's rows by state. */
  Map<String, Integer> workItems() throws Exception {
    return Burst.workItems(db.target().url());
  }

  /** Work items recorded since the queue held {@code before} (rows by state). */
  int recordedSince(Map<String, Integer> before) throws Exception {
    return workItems().values().stream().mapToInt(Integer::intValue).sum()
        - before.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Each bot's intake counts (accepted, answered, duplicates...), for the report. */
  static List<Map<String, Long>> intakeCounts(List<JarBot> bots) throws Exception {
    List<Map<String, Long>> counts = new ArrayList<>();
    for (JarBot b : bots) {
      counts.add(b.intakeCounts());
    }
    return counts;
  }

  /** Whether none of {@code bots} holds work (a bot that cannot say counts as busy). */
  static boolean idle(List<JarBot> bots) {
    try {
      for (JarBot b : bots) {
        if (b.intakeCounts().get("held") != 0) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    for (JarBot b : bots) {
      b.close();
    }
    pool.shutdownNow();
    api.close();
    db.close(); // drops the schema
  }
}

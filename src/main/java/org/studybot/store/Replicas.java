package org.studybot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.studybot.source.ReplicaRegistry;

/**
 * The replicas sharing this store and the corpus each serves: every replica beats its heart with
 * its corpus version and article count; those heard from recently are live. Thread-safe.
 */
public final class Replicas implements ReplicaRegistry {
  /**
   * One replica as last heard from. Immutable.
   *
   * @param id the replica's id
   * @param corpusVersion the corpus it serves
   * @param articles how many articles it serves
   * @param startedAt when it first beat
   * @param heartbeatAt when it last beat
   */
  public record Replica(String id, String corpusVersion, int articles, Instant startedAt, Instant heartbeatAt) {}

  private final Store store;

  Replicas(Store store) {
    this.store = store;
  }

  /**
   * Says that replica {@code id} is alive and serves {@code corpusVersion} ({@code articles}). While
   * the store cannot write (a full disk, logged once by the store) the beat is skipped quietly: the
   * replica stops counting as live after 15 s, which is true.
   */
  @Override
  public void heartbeat(String id, String corpusVersion, int articles) {
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new IllegalArgumentException("replica id: \"" + id + "\" must be 1-128 characters");
    }
    try {
      beat(id, corpusVersion, articles);
    } catch (StoreException e) {
      if (!e.reported()) {
        throw e;
      }
    }
  }

  private void beat(String id, String corpusVersion, int articles) {
    long now = store.clock().millis();
    store.write(
        "replica heartbeat",
        Store.Commit.RELAXED,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO replica (replica_id, corpus_version, articles, started_at,"
                      + " heartbeat_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (replica_id) DO UPDATE"
                      + " SET corpus_version = excluded.corpus_version,"
                      + " articles = excluded.articles, heartbeat_at = excluded.heartbeat_at")) {
            ps.setString(1, id);
            ps.setString(2, corpusVersion.length() > 128 ? corpusVersion.substring(0, 128) : corpusVersion);
            ps.setInt(3, articles);
            ps.setLong(4, now);
            ps.setLong(5, now);
            return ps.executeUpdate();
          }
        });
  }

  /** The replicas heard from within {@code within}, by id. */
  public List<Replica> live(Duration within) {
    long since = store.clock().millis() - within.toMillis();
    return store.read(
        "list replicas",
        c -> {
          List<Replica> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT replica_id, corpus_version, articles, started_at, heartbeat_at"
                      + " FROM replica WHERE heartbeat_at >= ? ORDER BY replica_id")) {
            ps.setLong(1, since);
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Replica(
                        r.getString(1), r.getString(2), r.getInt(3),
                        Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5))));
              }
            }
          }
          return List.copyOf(out);
        });
  }

  @Override
  public Map<String, String> versions(Duration within) {
    Map<String, String> out = new TreeMap<>();
    for (Replica r : live(within)) {
      out.put(r.id(), r.corpusVersion());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Removes replica {@code id} (it is stopping). */
  @Override
  public void leave(String id) {
    store.update("replica leaves", Store.Commit.RELAXED, "DELETE FROM replica WHERE replica_id = ?", id);
  }

  /** Forgets replicas not heard from since {@code before}; returns how many. */
  public int purge(Instant before) {
    return store.update(
        "purge replicas", Store.Commit.RELAXED, "DELETE FROM replica WHERE heartbeat_at < ?", before.toEpochMilli());
  }
}

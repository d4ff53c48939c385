package org.studybot.answer;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.studybot.source.ReplicaRegistry;
import org.studybot.source.ServedVersions;

/**
 * Keeps every replica on the content one of them reloaded. When a reload asked for here (an admin's
 * {@code reload}, a push to the content repository, a watched change) serves a new version, it is
 * recorded in the shared {@link ServedVersions}: the commit with a Git source, else the content's
 * fingerprint. Every replica {@link #poll}s (every second by default): when another version was
 * recorded it follows ({@link Library#follow}: exactly that commit, or the directory read again),
 * and it beats its heart in the {@link ReplicaRegistry} with its id and the version it serves,
 * which {@link #status()} sums up for {@code stats}. It is polling, not push: a reload reaches the
 * other replicas within one poll interval plus their reload. Thread-safe.
 */
public final class ReplicaSync implements AutoCloseable {
  /** How often a replica polls for a new version and beats its heart. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);
  /** A replica not heard from for this long no longer counts as live. */
  public static final Duration LIVE = Duration.ofSeconds(15);

  /** The last failure logged by {@link #pollQuietly}, while it lasts; null when polls succeed. */
  private volatile String failing;
  private final Library library;
  private final ServedVersions versions;
  private final ReplicaRegistry registry;
  private final String id;
  private final Consumer<String> log;
  private ScheduledExecutorService timer;
  private String followed;
  private CompletableFuture<ReloadReport> following = CompletableFuture.completedFuture(null);

  /**
   * Hooks into {@code library}'s reloads; call {@link #start} (or {@link #poll} by hand, in tests).
   *
   * @param id this replica's id, unique among those on one store (see {@link #defaultId()})
   */
  public ReplicaSync(
      Library library, ServedVersions versions, ReplicaRegistry registry, String id, Consumer<String> log) {
    this.library = library;
    this.versions = versions;
    this.registry = registry;
    this.id = id;
    this.log = log;
    library.onReloaded(this::reloaded);
    library.replicaStatus(this::status);
  }

  /** {@code host:pid}: unique among replicas on one store unless two share a host and a pid. */
  public static String defaultId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  /**
   * Joins the replicas: records this replica's version when none was recorded yet (the first
   * replica decides), follows the recorded one otherwise, then polls every {@code every} on a
   * daemon thread.
   */
  public synchronized ReplicaSync start(Duration every) {
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    poll();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "studybot-replicas");
              t.setDaemon(true);
              return t;
            });
    long ms = every.toMillis();
    timer.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void pollQuietly() {
    try {
      poll();
      if (failing != null) {
        failing = null;
        log.accept("replica sync: the store answers again");
      }
    } catch (RuntimeException e) {
      // The store is down (or full): try again next time, and say so once, not every round.
      String why = String.valueOf(e.getMessage());
      if (!why.equals(failing)) {
        failing = why;
        log.accept("replica sync: " + why + " (logged once while it lasts)");
      }
    }
  }

  /**
   * One round: follows a newly recorded version, and beats the heart. Returns the follow's reload,
   * or a future of {@code null} when there was nothing to follow.
   */
  public synchronized CompletableFuture<ReloadReport> poll() {
    String served = library.servedVersion();
    Optional<String> wanted = versions.wanted();
    CompletableFuture<ReloadReport> started = CompletableFuture.completedFuture(null);
    if (wanted.isEmpty()) {
      if (served != null) {
        versions.record(served); // the first replica on a fresh store decides
        followed = served;
      }
    } else if (!wanted.get().equals(served) && !wanted.get().equals(followed) && following.isDone()) {
      // Each recorded version is followed once: content directories that differ between replicas
      // must not reload every second (stats shows the difference instead).
      followed = wanted.get();
      log.accept("another replica serves " + shortName(followed) + ": following it");
      started = library.follow(followed);
      following = started;
    }
    if (served != null) {
      registry.heartbeat(id, served, library.current() == null ? 0 : library.current().size());
    }
    return started;
  }

  private synchronized void reloaded(ReloadReport report, boolean askedHere) {
    String served = library.servedVersion();
    if (!askedHere || !report.swapped() || served == null) {
      return;
    }
    if (!served.equals(versions.wanted().orElse(null))) {
      versions.record(served);
      log.accept("recorded " + shortName(served) + " for every replica");
    }
    followed = served;
  }

  /**
   * For {@code stats}: how many replicas are live and whether they all serve one version, e.g.
   * {@code 2 replicas, all on commit 1a2b3c4}, or {@code null} when the registry cannot be read.
   */
  public String status() {
    Map<String, String> live;
    try {
      live = registry.versions(LIVE);
    } catch (RuntimeException e) {
      return "replicas unknown (" + e.getMessage() + ")";
    }
    Set<String> distinct = new LinkedHashSet<>(live.values());
    String n = live.size() + (live.size() == 1 ? " replica" : " replicas");
    if (distinct.size() <= 1) {
      return n + (distinct.isEmpty() ? "" : ", all on " + shortName(distinct.iterator().next()))
          + " (polling every " + INTERVAL.toSeconds() + " s)";
    }
    StringBuilder s = new StringBuilder(n + " on " + distinct.size() + " versions:");
    new java.util.TreeMap<>(live).forEach((replica, v) -> s.append(' ').append(replica).append('=').append(shortName(v)));
    return s.toString();
  }

  /** This replica's id. */
  public String id() {
    return id;
  }

  private static String shortName(String version) {
    return version.startsWith("content:") ? version : "commit " + (version.length() > 7 ? version.substring(0, 7) : version);
  }

  /** Stops polling and leaves the registry. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    try {
      registry.leave(id);
    } catch (RuntimeException e) {
      log.accept("replica " + id + " could not leave the registry: " + e.getMessage());
    }
  }
}

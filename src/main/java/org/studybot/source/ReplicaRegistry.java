package org.studybot.source;

import java.time.Duration;
import java.util.Map;

/**
 * Which replicas serve which content version: each replica beats its heart with its id and version
 * every few seconds; those heard from recently are live. The store implements it for replicas on
 * one database. Implementations are thread-safe.
 */
public interface ReplicaRegistry {
  /** Says that replica {@code id} is alive and serves {@code version} ({@code articles} articles). */
  void heartbeat(String id, String version, int articles);

  /** The version each replica heard from within {@code within} serves, by replica id, sorted. */
  Map<String, String> versions(Duration within);

  /** Removes replica {@code id}: it is stopping. */
  void leave(String id);
}

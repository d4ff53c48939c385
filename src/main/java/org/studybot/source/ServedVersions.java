package org.studybot.source;

import java.util.Optional;

/**
 * Where replicas agree on the content version they serve: the shared store when several replicas
 * run (a one-row table: version, when, by whom), or memory for one. Implementations are
 * thread-safe and shared by every replica.
 *
 * <p>The replica that reloads from the newest content records the commit it now serves; every
 * other replica moves to exactly that commit ({@link ContentSource#checkout}), never to whatever
 * its own fetch would see, so two replicas never answer from two versions for longer than one
 * poll. See {@code answer.ReplicaSync}.
 */
public interface ServedVersions {
  /** Records {@code version} as the one every replica should serve. */
  void record(String version);

  /** The version every replica should serve, if one was recorded. */
  Optional<String> wanted();

  /** One process, no store: remembers in memory. */
  static ServedVersions inMemory() {
    return new ServedVersions() {
      private volatile String version;

      @Override
      public void record(String v) {
        version = v;
      }

      @Override
      public Optional<String> wanted() {
        return Optional.ofNullable(version);
      }
    };
  }
}

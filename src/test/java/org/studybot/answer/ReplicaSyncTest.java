package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;
import org.studybot.source.ReplicaRegistry;
import org.studybot.source.ServedVersions;

/**
 * The replica sync over in-memory stand-ins for the store (the store's own tests cover the real
 * tables; SlackReplicaReloadTest covers both together): who records, who follows, and content
 * directories that differ between replicas.
 */
class ReplicaSyncTest {
  @TempDir Path dirA;
  @TempDir Path dirB;

  /** Every broadcast of a version, in order: what the store's table would hold. */
  private final List<String> recorded = new CopyOnWriteArrayList<>();
  private final ServedVersions shared = new ServedVersions() {
    @Override
    public void record(String version) {
      recorded.add(version);
    }

    @Override
    public Optional<String> wanted() {
      return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.get(recorded.size() - 1));
    }
  };
  private final Map<String, String> beats = new TreeMap<>();
  private final ReplicaRegistry registry = new ReplicaRegistry() {
    @Override
    public synchronized void heartbeat(String id, String version, int articles) {
      beats.put(id, version);
    }

    @Override
    public synchronized Map<String, String> versions(Duration within) {
      return new TreeMap<>(beats);
    }

    @Override
    public synchronized void leave(String id) {
      beats.remove(id);
    }
  };
  private final List<String> log = new CopyOnWriteArrayList<>();

  /** Replicas a and b, each loaded from its own directory, each with its sync (not started: polled by hand). */
  private final class Two implements AutoCloseable {
    final Library a = library(dirA);
    final Library b = library(dirB);
    final ReplicaSync syncA = new ReplicaSync(a, shared, registry, "a", log::add);
    final ReplicaSync syncB = new ReplicaSync(b, shared, registry, "b", log::add);

    @Override
    public void close() {
      syncA.close();
      syncB.close();
      a.close();
      b.close();
    }
  }

  private Library library(Path dir) {
    Library l = new Library(dir, new CorpusLoader(1_048_576), CorpusIndex::build, log::add);
    l.loadNow();
    return l;
  }

  @Test
  void theFirstReplicaRecordsAnAdminReloadIsFollowedOnce() throws Exception {
    LibraryTest.write(dirA, "1", "Pressure");
    LibraryTest.write(dirB, "1", "Pressure");
    try (Two two = new Two()) {
      Library a = two.a;
      Library b = two.b;
      ReplicaSync syncA = two.syncA;
      ReplicaSync syncB = two.syncB;
      assertNull(syncA.poll().join());
      assertEquals(List.of(a.servedVersion()), recorded, "on a fresh store the first replica decides");
      assertNull(syncB.poll().join(), "same content: nothing to follow");
      assertEquals(a.servedVersion(), b.servedVersion(), "same articles, same fingerprint, wherever they are");
      assertEquals("2 replicas, all on " + a.servedVersion() + " (polling every 1 s)", a.replicaStatus());

      // An admin reload on A after an edit reaching both directories (a shared or synced folder).
      LibraryTest.write(dirA, "2", "Buoyancy");
      LibraryTest.write(dirB, "2", "Buoyancy");
      String before = a.servedVersion();
      a.reload().join();
      assertNotEquals(before, a.servedVersion());
      assertEquals(a.servedVersion(), recorded.get(recorded.size() - 1), "recorded for every replica");
      ReloadReport followed = syncB.poll().join();
      assertTrue(followed.swapped() && followed.serving() == 2, followed.message());
      assertEquals(a.servedVersion(), b.servedVersion());
      int records = recorded.size();
      assertNull(syncB.poll().join());
      assertNull(syncA.poll().join());
      assertEquals(records, recorded.size(), "following is not announced again");
      assertEquals(Map.of("a", a.servedVersion(), "b", b.servedVersion()), beats);
    }
  }

  @Test
  void directoriesThatDifferAreFollowedOnceAndShownInStats() throws Exception {
    LibraryTest.write(dirA, "1", "Pressure");
    LibraryTest.write(dirB, "1", "Density");
    try (Two two = new Two()) {
      Library a = two.a;
      Library b = two.b;
      ReplicaSync syncA = two.syncA;
      ReplicaSync syncB = two.syncB;
      syncA.poll().join();
      ReloadReport r = syncB.poll().join();
      assertTrue(r != null && r.swapped(), "B re-reads its directory once to follow A");
      assertNotEquals(a.servedVersion(), b.servedVersion(), "still different: B's directory differs");
      for (int i = 0; i < 5; i++) {
        assertNull(syncB.poll().join(), "no reload every poll for the same recorded version");
        assertNull(syncA.poll().join());
      }
      assertEquals(1, recorded.size(), "neither replica announced a follow");
      assertEquals("2 replicas on 2 versions: a=" + a.servedVersion() + " b=" + b.servedVersion(), a.replicaStatus());
    }
    assertTrue(beats.isEmpty(), "closing leaves the registry: " + beats);
  }
}

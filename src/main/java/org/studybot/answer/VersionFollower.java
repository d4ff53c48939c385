package org.studybot.answer;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.studybot.source.ServedVersions;
import org.studybot.source.SourceVersion;

/**
 * Keeps replicas on one content version. The replica asked to reload (by an admin or a push)
 * reloads from the newest content through {@link #reloadNewest()}, which records the commit it
 * now serves in the shared {@link ServedVersions}; every replica calls {@link #follow()} now and
 * then (and at start), which moves it to exactly the recorded commit when it serves another.
 * Thread-safe.
 *
 * <p>Wiring point: the store will implement {@link ServedVersions}; until then a single replica
 * needs none of this ({@link Library#reload()} alone).
 */
public final class VersionFollower {
  private final Library library;
  private final ServedVersions versions;
  private final Consumer<String> log;

  public VersionFollower(Library library, ServedVersions versions, Consumer<String> log) {
    this.library = library;
    this.versions = versions;
    this.log = log;
  }

  /** Reloads from the newest content and, when that serves a new version, records it for all. */
  public CompletableFuture<ReloadReport> reloadNewest() {
    return library.reload().thenApply(r -> {
      SourceVersion v = r.swapped() ? r.source().version() : null;
      if (v != null) {
        versions.record(v.id());
        log.accept("recorded commit " + v.shortId() + " for every replica");
      }
      return r;
    });
  }

  /**
   * Moves to the recorded version if this replica serves another; completes with {@code null} when
   * there is nothing to do.
   */
  public CompletableFuture<ReloadReport> follow() {
    Optional<String> wanted = versions.wanted();
    Optional<String> served = library.source().served().map(SourceVersion::id);
    if (wanted.isEmpty() || wanted.equals(served)) {
      return CompletableFuture.completedFuture(null);
    }
    log.accept("moving to commit " + wanted.get() + ", which another replica serves");
    return library.reload(wanted.get());
  }
}

package org.studybot.answer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.studybot.content.Article;
import org.studybot.content.CorpusChanges;
import org.studybot.content.CorpusLoader;
import org.studybot.content.LoadResult;
import org.studybot.ops.HttpRoute;
import org.studybot.search.CorpusIndex;
import org.studybot.source.ContentSource;
import org.studybot.source.LocalDirectory;
import org.studybot.source.SourceUpdate;

/**
 * The corpus being served, and its reloads. Thread-safe.
 *
 * <p>A reload reads the content directory and builds a new index off to the side, then swaps it in
 * with one atomic write: a query sees the old corpus or the new one, never half of either. The old
 * index is released when the last query leasing it ends. A reload that fails or finds no articles
 * leaves the old corpus serving. Reloads asked for while one is waiting to run share it, so a burst
 * of requests costs at most one reload after the running one.
 *
 * <p>The articles come from a {@link ContentSource}: each reload first brings it up to date (for
 * Git: fetch and move to the branch head) and, when that fails, keeps serving what it had and says
 * why. The report says which version now serves and how many articles were added, changed and
 * removed; articles whose file broke keep their last good version and are listed as stale.
 */
public final class Library implements AutoCloseable {

  /** Builds an index from loaded articles (lexical by default; the semantic one adds vectors). */
  @FunctionalInterface
  public interface IndexBuilder {
    CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress);
  }

  /** Told after each reload (see {@link #onReloaded}). */
  @FunctionalInterface
  public interface ReloadListener {
    /**
     * @param report what the reload did
     * @param askedHere true when an admin, a push or a watched change asked this replica for the
     *     newest content; false when it only followed another replica ({@link #follow})
     */
    void reloaded(ReloadReport report, boolean askedHere);
  }

  private final ContentSource source;
  private final CorpusLoader loader;
  private final IndexBuilder builder;
  private final Consumer<String> log;
  private final AtomicReference<CorpusIndex> current = new AtomicReference<>();
  private final AtomicLong versions = new AtomicLong();
  private final ExecutorService reloader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "studybot-reload");
            t.setDaemon(true);
            return t;
          });
  private final List<AutoCloseable> closeWith = new CopyOnWriteArrayList<>();
  private final List<Runnable> swapListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Consumer<ReloadReport>> reloadListeners = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, HttpRoute> routes = new java.util.concurrent.ConcurrentSkipListMap<>();
  private volatile LoadResult lastLoad;
  private CompletableFuture<ReloadReport> queued;
  private String queuedVersion;
  private boolean queuedHere;
  private final List<ReloadListener> replicaListeners = new CopyOnWriteArrayList<>();
  private volatile String fingerprint;
  private volatile java.util.function.Supplier<String> replicaStatus = () -> null;
  private volatile ReloadReport last;

  /**
   * Articles from a local directory.
   *
   * @param log told about progress and outcomes, one line at a time
   */
  public Library(Path contentDir, CorpusLoader loader, IndexBuilder builder, Consumer<String> log) {
    this(new LocalDirectory(contentDir), loader, builder, log);
  }

  /**
   * Articles from {@code source}; it is closed with the library.
   *
   * @param log told about progress and outcomes, one line at a time
   */
  public Library(ContentSource source, CorpusLoader loader, IndexBuilder builder, Consumer<String> log) {
    this.source = source;
    this.loader = loader;
    this.builder = builder;
    this.log = log;
  }

  /** Loads the corpus for the first time, on the calling thread. */
  public ReloadReport loadNow() {
    ReloadReport r = doReload(null);
    finished(r);
    return r;
  }

  /**
   * Asks for a reload of the newest content; returns when it has run. See the class comment for
   * coalescing.
   */
  public CompletableFuture<ReloadReport> reload() {
    return request(null, true);
  }

  /**
   * Follows another replica that serves {@code version}: a source with versions (Git) moves to
   * exactly that commit; a content directory, which has none, is read again (the other replica
   * announced a new content fingerprint). Reload listeners are told it was not asked for here, so
   * it is not announced again.
   */
  public CompletableFuture<ReloadReport> follow(String version) {
    return request(source.served().isPresent() ? version : null, false);
  }

  /**
   * Asks for a reload at exactly {@code version} (a commit another replica serves), or the newest
   * content when {@code null}. While a reload waits to run, the latest request decides its target.
   */
  public CompletableFuture<ReloadReport> reload(String version) {
    return request(version, false);
  }

  private synchronized CompletableFuture<ReloadReport> request(String version, boolean here) {
    if (queued != null) {
      queuedVersion = version;
      queuedHere |= here; // one reload serves both: announce it if anyone here asked
      return queued;
    }
    CompletableFuture<ReloadReport> f = new CompletableFuture<>();
    queued = f;
    queuedVersion = version;
    queuedHere = here;
    reloader.execute(
        () -> {
          String target;
          boolean askedHere;
          synchronized (this) {
            target = queuedVersion;
            askedHere = queuedHere;
            if (queued == f) {
              queued = null;
            }
          }
          try {
            ReloadReport r = doReload(target);
            finished(r);
            for (ReloadListener l : replicaListeners) {
              try {
                l.reloaded(r, askedHere);
              } catch (RuntimeException e) {
                log.accept("after the reload: " + e);
              }
            }
            f.complete(r);
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    return f;
  }

  private void finished(ReloadReport r) {
    last = r;
    reloadListeners.forEach(l -> l.accept(r));
  }

  private ReloadReport doReload(String version) {
    long start = System.nanoTime();
    CorpusIndex old = current.get();
    int serving = old == null ? 0 : old.size();
    LoadResult load;
    CorpusIndex fresh;
    SourceUpdate update;
    if (old == null && source.served().isPresent()) {
      // A restart over a checkout: read the version served before moving on, so a file that the
      // new version breaks keeps its last good article (and the next load reuses every unchanged file).
      loader.load(source.directory());
    }
    try {
      update = version == null ? source.update() : source.checkout(version);
    } catch (RuntimeException e) {
      update = SourceUpdate.failed(source.served().orElse(null), "content source failed: " + e);
    }
    if (!update.ok() && (old != null || update.version() == null)) {
      // Keep what serves; with nothing loaded yet, a checkout left from an earlier run still loads.
      return new ReloadReport(false, null, serving, since(start), keepOld(update.describe(), serving), update, null);
    }
    Path contentDir = source.directory();
    try {
      load =
          loader.load(
              contentDir,
              new LoadProgress("reading articles", log, System::nanoTime));
      if (load.articles().isEmpty()) {
        String why = "no articles found in " + contentDir + " (" + load.summary() + ")";
        return new ReloadReport(false, load, serving, since(start), keepOld(why, serving), update, null);
      }
      fresh =
          builder.build(
              load.articles(),
              versions.incrementAndGet(),
              new LoadProgress("indexing articles", log, System::nanoTime));
    } catch (RuntimeException | OutOfMemoryError e) {
      String why = "reload failed: " + e;
      log.accept(why);
      return new ReloadReport(false, null, serving, since(start), keepOld(why, serving), update, null);
    }
    CorpusChanges changes = old == null ? CorpusChanges.NONE : CorpusChanges.between(old.articles(), load.articles());
    CorpusIndex previous = current.getAndSet(fresh);
    lastLoad = load;
    fingerprint = org.studybot.content.CorpusFingerprint.of(load.articles());
    if (previous != null) {
      previous.close();
    }
    swapListeners.forEach(Runnable::run);
    Duration took = since(start);
    StringBuilder message =
        new StringBuilder(load.summary().replaceFirst(" in [0-9.]+ s$", "").replaceFirst(", [0-9]+ stale$", ""))
            .append(String.format(" in %.1f s", took.toMillis() / 1000.0));
    if (old != null) {
      message.append("; ").append(changes);
    }
    if (!load.stale().isEmpty()) {
      message.append("; ").append(load.stale().size())
          .append(load.stale().size() == 1 ? " broken file, its article" : " broken files, their articles")
          .append(" still served from the last good version (stale)");
    }
    if (!update.describe().isEmpty()) {
      message.append("; ").append(update.describe());
    }
    return new ReloadReport(true, load, fresh.size(), took, message.toString(), update, changes);
  }

  private static String keepOld(String why, int serving) {
    return serving > 0 ? why + "; still serving the previous " + serving + " articles" : why;
  }

  /**
   * Leases the current index for one query; the lease must be closed. Never fails for a reload
   * running at the same time: a lease on a just-retired index is retried on its successor.
   *
   * @throws IllegalStateException when no corpus has been loaded yet
   */
  public CorpusIndex.Lease lease() {
    while (true) {
      CorpusIndex index = current.get();
      if (index == null) {
        throw new IllegalStateException("no corpus loaded yet");
      }
      var lease = index.lease();
      if (lease.isPresent()) {
        return lease.get();
      }
    }
  }

  /**
   * Runs {@code listener} after each successful swap to a new corpus (on the reloading thread), so
   * that what was derived from the old one can be dropped.
   */
  public void onSwap(Runnable listener) {
    swapListeners.add(listener);
  }

  /**
   * Runs {@code listener} after each reload, successful or not, before its future completes (on the
   * reloading thread); {@link #loadNow()} tells no one.
   */
  public void onReloaded(ReloadListener listener) {
    replicaListeners.add(listener);
  }

  /**
   * The version serving now, the same on every replica serving the same content: the commit id
   * with a Git source, else the content's {@link org.studybot.content.CorpusFingerprint}; {@code
   * null} before the first load.
   */
  public String servedVersion() {
    return source.served().map(org.studybot.source.SourceVersion::id).orElse(fingerprint);
  }

  /** Sets where {@link #replicaStatus()} comes from (the replica sync). */
  public void replicaStatus(java.util.function.Supplier<String> status) {
    replicaStatus = status;
  }

  /** One line for admins on the replicas and the versions they serve, or {@code null} with one replica. */
  public String replicaStatus() {
    return replicaStatus.get();
  }

  /** Tells {@code listener} the outcome of every later load or reload, swapped or not (on the reloading thread). */
  public void onReload(Consumer<ReloadReport> listener) {
    reloadListeners.add(listener);
  }

  /** The corpus serving now, or {@code null} before the first load. */
  public CorpusIndex current() {
    return current.get();
  }

  /** The outcome of the latest load or reload, or {@code null}. */
  public ReloadReport lastReload() {
    return last;
  }

  /** The content directory this library reads. */
  public Path contentDir() {
    return source.directory();
  }

  /** Where the articles come from. */
  public ContentSource source() {
    return source;
  }

  /**
   * What serves, for admins: the source and version (a commit), and one line per stale article
   * (a broken file whose last good version still serves). Stays true after a failed reload.
   */
  public List<String> contentStatus() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(source.served().map(v -> "commit " + v + " (" + source.describe() + ")").orElse(source.describe()));
    LoadResult l = lastLoad;
    if (l != null) {
      lines.addAll(l.staleNotes());
    }
    return List.copyOf(lines);
  }

  /** Articles served from their last good version because their file is broken now. */
  public List<Article> stale() {
    LoadResult l = lastLoad;
    return l == null ? List.of() : l.stale();
  }

  /**
   * Adds an HTTP route that drives this library (the content push webhook); a front end with an
   * HTTP server serves every one of {@link #routes()}.
   */
  public void route(String path, HttpRoute route) {
    routes.put(path, route);
  }

  /** The routes added with {@link #route}, by path. */
  public java.util.Map<String, HttpRoute> routes() {
    return java.util.Map.copyOf(routes);
  }

  /** Closes {@code c} (a {@link ContentWatcher}) when this library closes, before anything else. */
  public void closeWith(AutoCloseable c) {
    closeWith.add(c);
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeWith) {
      try {
        c.close();
      } catch (Exception e) {
        log.accept("closing " + c + ": " + e);
      }
    }
    reloader.shutdownNow();
    source.close();
    CorpusIndex index = current.getAndSet(null);
    if (index != null) {
      index.close();
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

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
import org.studybot.content.CorpusLoader;
import org.studybot.content.LoadResult;
import org.studybot.search.CorpusIndex;

/**
 * The corpus being served, and its reloads. Thread-safe.
 *
 * <p>A reload reads the content directory and builds a new index off to the side, then swaps it in
 * with one atomic write: a query sees the old corpus or the new one, never half of either. The old
 * index is released when the last query leasing it ends. A reload that fails or finds no articles
 * leaves the old corpus serving. Reloads asked for while one is waiting to run share it, so a burst
 * of requests costs at most one reload after the running one.
 */
public final class Library implements AutoCloseable {

  /** Builds an index from loaded articles (lexical by default; the semantic one adds vectors). */
  @FunctionalInterface
  public interface IndexBuilder {
    CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress);
  }

  private final Path contentDir;
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
  private CompletableFuture<ReloadReport> queued;
  private volatile ReloadReport last;

  /**
   * @param log told about progress and outcomes, one line at a time
   */
  public Library(Path contentDir, CorpusLoader loader, IndexBuilder builder, Consumer<String> log) {
    this.contentDir = contentDir;
    this.loader = loader;
    this.builder = builder;
    this.log = log;
  }

  /** Loads the corpus for the first time, on the calling thread. */
  public ReloadReport loadNow() {
    ReloadReport r = doReload();
    finished(r);
    return r;
  }

  /** Asks for a reload; returns when it has run. See the class comment for coalescing. */
  public synchronized CompletableFuture<ReloadReport> reload() {
    if (queued != null) {
      return queued;
    }
    CompletableFuture<ReloadReport> f = new CompletableFuture<>();
    queued = f;
    reloader.execute(
        () -> {
          synchronized (this) {
            if (queued == f) {
              queued = null;
            }
          }
          try {
            ReloadReport r = doReload();
            finished(r);
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

  private ReloadReport doReload() {
    long start = System.nanoTime();
    CorpusIndex old = current.get();
    int serving = old == null ? 0 : old.size();
    LoadResult load;
    CorpusIndex fresh;
    try {
      load =
          loader.load(
              contentDir,
              new LoadProgress("reading articles", log, System::nanoTime));
      if (load.articles().isEmpty()) {
        String why = "no articles found in " + contentDir + " (" + load.summary() + ")";
        return new ReloadReport(false, load, serving, since(start), keepOld(why, serving));
      }
      fresh =
          builder.build(
              load.articles(),
              versions.incrementAndGet(),
              new LoadProgress("indexing articles", log, System::nanoTime));
    } catch (RuntimeException | OutOfMemoryError e) {
      String why = "reload failed: " + e;
      log.accept(why);
      return new ReloadReport(false, null, serving, since(start), keepOld(why, serving));
    }
    CorpusIndex previous = current.getAndSet(fresh);
    if (previous != null) {
      previous.close();
    }
    swapListeners.forEach(Runnable::run);
    Duration took = since(start);
    String message = load.summary().replaceFirst(" in [0-9.]+ s$", "") + String.format(" in %.1f s", took.toMillis() / 1000.0);
    return new ReloadReport(true, load, fresh.size(), took, message);
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
    return contentDir;
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
    CorpusIndex index = current.getAndSet(null);
    if (index != null) {
      index.close();
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

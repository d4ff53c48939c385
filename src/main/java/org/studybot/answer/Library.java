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
import java.util.function.BooleanSupplier;
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

  /**
   * Gives a corpus indexed by words its vectors: the semantic engine's part of a load. With one,
   * the library answers by words as soon as the words are indexed when many articles lack a cached
   * vector, embeds them in the background and swaps in the corpus with vectors when they are done.
   */
  @FunctionalInterface
  public interface Vectorizer {
    /** What giving {@code articles} their vectors takes; embeds nothing yet. */
    Job plan(List<Article> articles);

    /** The vectors of one corpus, planned. */
    interface Job {
      /** Articles without a cached vector: what {@link #addTo} embeds. */
      int missing();

      /**
       * {@code lexical} (this job's articles, indexed by words) with its vectors, as a new index of
       * {@code version}.
       *
       * @param progress told after each batch how many of {@link #missing} are embedded
       * @param cancelled asked between batches; when it says yes the job stops
       * @throws java.util.concurrent.CancellationException when {@code cancelled} said so
       */
      CorpusIndex addTo(CorpusIndex lexical, long version, Progress progress, BooleanSupplier cancelled);

      /**
       * Whether this job offers a quick pass ({@link #addQuickTo}): interim vectors of a shorter
       * text for the articles without a cached vector, served while {@link #addTo} embeds the full
       * ones.
       */
      default boolean offersQuick() {
        return false;
      }

      /**
       * {@code lexical} with interim vectors, as a new index of {@code version}: articles with a
       * cached vector keep it, the others get a quick one (embedded now where not cached). {@link
       * #addTo} may then be given the result, whose words it shares.
       *
       * @param progress told after each batch how many of the quick pass's articles are embedded
       * @throws java.util.concurrent.CancellationException when {@code cancelled} said so
       */
      default CorpusIndex addQuickTo(CorpusIndex lexical, long version, Progress progress, BooleanSupplier cancelled) {
        throw new UnsupportedOperationException("no quick pass");
      }
    }

    /** Told how embedding goes. */
    @FunctionalInterface
    interface Progress {
      /**
       * @param done articles embedded so far
       * @param todo articles the job embeds in all
       */
      void update(int done, int todo);
    }
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
  private final ExecutorService reloader = Executors.newSingleThreadExecutor(daemon("studybot-reload"));
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
  private final Vectorizer vectorizer;
  private final int embedFirst;
  private final int quickAbove;
  // Embeds in the background, one corpus at a time; the lock also keeps a reload's own embedding
  // (few missing vectors) from running beside it, as both write the vector cache and index.
  private final ExecutorService embedding = Executors.newSingleThreadExecutor(daemon("studybot-embed"));
  private final java.util.concurrent.locks.ReentrantLock vectorLock = new java.util.concurrent.locks.ReentrantLock();
  // Bumped (under swapLock) by every swap and by close: an embedding of an older generation stops,
  // and never swaps in or reports.
  private final AtomicLong generation = new AtomicLong();
  private final Object swapLock = new Object();
  private volatile SemanticStatus semantic;
  private volatile CompletableFuture<Void> vectorsDone = CompletableFuture.completedFuture(null);

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
    this(source, loader, builder, null, 0, log);
  }

  /**
   * Articles from {@code source}, indexed by {@code builder} (words) and given their vectors by
   * {@code vectorizer}.
   *
   * @param vectorizer adds the vectors, or {@code null} for words alone
   * @param embedFirst when at most this many articles lack a cached vector, they are embedded
   *     before the corpus is swapped in; with more, the corpus serves by words at once and is
   *     embedded in the background
   * @param log told about progress and outcomes, one line at a time
   */
  public Library(
      ContentSource source, CorpusLoader loader, IndexBuilder builder, Vectorizer vectorizer, int embedFirst,
      Consumer<String> log) {
    this(source, loader, builder, vectorizer, embedFirst, Integer.MAX_VALUE, log);
  }

  /**
   * As {@link #Library(ContentSource, CorpusLoader, IndexBuilder, Vectorizer, int, Consumer)}, with
   * a quick pass for large backlogs.
   *
   * @param quickAbove when more than this many articles (and more than {@code embedFirst}) lack a
   *     cached vector, the background embedding first gives them interim vectors by the job's
   *     quick pass and serves words and quick meaning, then embeds the full texts and swaps again
   */
  public Library(
      ContentSource source, CorpusLoader loader, IndexBuilder builder, Vectorizer vectorizer, int embedFirst,
      int quickAbove, Consumer<String> log) {
    this.quickAbove = quickAbove;
    this.source = source;
    this.loader = loader;
    this.builder = builder;
    this.vectorizer = vectorizer;
    this.embedFirst = embedFirst;
    this.log = log;
    this.semantic = vectorizer == null ? SemanticStatus.OFF : new SemanticStatus(SemanticStatus.Phase.EMBEDDING, 0, 0, "");
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
    Vectorizer.Job job = null;
    long gen;
    synchronized (swapLock) {
      gen = generation.incrementAndGet(); // an older corpus's embedding stops at its next batch
    }
    if (vectorizer != null) {
      try {
        job = vectorizer.plan(load.articles());
        if (job.missing() <= embedFirst) {
          fresh = addVectorsNow(fresh, job, gen);
          job = null;
        }
      } catch (RuntimeException | OutOfMemoryError e) {
        semanticFailed(gen, fresh, e);
        job = null;
      }
    }
    CorpusIndex previous;
    synchronized (swapLock) {
      previous = current.getAndSet(fresh);
    }
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
    if (job != null) {
      message.append(String.format(java.util.Locale.ROOT,
          "; answering by words while %,d articles are embedded in the background", job.missing()));
      embedLater(fresh, job, gen);
    }
    return new ReloadReport(true, load, fresh.size(), took, message.toString(), update, changes);
  }

  /**
   * {@code lexical} with its vectors, embedded now on this thread (few are missing); on failure,
   * {@code lexical} as it is (words alone), and the status says why.
   */
  private CorpusIndex addVectorsNow(CorpusIndex lexical, Vectorizer.Job job, long gen) {
    int n = lexical.size();
    vectorLock.lock();
    try {
      status(gen, new SemanticStatus(SemanticStatus.Phase.EMBEDDING, n - job.missing(), n, ""));
      CorpusIndex hybrid =
          job.addTo(lexical, lexical.version(), (done, todo) -> embedded(gen, n, done, todo), () -> generation.get() != gen);
      lexical.close(); // never served: its words live on in the index with vectors
      status(gen, new SemanticStatus(SemanticStatus.Phase.READY, n, n, ""));
      return hybrid;
    } catch (RuntimeException | OutOfMemoryError e) {
      semanticFailed(gen, lexical, e);
      return lexical;
    } finally {
      vectorLock.unlock();
    }
  }

  /**
   * Embeds {@code lexical}'s missing vectors in the background and swaps in the corpus with vectors
   * when they are done, unless a newer corpus was swapped in meanwhile (then it stops, or its result
   * is dropped).
   */
  private void embedLater(CorpusIndex lexical, Vectorizer.Job job, long gen) {
    int n = lexical.size();
    status(gen, new SemanticStatus(SemanticStatus.Phase.EMBEDDING, n - job.missing(), n, "", 0,
        quickPass(job) ? job.missing() : 0));
    CompletableFuture<Void> done = new CompletableFuture<>();
    vectorsDone = done;
    try {
      embedding.execute(() -> embedInBackground(lexical, job, gen, done));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.complete(null); // closed
    }
  }

  private void embedInBackground(CorpusIndex lexical, Vectorizer.Job job, long gen, CompletableFuture<Void> done) {
    int n = lexical.size();
    vectorLock.lock();
    CorpusIndex base = lexical;
    try {
      if (generation.get() != gen) {
        return;
      }
      long start = System.nanoTime();
      boolean quick = quickPass(job);
      if (quick) {
        base = quickPass(lexical, job, gen, start);
        if (base == null) {
          return; // replaced meanwhile
        }
      }
      int withFull = n - job.missing();
      CorpusIndex hybrid =
          job.addTo(base, versions.incrementAndGet(),
              (d, todo) -> status(gen, new SemanticStatus(quick ? SemanticStatus.Phase.QUICK : SemanticStatus.Phase.EMBEDDING,
                  withFull + d, n, "")),
              () -> generation.get() != gen);
      if (!swap(base, hybrid, gen, new SemanticStatus(SemanticStatus.Phase.READY, n, n, ""))) {
        return;
      }
      log.accept(String.format(java.util.Locale.ROOT,
          "words and meaning%s: %,d articles embedded in %.1f s; corpus version %d answers by both",
          quick ? " (full texts)" : "", job.missing(), since(start).toMillis() / 1000.0, hybrid.version()));
    } catch (java.util.concurrent.CancellationException e) {
      log.accept("embedding of corpus version " + lexical.version() + " stopped: a newer corpus replaced it");
    } catch (RuntimeException | OutOfMemoryError e) {
      if (base == null || base == lexical) {
        semanticFailed(gen, lexical, e);
      } else {
        fullPassFailed(gen, base, e);
      }
    } finally {
      vectorLock.unlock();
      done.complete(null);
    }
  }

  /**
   * The full pass failed after the quick one had swapped in {@code interim}: it keeps serving (it
   * beats words alone), and the status says so.
   */
  private void fullPassFailed(long gen, CorpusIndex interim, Throwable e) {
    if (generation.get() != gen) {
      return;
    }
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    SemanticStatus now = semantic;
    status(gen, new SemanticStatus(SemanticStatus.Phase.QUICK, now.withVectors(), interim.size(), why));
    log.accept("embedding the full texts of corpus version " + interim.version() + " failed: " + e
        + "; answering by words and quick meaning until the next reload");
  }

  /** Whether {@code job} (embedded in the background) starts with a quick pass. */
  private boolean quickPass(Vectorizer.Job job) {
    return job.missing() > quickAbove && job.offersQuick();
  }

  /**
   * The quick pass: {@code lexical} with interim vectors, swapped in for it with the status {@link
   * SemanticStatus.Phase#QUICK}; {@code null} when a newer corpus replaced it meanwhile.
   */
  private CorpusIndex quickPass(CorpusIndex lexical, Vectorizer.Job job, long gen, long start) {
    int n = lexical.size();
    int withFull = n - job.missing();
    status(gen, new SemanticStatus(SemanticStatus.Phase.EMBEDDING, withFull, n, "", 0, job.missing()));
    CorpusIndex interim =
        job.addQuickTo(lexical, versions.incrementAndGet(),
            (d, todo) -> status(gen, new SemanticStatus(SemanticStatus.Phase.EMBEDDING, withFull, n, "", d, todo)),
            () -> generation.get() != gen);
    if (!swap(lexical, interim, gen, new SemanticStatus(SemanticStatus.Phase.QUICK, withFull, n, ""))) {
      return null;
    }
    log.accept(String.format(java.util.Locale.ROOT,
        "words and quick meaning after %.1f s; embedding full texts %,d/%,d; corpus version %d answers by both meanwhile",
        since(start).toMillis() / 1000.0, withFull, n, interim.version()));
    return interim;
  }

  /**
   * Swaps {@code next} in for {@code serving} with the status {@code s} when generation {@code gen}
   * still serves, telling the swap listeners and closing {@code serving}; else closes {@code next}.
   */
  private boolean swap(CorpusIndex serving, CorpusIndex next, long gen, SemanticStatus s) {
    boolean swapped;
    synchronized (swapLock) {
      swapped = generation.get() == gen && current.compareAndSet(serving, next);
      if (swapped) {
        semantic = s;
      }
    }
    if (!swapped) {
      next.close();
      return false;
    }
    serving.close();
    swapListeners.forEach(Runnable::run);
    return true;
  }

  /** Progress of generation {@code gen}'s embedding, for the status. */
  private void embedded(long gen, int articles, int done, int todo) {
    status(gen, new SemanticStatus(SemanticStatus.Phase.EMBEDDING, articles - todo + done, articles, ""));
  }

  /** Sets the status, unless a newer corpus has replaced generation {@code gen}. */
  private void status(long gen, SemanticStatus s) {
    synchronized (swapLock) {
      if (generation.get() == gen) {
        semantic = s;
      }
    }
  }

  private void semanticFailed(long gen, CorpusIndex lexical, Throwable e) {
    if (generation.get() != gen) {
      return; // replaced or closed meanwhile: nobody waits for these vectors
    }
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    status(gen, new SemanticStatus(SemanticStatus.Phase.FAILED, 0, lexical.size(), why));
    log.accept("semantic matching unavailable for corpus version " + lexical.version() + ": " + e
        + "; answering by words alone until the next reload");
  }

  /**
   * The content's part of {@code /healthz}: ready once articles are served (by words at least),
   * with how many, the corpus version and where matching by meaning stands ({@code 100000 articles,
   * corpus version 1; semantic: embedding 12,000/100,000 ...}).
   */
  public org.studybot.ops.HealthCheck.Status health() {
    CorpusIndex index = current.get();
    if (index == null || index.size() == 0) {
      return new org.studybot.ops.HealthCheck.Status(false, "content not loaded yet");
    }
    SemanticStatus s = semantic;
    return new org.studybot.ops.HealthCheck.Status(true, index.size() + " articles, corpus version " + index.version()
        + (s.phase() == SemanticStatus.Phase.OFF ? "" : "; " + s.describe()));
  }

  /** Where matching by meaning stands for the latest corpus (see {@link SemanticStatus}). */
  public SemanticStatus semanticStatus() {
    return semantic;
  }

  /**
   * Waits until the corpus serving now has its vectors, or its embedding failed or was replaced by
   * a newer corpus's that is done too; returns at once when nothing is being embedded.
   */
  public void awaitVectors() throws InterruptedException {
    while (true) {
      CompletableFuture<Void> f = vectorsDone;
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        // completed normally always; nothing to report
      }
      if (f == vectorsDone) {
        return;
      }
    }
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
    synchronized (swapLock) {
      generation.incrementAndGet(); // a background embedding stops at its next batch
    }
    embedding.shutdownNow(); // and an embedder that waits (a test's gate) is interrupted
    for (AutoCloseable c : closeWith) {
      try {
        c.close();
      } catch (Exception e) {
        log.accept("closing " + c + ": " + e);
      }
    }
    reloader.shutdownNow();
    try {
      // The embedding thread ends (at its next batch, or failing its interrupted one) before the
      // files it writes under the data directory may go away.
      embedding.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    source.close();
    CorpusIndex index = current.getAndSet(null);
    if (index != null) {
      index.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

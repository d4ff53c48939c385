package org.studybot.semantic;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;

/**
 * Semantic matching, assembled: an embedder, the vector cache under the data directory, and what
 * the engine needs from them, an index builder that adds vectors and a {@link HybridMatcher}.
 * Thread-safe.
 */
public final class Semantic {
  /** The cache file, under the data directory. */
  public static final String CACHE_FILE = "vectors/article-vectors.bin";

  /** Native libraries unpack here, under the data directory. */
  public static final String NATIVE_DIR = "native";

  /** The vector index (HNSW graphs) is kept here, under the data directory. */
  public static final String INDEX_DIR = "vectors/index";

  private final ArticleVectors vectors;
  private final ArticleVectors quick;
  private final Path indexDir;
  private final Consumer<String> log;
  private volatile boolean indexInMemory;

  /** Semantic matching with {@code embedder}, its vectors cached in a file under {@code dataDir}. */
  public Semantic(Embedder embedder, Path dataDir, Consumer<String> log) {
    this(
        embedder,
        VectorCache.open(dataDir.resolve(CACHE_FILE), embedder.modelId(), embedder.dimension(), log),
        dataDir.resolve(INDEX_DIR),
        log);
  }

  /** Semantic matching with {@code embedder}, its vectors kept in {@code store}, the graphs under {@code indexDir}. */
  public Semantic(Embedder embedder, VectorStore store, Path indexDir, Consumer<String> log) {
    this.vectors = new ArticleVectors(embedder, store, log);
    this.quick = new ArticleVectors(embedder, store, log, ArticleVectors::quickText);
    this.indexDir = indexDir;
    this.log = log;
  }

  /** The embedder. */
  public Embedder embedder() {
    return vectors.embedder();
  }

  /**
   * Indexes {@code articles} with their vectors, embedding only those the cache lacks; the vector
   * index on disk is opened as it is when the texts are unchanged, else brought up to date (only
   * new texts are added to its graphs). When it cannot be used (say another process holds it),
   * the vectors are indexed in memory instead.
   */
  public CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress) {
    long start = System.nanoTime();
    ArticleVectors.Embedded e = vectors.embed(articles);
    long embedded = System.nanoTime();
    VectorIndex index = index(e, start, embedded);
    return CorpusIndex.build(articles, new IndexedVectors(e.vectors(), index), version, progress);
  }

  /**
   * Indexes {@code articles} with interim vectors only, every article's from its {@link
   * ArticleVectors#quickText}, in a vector index in memory: the state a cold start serves between
   * the quick pass and the full one, for {@code eval --quick} to measure.
   */
  public CorpusIndex buildInterim(List<Article> articles, long version, CorpusLoader.Progress progress) {
    // A checkpoint, not a save: the full recipe's vectors cached beside them stay.
    ArticleVectors.Embedded e = quick.complete(quick.plan(articles), ArticleVectors.Progress.NONE, () -> false, Set.of());
    return CorpusIndex.build(articles, new FlatVectors(e.vectors()), version, progress);
  }

  /** What the quick pass over {@code full}'s missing articles (of {@code articles}) takes. */
  public ArticleVectors.Plan planQuick(List<Article> articles, ArticleVectors.Plan full) {
    int[] missing = full.missingPositions();
    List<Article> subset = new java.util.ArrayList<>(missing.length);
    for (int i : missing) {
      subset.add(articles.get(i));
    }
    return quick.plan(subset);
  }

  /**
   * {@code lexical} with interim vectors, as a new index of {@code version}: the articles {@code
   * full} has a vector for keep it, the others get their quick recipe's vector ({@code quickPlan},
   * embedded now where the cache lacks it), all searched exactly ({@link FlatVectors}: no graph to
   * build; the index on disk holds full vectors only) and marked interim. {@code full} is left to embed its
   * missing articles next.
   *
   * @param quickPlan {@link #planQuick} of {@code full}
   * @throws java.util.concurrent.CancellationException when {@code cancelled} said so
   * @throws IllegalStateException when the model fails, or {@code lexical} was closed meanwhile
   */
  public CorpusIndex addQuickVectors(
      CorpusIndex lexical, ArticleVectors.Plan full, ArticleVectors.Plan quickPlan, long version,
      ArticleVectors.Progress progress, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    int[] missing = full.missingPositions();
    ArticleVectors.Embedded e = quick.complete(quickPlan, progress, cancelled, full.keys());
    long embedded = System.nanoTime();
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("a newer corpus replaced version " + lexical.version());
    }
    List<float[]> all = new java.util.ArrayList<>(full.size());
    for (int i = 0; i < full.size(); i++) {
      all.add(full.vector(i));
    }
    // The plan's missing positions are those the quick plan was made of, in the same order; a full
    // vector cached meanwhile (by another replica) is used as it is.
    for (int j = 0; j < missing.length; j++) {
      if (all.get(missing[j]) == null) {
        all.set(missing[j], e.vectors().get(j));
      }
    }
    log.accept(String.format(java.util.Locale.ROOT, "interim article vectors ready in %.1f s (%,d by the quick recipe)",
        (embedded - start) / 1e9, missing.length));
    return lexical.withVectors(new FlatVectors(all), version);
  }

  /** What giving {@code articles} their vectors takes: which the cache has, how many to embed. */
  public ArticleVectors.Plan plan(List<Article> articles) {
    return vectors.plan(articles);
  }

  /**
   * {@code lexical} with its vectors, as a new index of {@code version}: embeds what {@code plan}
   * misses (asking {@code cancelled} between batches), brings the vector index up to date, and
   * adds both to the words already indexed (see {@link CorpusIndex#withVectors}).
   *
   * @param plan the plan of {@code lexical}'s articles
   * @throws java.util.concurrent.CancellationException when {@code cancelled} said so
   * @throws IllegalStateException when the model fails, or {@code lexical} was closed meanwhile
   */
  public CorpusIndex addVectors(
      CorpusIndex lexical, ArticleVectors.Plan plan, long version, ArticleVectors.Progress progress,
      BooleanSupplier cancelled) {
    long start = System.nanoTime();
    ArticleVectors.Embedded e = vectors.complete(plan, progress, cancelled);
    long embedded = System.nanoTime();
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("a newer corpus replaced version " + lexical.version());
    }
    return lexical.withVectors(new IndexedVectors(e.vectors(), index(e, start, embedded)), version);
  }

  /**
   * Brings the vector cache and the vector index on disk up to date with {@code articles} and
   * leaves them there, for a later start to open as they are (a deploy step: replicas start warm).
   *
   * @return how many articles were embedded (those the cache lacked)
   * @throws java.io.UncheckedIOException when the index cannot be written (say a running bot holds
   *     its lock), naming the directory and, as the cause, why
   * @throws IllegalStateException when the model fails
   */
  public int index(List<Article> articles, ArticleVectors.Progress progress) {
    ArticleVectors.Plan plan = vectors.plan(articles);
    int missing = plan.missing();
    long start = System.nanoTime();
    ArticleVectors.Embedded e = vectors.complete(plan, progress, () -> false);
    long embedded = System.nanoTime();
    try (VectorIndex index = VectorIndex.update(indexDir, e.keys(), e.vectors(), embedder().modelId(), log)) {
      log.accept(String.format("article vectors ready in %.1f s, vector index in %.1f s (%d segment%s) in %s",
          (embedded - start) / 1e9, (System.nanoTime() - embedded) / 1e9, index.segments(),
          index.segments() == 1 ? "" : "s", indexDir));
    }
    return missing;
  }

  /**
   * The vector index on disk, brought up to date, or in memory when it cannot be used (say another
   * process holds it).
   */
  private VectorIndex index(ArticleVectors.Embedded e, long start, long embedded) {
    VectorIndex index;
    try {
      index = VectorIndex.update(indexDir, e.keys(), e.vectors(), embedder().modelId(), log);
    } catch (RuntimeException ex) {
      // Said once: a read-only or full data directory stays so from reload to reload.
      if (!indexInMemory) {
        log.accept("vector index " + indexDir + " is not usable (" + ex.getMessage() + "); indexing the vectors in memory");
      }
      indexInMemory = true;
      index = VectorIndex.inMemory(e.vectors());
    }
    int segments = index.segments();
    log.accept(String.format("article vectors ready in %.1f s, vector index in %.1f s (%d segment%s)",
        (embedded - start) / 1e9, (System.nanoTime() - embedded) / 1e9, segments, segments == 1 ? "" : "s"));
    return index;
  }

  /** The hybrid matcher over {@code lexical} and this embedder. */
  public HybridMatcher matcher(LexicalMatcher lexical, int maxQuestionChars) {
    return new HybridMatcher(lexical, embedder(), maxQuestionChars);
  }
}

package org.studybot.semantic;

import java.nio.file.Path;
import java.util.List;
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
    return CorpusIndex.build(articles, new IndexedVectors(e.vectors(), index), version, progress);
  }

  /** The hybrid matcher over {@code lexical} and this embedder. */
  public HybridMatcher matcher(LexicalMatcher lexical, int maxQuestionChars) {
    return new HybridMatcher(lexical, embedder(), maxQuestionChars);
  }
}

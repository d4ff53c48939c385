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

  private final ArticleVectors vectors;

  /** Semantic matching with {@code embedder}, its vectors cached under {@code dataDir}. */
  public Semantic(Embedder embedder, Path dataDir, Consumer<String> log) {
    VectorCache cache =
        VectorCache.open(dataDir.resolve(CACHE_FILE), embedder.modelId(), embedder.dimension(), log);
    this.vectors = new ArticleVectors(embedder, cache, log);
  }

  /**
   * Loads the MiniLM model (native libraries under {@code dataDir/native}).
   *
   * @throws UnsupportedOperationException on a platform whose native libraries are not packaged
   */
  public static Semantic open(Path dataDir, Consumer<String> log) {
    return new Semantic(MiniLmEmbedder.load(dataDir.resolve(NATIVE_DIR)), dataDir, log);
  }

  /** The embedder. */
  public Embedder embedder() {
    return vectors.embedder();
  }

  /** Indexes {@code articles} with their vectors, embedding only those the cache lacks. */
  public CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress) {
    return CorpusIndex.build(articles, vectors.of(articles), version, progress);
  }

  /** The hybrid matcher over {@code lexical} and this embedder. */
  public HybridMatcher matcher(LexicalMatcher lexical, int maxQuestionChars) {
    return new HybridMatcher(lexical, embedder(), maxQuestionChars);
  }
}

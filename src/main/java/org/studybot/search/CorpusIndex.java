package org.studybot.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/**
 * One corpus, indexed, as queries use it: a version, its articles ({@code Corpus}), their words
 * in a Lucene index ({@code LexicalIndex}) and, when built with them, their vectors behind the
 * {@link VectorSearch} port. Built once and never changed. Immutable and thread-safe.
 *
 * <p>A reload builds a new index and swaps it in; queries hold a {@link Lease}, and the old index
 * is closed (its Lucene memory and its vectors released) when the last lease on it ends.
 *
 * <p>Built with vectors, {@link Lease#nearest} finds the articles nearest to a question's vector
 * and {@link #similarity} tells one article's; built without, the index is lexical only and those
 * methods report that.
 */
public final class CorpusIndex implements AutoCloseable {

  /** A subject and how many articles it has. */
  public record Subject(String key, String name, int articles) {}

  /**
   * An article near a question's vector.
   *
   * @param article the article
   * @param doc its Lucene document number in the leased searcher
   * @param similarity the cosine similarity of the question's and the article's vectors
   */
  public record VectorHit(Article article, int doc, double similarity) {}

  private final Corpus corpus;
  private final LexicalIndex lexical;
  private final VectorSearch vectors;
  private final int[] docOfOrdinal;
  private final Map<String, VectorSearch.Filter> subjectFilters = new ConcurrentHashMap<>();
  private final long version;
  private final AtomicInteger leases = new AtomicInteger();
  private final AtomicBoolean retired = new AtomicBoolean();

  private CorpusIndex(Corpus corpus, LexicalIndex lexical, VectorSearch vectors, long version) {
    this.corpus = corpus;
    this.lexical = lexical;
    this.vectors = vectors;
    this.docOfOrdinal = vectors == null ? null : lexical.docsByOrdinal(corpus.size());
    this.version = version;
  }

  /**
   * Indexes {@code articles} on all cores, by their words alone. Ids must be unique (the loader
   * sees to it).
   *
   * @param version identifies this corpus in cache keys; a reload gets a new one
   * @param progress told how many articles are indexed
   */
  public static CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress) {
    return build(articles, null, version, progress);
  }

  /**
   * Indexes {@code articles} on all cores, with their vectors searched through {@code vectors}
   * (one per article, by ordinal); this index owns them and closes them, also when it cannot be
   * built.
   *
   * @param vectors the articles' vectors, or {@code null} for a lexical-only index
   * @throws IllegalArgumentException when the vectors do not match the articles
   */
  public static CorpusIndex build(
      List<Article> articles, VectorSearch vectors, long version, CorpusLoader.Progress progress) {
    try {
      if (vectors != null && vectors.size() != articles.size()) {
        throw new IllegalArgumentException(
            vectors.size() + " vectors for " + articles.size() + " articles: there must be one per article");
      }
      return new CorpusIndex(new Corpus(articles), LexicalIndex.build(articles, progress), vectors, version);
    } catch (RuntimeException e) {
      if (vectors != null) {
        vectors.close();
      }
      throw e;
    }
  }

  /**
   * This corpus with vectors added, as a new index of its own {@code version}: it shares this
   * index's words (no re-indexing: a second reader over the same in-memory index) and owns {@code
   * vectors}, closing them also when it cannot be built. Either index may be closed first. So a
   * corpus served by words alone while it is embedded switches to words and meaning by swapping in
   * the result, as a reload does.
   *
   * @throws IllegalArgumentException when the vectors do not match the articles
   * @throws IllegalStateException when this index is closed already (a newer corpus replaced it)
   */
  public CorpusIndex withVectors(VectorSearch vectors, long version) {
    boolean built = false;
    // The lease keeps the words open while the second reader opens.
    try (Lease lease = lease().orElseThrow(() -> new IllegalStateException("corpus version " + this.version + " is closed"))) {
      if (vectors.size() != size()) {
        throw new IllegalArgumentException(
            vectors.size() + " vectors for " + size() + " articles: there must be one per article");
      }
      CorpusIndex out = new CorpusIndex(corpus, lexical.reopen(), vectors, version);
      built = true;
      return out;
    } finally {
      if (!built) {
        vectors.close();
      }
    }
  }

  /** The articles, in load order. */
  public List<Article> articles() {
    return corpus.articles();
  }

  /** The article with this id, if loaded. */
  public Optional<Article> byId(String id) {
    return corpus.byId(id);
  }

  /** The subjects by key ({@code computer-science}), sorted by key. */
  public Map<String, Subject> subjects() {
    return corpus.subjects();
  }

  /** This corpus's version: different for every build. */
  public long version() {
    return version;
  }

  /** How many articles are indexed. */
  public int size() {
    return corpus.size();
  }

  /** The article stored at an index ordinal. */
  Article article(int ord) {
    return corpus.article(ord);
  }

  /** The words' index, for the lexical matcher. */
  LexicalIndex lexical() {
    return lexical;
  }

  /**
   * The length in words of an article of this corpus as its words were indexed (stop words left
   * out); 0 when the article is not in it.
   */
  public int length(Article a) {
    int ord = corpus.ordinal(a.id());
    return ord < 0 ? 0 : lexical.length(ord);
  }

  /** Whether this index holds a vector per article. */
  public boolean hasVectors() {
    return vectors != null;
  }

  /** Whether this index's vectors are interim ones ({@link VectorSearch#interim}); false without vectors. */
  public boolean interimVectors() {
    return vectors != null && vectors.interim();
  }

  /**
   * The cosine similarity of an article of this corpus and {@code query}; empty when the article
   * is not in it.
   *
   * @throws IllegalStateException when the index has no vectors
   */
  public OptionalDouble similarity(Article a, float[] query) {
    VectorSearch v = requireVectors();
    int ord = corpus.ordinal(a.id());
    return ord < 0 ? OptionalDouble.empty() : OptionalDouble.of(v.similarity(ord, query));
  }

  private VectorSearch requireVectors() {
    if (vectors == null) {
      throw new IllegalStateException("this index was built without vectors");
    }
    return vectors;
  }

  /**
   * Takes a lease on the searcher, or returns empty when this index has been closed (the caller
   * then takes the current one). The lease must be closed.
   */
  public Optional<Lease> lease() {
    // A retired index takes no new queries, so steady traffic cannot keep it alive forever.
    if (retired.get() || !lexical.reader().tryIncRef()) {
      return Optional.empty();
    }
    leases.incrementAndGet();
    return Optional.of(new Lease());
  }

  /** Leases not yet closed (for tests and stats). */
  public int openLeases() {
    return leases.get();
  }

  /** Whether the Lucene reader has been released for good. */
  public boolean isReleased() {
    return lexical.reader().getRefCount() == 0;
  }

  /**
   * Retires the index: no new leases, and its own reference is given up, so the reader closes when
   * the last lease ends. Closing again does nothing.
   */
  @Override
  public void close() {
    if (!retired.compareAndSet(false, true)) {
      return; // a second decRef would take a running query's reference
    }
    decRef(); // with no lease open, this frees the index's memory: nothing else would
  }

  /** Gives up one reference on the reader, and frees the index when it was the last. */
  private void decRef() {
    DirectoryReader reader = lexical.reader();
    try {
      reader.decRef();
      if (reader.getRefCount() == 0) {
        release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Frees the index's memory and its vectors, once no reader is left. */
  private void release() throws IOException {
    try {
      lexical.release();
    } finally {
      if (vectors != null) {
        vectors.close();
      }
    }
  }

  /** A query's hold on the searcher: while open, the reader stays open. */
  public final class Lease implements AutoCloseable {
    private boolean closed;

    private Lease() {}

    /** The searcher over the leased index. */
    public IndexSearcher searcher() {
      return lexical.searcher();
    }

    /** The index this lease holds. */
    public CorpusIndex index() {
      return CorpusIndex.this;
    }

    /**
     * The {@code k} articles whose vectors are nearest to {@code query} (approximate), best first.
     *
     * @param subjectKey only this subject, or {@code null} for all
     * @throws IllegalStateException when the index has no vectors
     */
    public List<VectorHit> nearest(float[] query, String subjectKey, int k) {
      VectorSearch v = requireVectors();
      if (k <= 0) {
        return List.of();
      }
      VectorSearch.Filter filter =
          subjectKey == null ? null : subjectFilters.computeIfAbsent(subjectKey, s -> v.filter(corpus.ordinalsOf(s)));
      List<VectorSearch.Neighbour> near = v.nearest(query, k, filter);
      List<VectorHit> hits = new ArrayList<>(near.size());
      for (VectorSearch.Neighbour n : near) {
        hits.add(new VectorHit(corpus.article(n.ordinal()), docOfOrdinal[n.ordinal()], n.similarity()));
      }
      return hits;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      leases.decrementAndGet();
      decRef();
    }
  }
}

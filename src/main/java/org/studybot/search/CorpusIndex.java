package org.studybot.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.content.Slugs;

/**
 * One corpus, indexed: the articles and an in-memory Lucene index over them, built once and never
 * changed. Immutable and thread-safe.
 *
 * <p>Each article is one document with a single analyzed field holding all of its text (title,
 * question, description, keywords, answer): measured, that beats giving short fields their own
 * boosts, whose question words crowd out the content words. A reload builds a new index and swaps
 * it in; queries hold a {@link Lease}, and the old index is closed when the last lease on it ends.
 *
 * <p>Built with vectors (one sentence embedding per article), the index also has a {@link
 * VectorIndex} beside it (its own Lucene index: an HNSW graph over the vectors, possibly kept on
 * disk between runs) searched by {@link Lease#nearest}; built without, the index is
 * lexical only and the vector methods report that.
 */
public final class CorpusIndex implements AutoCloseable {
  static final String ALL = "all";
  static final String HEAD = "head";
  static final String SUBJECT = "subject";
  static final String ORD = "ord";

  /** BM25's term-frequency saturation: Lucene's default. */
  static final float BM25_K1 = 1.2f;

  /**
   * BM25's length normalisation, lower than Lucene's 0.75: with thousands of one-line articles
   * loaded, full normalisation let a single shared word in a short article outscore a long article
   * that covers the whole question (measured: 5,000 dictionary distractors, in-scope 87.4 % at
   * 0.75, 93.4 % at 0.3; unchanged without them). Read at search time, so the index is unchanged.
   */
  static final float BM25_B = 0.3f;

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

  private final List<Article> articles;
  private final Map<String, Article> byId;
  private final Map<String, Subject> subjects;
  private final long version;
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  // Spelling corrections worked out for this corpus: a look-up walks the term dictionary, and
  // students repeat their misspellings. "" records that a word has no correction.
  private final com.github.benmanes.caffeine.cache.Cache<String, String> corrections =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(20_000).build();
  private final AtomicInteger leases = new AtomicInteger();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final List<float[]> vectors;
  private final Map<String, Integer> ordinals;
  private final VectorIndex vectorIndex;
  private final int[] docOfOrdinal;
  private final Map<String, Query> subjectFilters = new ConcurrentHashMap<>();
  // Indexes sharing the in-memory directory (see withVectors): the last one released closes it.
  private final AtomicInteger directoryUsers;

  private CorpusIndex(
      List<Article> articles,
      List<float[]> vectors,
      VectorIndex vectorIndex,
      long version,
      Directory directory,
      DirectoryReader reader,
      AtomicInteger directoryUsers)
      throws IOException {
    this.directoryUsers = directoryUsers;
    this.articles = List.copyOf(articles);
    this.vectors = vectors == null ? null : List.copyOf(vectors);
    this.vectorIndex = vectorIndex;
    Map<String, Integer> ords = new HashMap<>(articles.size() * 2);
    for (int i = 0; vectors != null && i < articles.size(); i++) {
      ords.put(articles.get(i).id(), i);
    }
    this.docOfOrdinal = vectors == null ? null : docsByOrdinal(reader, articles.size());
    this.ordinals = Collections.unmodifiableMap(ords);
    Map<String, Article> ids = new HashMap<>(articles.size() * 2);
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> keys = new HashMap<>(); // subject name -> key, computed once each
    for (Article a : articles) {
      ids.put(a.id(), a);
      String key = keys.computeIfAbsent(a.subject(), Slugs::subject);
      names.putIfAbsent(key, a.subject());
      counts.merge(key, 1, Integer::sum);
    }
    Map<String, Subject> subjectMap = new TreeMap<>();
    names.forEach((key, name) -> subjectMap.put(key, new Subject(key, name, counts.get(key))));
    this.byId = Collections.unmodifiableMap(ids);
    this.subjects = Collections.unmodifiableMap(subjectMap);
    this.version = version;
    this.directory = directory;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.searcher.setSimilarity(new BM25Similarity(BM25_K1, BM25_B));
  }

  /**
   * Indexes {@code articles} on all cores. Ids must be unique (the loader sees to it).
   *
   * @param version identifies this corpus in cache keys; a reload gets a new one
   * @param progress told how many articles are indexed
   */
  public static CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress) {
    return build(articles, null, version, progress);
  }

  /**
   * Indexes {@code articles} with their vectors on all cores: as {@link #build(List, long,
   * CorpusLoader.Progress)}, plus each article's vector for {@link Lease#nearest}.
   *
   * @param vectors one per article, in order, all of one length; {@code null} for a lexical-only
   *     index
   * @throws IllegalArgumentException when the vectors do not match the articles
   */
  public static CorpusIndex build(
      List<Article> articles, List<float[]> vectors, long version, CorpusLoader.Progress progress) {
    if (vectors != null) {
      checkVectors(articles, vectors);
    }
    return build(articles, vectors, vectors == null ? null : VectorIndex.inMemory(vectors), version, progress);
  }

  /**
   * Indexes {@code articles} with their vectors, searched in {@code vectorIndex} (built by the
   * caller, for example kept on disk between runs); this index owns and closes it.
   *
   * @param vectors one per article, in order, all of one length; {@code null} for a lexical-only
   *     index (and then {@code vectorIndex} is {@code null} too)
   * @throws IllegalArgumentException when the vectors do not match the articles
   */
  public static CorpusIndex build(
      List<Article> articles,
      List<float[]> vectors,
      VectorIndex vectorIndex,
      long version,
      CorpusLoader.Progress progress) {
    if (vectors != null) {
      checkVectors(articles, vectors);
    }
    if ((vectors == null) != (vectorIndex == null)) {
      throw new IllegalArgumentException("vectors and a vector index go together: give both or neither");
    }
    Directory dir = new ByteBuffersDirectory();
    StudyAnalyzer analyzer = new StudyAnalyzer();
    IndexWriterConfig iwc = new IndexWriterConfig(analyzer);
    iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    iwc.setRAMBufferSizeMB(256);
    iwc.setCommitOnClose(true);
    AtomicInteger done = new AtomicInteger();
    int total = articles.size();
    Map<String, String> subjectKeys = new ConcurrentHashMap<>();
    try (IndexWriter writer = new IndexWriter(dir, iwc)) {
      IntStream.range(0, total)
          .parallel()
          .forEach(
              i -> {
                try {
                  writer.addDocument(document(articles.get(i), i, analyzer, subjectKeys));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                int n = done.incrementAndGet();
                if (n % 5000 == 0 || n == total) {
                  progress.update(n, total);
                }
              });
      writer.commit();
      return new CorpusIndex(
          articles, vectors, vectorIndex, version, dir, DirectoryReader.open(dir), new AtomicInteger(1));
    } catch (IOException e) {
      if (vectorIndex != null) {
        vectorIndex.close();
      }
      throw new UncheckedIOException("cannot build the in-memory index", e);
    }
  }

  /**
   * This corpus with vectors added, as a new index of its own {@code version}: it shares this
   * index's words (no re-indexing: a second reader over the same in-memory index) and owns {@code
   * vectorIndex}. Either may be closed first; the words are freed when both are released. So a
   * corpus served by words alone while it is embedded switches to words and meaning by swapping in
   * the result, as a reload does.
   *
   * @param vectors one per article, in order, all of one length
   * @throws IllegalArgumentException when the vectors do not match the articles
   * @throws IllegalStateException when this index is closed already (a newer corpus replaced it)
   */
  public CorpusIndex withVectors(List<float[]> vectors, VectorIndex vectorIndex, long version) {
    boolean done = false;
    // The lease keeps the words open while the second reader opens.
    try (Lease lease = lease().orElseThrow(() -> new IllegalStateException("corpus version " + this.version + " is closed"))) {
      checkVectors(articles, vectors);
      directoryUsers.incrementAndGet();
      try {
        CorpusIndex out = new CorpusIndex(
            articles, vectors, vectorIndex, version, directory, DirectoryReader.open(directory), directoryUsers);
        done = true;
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot reopen the in-memory index", e);
      } finally {
        if (!done) {
          directoryUsers.decrementAndGet();
        }
      }
    } finally {
      if (!done) {
        vectorIndex.close(); // owned, as by build
      }
    }
  }

  /** Each article ordinal's document number, read from the ordinal doc values. */
  private static int[] docsByOrdinal(DirectoryReader reader, int count) throws IOException {
    int[] out = new int[count];
    java.util.Arrays.fill(out, -1);
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues ords = leaf.reader().getNumericDocValues(ORD);
      if (ords == null) {
        continue;
      }
      for (int d = ords.nextDoc(); d != NumericDocValues.NO_MORE_DOCS; d = ords.nextDoc()) {
        out[(int) ords.longValue()] = leaf.docBase + d;
      }
    }
    return out;
  }

  private static void checkVectors(List<Article> articles, List<float[]> vectors) {
    if (vectors.size() != articles.size()) {
      throw new IllegalArgumentException(
          vectors.size() + " vectors for " + articles.size() + " articles: there must be one per article");
    }
    int dim = vectors.isEmpty() ? 0 : vectors.get(0).length;
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      if (v == null || v.length != dim || dim == 0) {
        throw new IllegalArgumentException(
            "vector of article " + articles.get(i).id() + " has length " + (v == null ? "null" : v.length)
                + ", expected every vector to have the same non-zero length " + dim);
      }
    }
  }

  /**
   * Analyzed text fields without positions: every query is a bag of term queries scored by BM25,
   * which needs only frequencies and norms, so positions would cost indexing time and memory for
   * nothing.
   */
  static final FieldType TERMS_AND_FREQS = terms(IndexOptions.DOCS_AND_FREQS, false);

  /**
   * Fields only ever looked up, never scored ({@value StudyAnalyzer#SURFACE}: its vocabulary and
   * document frequencies for spelling corrections; {@value #HEAD}: whether a hit contains a term):
   * no frequencies, no norms.
   */
  static final FieldType TERMS_ONLY = terms(IndexOptions.DOCS, true);

  private static FieldType terms(IndexOptions options, boolean omitNorms) {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(false);
    t.setIndexOptions(options);
    t.setOmitNorms(omitNorms);
    t.freeze();
    return t;
  }

  private static Document document(Article a, int ord, Analyzer analyzer, Map<String, String> subjectKeys)
      throws IOException {
    Document doc = new Document();
    // Slugs.subject normalises and runs regexes; a corpus has a handful of subject names.
    doc.add(new StringField(SUBJECT, subjectKeys.computeIfAbsent(a.subject(), Slugs::subject), Field.Store.NO));
    doc.add(new NumericDocValuesField(ORD, ord));
    // The whole text is tokenized once: the stemmed field is the surface words stemmed (the
    // analyzer's two chains differ only by the final stemmer), which halves the indexing work.
    Words words = Words.of(analyzer, searchText(a));
    doc.add(new Field(ALL, new PorterStemFilter(words.replay()), TERMS_AND_FREQS));
    doc.add(new Field(HEAD, headText(a), TERMS_ONLY));
    doc.add(new Field(StudyAnalyzer.SURFACE, words.replay(), TERMS_ONLY));
    return doc;
  }

  /**
   * An article's surface words, analyzed once and kept in one character array (a String per word
   * would be tens of millions of objects for a large corpus).
   */
  private record Words(char[] chars, int[] ends, int count) {
    static Words of(Analyzer analyzer, String text) throws IOException {
      char[] chars = new char[Math.max(16, text.length())];
      int[] ends = new int[Math.max(16, text.length() / 4)];
      int used = 0;
      int count = 0;
      try (TokenStream ts = analyzer.tokenStream(StudyAnalyzer.SURFACE, text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          int len = term.length();
          if (used + len > chars.length) {
            chars = java.util.Arrays.copyOf(chars, Math.max(chars.length * 2, used + len));
          }
          if (count == ends.length) {
            ends = java.util.Arrays.copyOf(ends, ends.length * 2);
          }
          System.arraycopy(term.buffer(), 0, chars, used, len);
          used += len;
          ends[count++] = used;
        }
        ts.end();
      }
      return new Words(chars, ends, count);
    }

    /** A token stream playing the words back, one token each. */
    TokenStream replay() {
      return new TokenStream() {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private int next;

        @Override
        public boolean incrementToken() {
          if (next >= count) {
            return false;
          }
          clearAttributes();
          int start = next == 0 ? 0 : ends[next - 1];
          term.copyBuffer(chars, start, ends[next] - start);
          next++;
          return true;
        }

        @Override
        public void reset() throws IOException {
          super.reset();
          next = 0;
        }
      };
    }
  }

  /**
   * What the article says it is about: title, question, subject, description and keywords. Not
   * searched on its own (short fields overweight question words); a question whose rare words
   * appear here is more surely on this article's topic, which the confidence uses.
   */
  static String headText(Article a) {
    return a.title() + "\n" + a.question() + "\n" + a.subject() + "\n" + a.description() + "\n"
        + String.join(", ", a.keywords());
  }

  /** All the text of an article that a question may match. */
  static String searchText(Article a) {
    StringBuilder sb = new StringBuilder(a.answer().length() + 512);
    sb.append(a.title()).append('\n');
    if (!a.question().equals(a.title())) {
      sb.append(a.question()).append('\n');
    }
    sb.append(a.subject()).append('\n');
    sb.append(a.description()).append('\n');
    sb.append(String.join(", ", a.keywords())).append('\n');
    // The markup characters are word breaks to the tokenizer, so the answer can go in as it is.
    sb.append(a.answer());
    return sb.toString();
  }

  /**
   * The spelling correction of {@code word} in this corpus, worked out by {@code lookUp} the first
   * time it is asked for; {@code null} when there is none.
   */
  String correction(String word, java.util.function.Function<String, String> lookUp) {
    String fix = corrections.get(word, w -> {
      String found = lookUp.apply(w);
      return found == null ? "" : found;
    });
    return fix.isEmpty() ? null : fix;
  }

  /** The articles, in load order. */
  public List<Article> articles() {
    return articles;
  }

  /** The article with this id, if loaded. */
  public Optional<Article> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The subjects by key ({@code computer-science}), sorted by key. */
  public Map<String, Subject> subjects() {
    return subjects;
  }

  /** This corpus's version: different for every build. */
  public long version() {
    return version;
  }

  /** How many articles are indexed. */
  public int size() {
    return articles.size();
  }

  /**
   * Takes a lease on the searcher, or returns empty when this index has been closed (the caller
   * then takes the current one). The lease must be closed.
   */
  public Optional<Lease> lease() {
    // A retired index takes no new queries, so steady traffic cannot keep it alive forever.
    if (retired.get() || !reader.tryIncRef()) {
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
    return reader.getRefCount() == 0;
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
    try {
      reader.decRef();
      if (reader.getRefCount() == 0) {
        release(); // no lease was open: nothing else will free the index's memory
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Frees the index's memory and its vector index, once no reader is left. */
  private void release() throws IOException {
    try {
      if (directoryUsers.decrementAndGet() == 0) {
        directory.close();
      }
    } finally {
      if (vectorIndex != null) {
        vectorIndex.close();
      }
    }
  }

  /** A query's hold on the searcher: while open, the reader stays open. */
  public final class Lease implements AutoCloseable {
    private boolean closed;

    private Lease() {}

    /** The searcher over the leased index. */
    public IndexSearcher searcher() {
      return searcher;
    }

    /** The index this lease holds. */
    public CorpusIndex index() {
      return CorpusIndex.this;
    }

    /**
     * The {@code k} articles whose vectors are nearest to {@code query} (approximate, by the HNSW
     * graph), best first.
     *
     * @param subjectKey only this subject, or {@code null} for all
     * @throws IllegalStateException when the index has no vectors
     */
    public List<VectorHit> nearest(float[] query, String subjectKey, int k) {
      if (vectors == null) {
        throw new IllegalStateException("this index was built without vectors");
      }
      if (k <= 0) {
        return List.of();
      }
      try {
        Query filter = subjectKey == null ? null : subjectFilters.computeIfAbsent(subjectKey, this::subjectFilter);
        List<VectorIndex.Hit> near = vectorIndex.nearest(query, k, filter);
        List<VectorHit> hits = new ArrayList<>(near.size());
        for (VectorIndex.Hit h : near) {
          int ord = h.article();
          float[] v = vectors.get(ord);
          double dot = 0;
          for (int i = 0; i < v.length; i++) {
            dot += v[i] * query[i];
          }
          hits.add(new VectorHit(articles.get(ord), docOfOrdinal[ord], dot));
        }
        return hits;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The vector filter of a subject: its articles' texts. */
    private Query subjectFilter(String subjectKey) {
      int[] ords =
          IntStream.range(0, articles.size())
              .filter(i -> Slugs.subject(articles.get(i).subject()).equals(subjectKey))
              .toArray();
      return vectorIndex.filter(ords);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      leases.decrementAndGet();
      try {
        reader.decRef();
        if (reader.getRefCount() == 0) {
          release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The article stored at an index ordinal. */
  Article article(int ord) {
    return articles.get(ord);
  }

  /** Whether this index holds a vector per article. */
  public boolean hasVectors() {
    return vectors != null;
  }

  /**
   * The vector of an article of this corpus.
   *
   * @throws IllegalStateException when the index has no vectors
   */
  public Optional<float[]> vector(Article a) {
    if (vectors == null) {
      throw new IllegalStateException("this index was built without vectors");
    }
    Integer ord = ordinals.get(a.id());
    return ord == null ? Optional.empty() : Optional.of(vectors.get(ord));
  }

}

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
import org.apache.lucene.search.IndexSearcher;
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
 */
public final class CorpusIndex implements AutoCloseable {
  static final String ALL = "all";
  static final String HEAD = "head";
  static final String SUBJECT = "subject";
  static final String ORD = "ord";

  /** A subject and how many articles it has. */
  public record Subject(String key, String name, int articles) {}

  private final List<Article> articles;
  private final Map<String, Article> byId;
  private final Map<String, Subject> subjects;
  private final long version;
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final AtomicInteger leases = new AtomicInteger();
  private final AtomicBoolean retired = new AtomicBoolean();

  private CorpusIndex(List<Article> articles, long version, Directory directory, DirectoryReader reader) {
    this.articles = List.copyOf(articles);
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
  }

  /**
   * Indexes {@code articles} on all cores. Ids must be unique (the loader sees to it).
   *
   * @param version identifies this corpus in cache keys; a reload gets a new one
   * @param progress told how many articles are indexed
   */
  public static CorpusIndex build(List<Article> articles, long version, CorpusLoader.Progress progress) {
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
      return new CorpusIndex(articles, version, dir, DirectoryReader.open(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory index", e);
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
    List<String> words = surfaceWords(analyzer, searchText(a));
    doc.add(new Field(ALL, new PorterStemFilter(new Replay(words)), TERMS_AND_FREQS));
    doc.add(new Field(HEAD, headText(a), TERMS_ONLY));
    doc.add(new Field(StudyAnalyzer.SURFACE, new Replay(words), TERMS_ONLY));
    return doc;
  }

  private static List<String> surfaceWords(Analyzer analyzer, String text) throws IOException {
    List<String> out = new ArrayList<>(text.length() / 8);
    try (TokenStream ts = analyzer.tokenStream(StudyAnalyzer.SURFACE, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }

  /** Plays back words analyzed earlier, one token each. */
  private static final class Replay extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final List<String> words;
    private int next;

    Replay(List<String> words) {
      this.words = words;
    }

    @Override
    public boolean incrementToken() {
      if (next >= words.size()) {
        return false;
      }
      clearAttributes();
      term.setEmpty().append(words.get(next++));
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
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

  /**
   * The subject a user named: by name or slug in any case ({@code Computer Science}, {@code
   * computer-science}); else by shorthand, when exactly one subject fits: its words' beginnings
   * ({@code comp sci}, {@code cs}, {@code math}, {@code bio}), or its name inside what was typed
   * ({@code social psychology}).
   */
  public Optional<Subject> subject(String typed) {
    String key = Slugs.subject(typed);
    Subject exact = subjects.get(key);
    if (exact != null || key.isEmpty()) {
      return Optional.ofNullable(exact);
    }
    String[] words = key.split("-");
    Optional<Subject> byPrefix = unique(s -> prefixes(words, s.key().split("-")));
    if (byPrefix.isPresent()) {
      return byPrefix;
    }
    if (words.length == 1 && words[0].length() <= 4) {
      // "cs": the initials of "computer science"
      String[] letters = words[0].split("");
      Optional<Subject> byInitials = unique(s -> prefixes(letters, s.key().split("-")));
      if (byInitials.isPresent()) {
        return byInitials;
      }
    }
    String padded = "-" + key + "-";
    return unique(s -> padded.contains("-" + s.key() + "-"));
  }

  private Optional<Subject> unique(java.util.function.Predicate<Subject> test) {
    List<Subject> found = subjects.values().stream().filter(test).limit(2).toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /** Whether each typed word begins the subject word in the same place. */
  private static boolean prefixes(String[] typed, String[] subjectWords) {
    if (typed.length != subjectWords.length) {
      return false;
    }
    for (int i = 0; i < typed.length; i++) {
      if (typed[i].isEmpty() || !subjectWords[i].startsWith(typed[i])) {
        return false;
      }
    }
    return true;
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
        directory.close(); // no lease was open: nothing else will free the index's memory
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
          directory.close();
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

  /** Article ids in load order (for tooling). */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(articles.size());
    articles.forEach(a -> ids.add(a.id()));
    return ids;
  }
}

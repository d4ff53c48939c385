package org.studybot.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/**
 * The words of one corpus in an in-memory Lucene index ({@link Documents}: one document per
 * article), built on all cores, searched by BM25, never changed. Immutable and thread-safe; the
 * reader's references are counted by the {@link CorpusIndex} that owns it.
 */
final class LexicalIndex {
  /**
   * BM25's term-frequency saturation, a little above Lucene's 1.2: a word an article explains
   * (names several times) counts for more than one it mentions once, which with the low length
   * normalisation below favours the article that is about the question's words. Measured with
   * {@code RankDump} (src/bench) on the evaluation set: in-scope ranked first 471 → 471 of 484 and
   * held-out 56 → 58 of 60 at 1.5 (1.4 to 1.7 alike; 2 starts to lose), the dictionary articles'
   * loss it brings made up by the hybrid matcher's length prior.
   */
  static final float BM25_K1 = 1.5f;

  /**
   * BM25's length normalisation, lower than Lucene's 0.75: with thousands of one-line articles
   * loaded, full normalisation let a single shared word in a short article outscore a long article
   * that covers the whole question (measured: 5,000 dictionary distractors, in-scope 87.4 % at
   * 0.75, 93.4 % at 0.3; unchanged without them). Read at search time, so the index is unchanged.
   */
  static final float BM25_B = 0.3f;

  private final Directory directory;
  private final int[] lengths;
  private final Initialisms initialisms;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  // Spelling corrections worked out for this corpus: a look-up walks the term dictionary, and
  // students repeat their misspellings. "" records that a word has no correction.
  private final Cache<String, String> corrections = Caffeine.newBuilder().maximumSize(20_000).build();
  // Indexes reading the same directory (see reopen): the last one released closes it.
  private final AtomicInteger users;

  private LexicalIndex(
      Directory directory, int[] lengths, Initialisms initialisms, DirectoryReader reader, AtomicInteger users) {
    this.directory = directory;
    this.lengths = lengths;
    this.initialisms = initialisms;
    this.users = users;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.searcher.setSimilarity(new BM25Similarity(BM25_K1, BM25_B));
  }

  /**
   * Indexes {@code articles} on all cores, each under its ordinal.
   *
   * @param progress told how many articles are indexed
   * @throws UncheckedIOException when the index cannot be built
   */
  static LexicalIndex build(List<Article> articles, CorpusLoader.Progress progress) {
    Directory dir = new ByteBuffersDirectory();
    StudyAnalyzer analyzer = new StudyAnalyzer();
    IndexWriterConfig iwc = new IndexWriterConfig(analyzer);
    iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    iwc.setRAMBufferSizeMB(256);
    iwc.setCommitOnClose(true);
    AtomicInteger done = new AtomicInteger();
    int total = articles.size();
    Map<String, String> subjectKeys = new ConcurrentHashMap<>();
    int[] lengths = new int[total];
    Initialisms initialisms = new Initialisms();
    try (IndexWriter writer = new IndexWriter(dir, iwc)) {
      IntStream.range(0, total)
          .parallel()
          .forEach(
              i -> {
                try {
                  writer.addDocument(Documents.of(articles.get(i), i, analyzer, subjectKeys, lengths));
                  initialisms.learn(Documents.headText(articles.get(i)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                int n = done.incrementAndGet();
                if (n % 5000 == 0 || n == total) {
                  progress.update(n, total);
                }
              });
      writer.commit();
      return new LexicalIndex(dir, lengths, initialisms, DirectoryReader.open(dir), new AtomicInteger(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory index", e);
    }
  }

  /** The length in words of the article at {@code ord}, as BM25 counts it (stop words left out). */
  int length(int ord) {
    return lengths[ord];
  }

  /** The reader (its references are counted by the owning index). */
  DirectoryReader reader() {
    return reader;
  }

  /** The BM25 searcher over the reader. */
  IndexSearcher searcher() {
    return searcher;
  }

  /** Each article ordinal's document number ({@code -1} if absent), read from the ordinal doc values. */
  int[] docsByOrdinal(int count) {
    int[] out = new int[count];
    Arrays.fill(out, -1);
    try {
      for (LeafReaderContext leaf : reader.leaves()) {
        NumericDocValues ords = leaf.reader().getNumericDocValues(Documents.ORD);
        if (ords == null) {
          continue;
        }
        for (int d = ords.nextDoc(); d != NumericDocValues.NO_MORE_DOCS; d = ords.nextDoc()) {
          out[(int) ords.longValue()] = leaf.docBase + d;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The words of the name the corpus spells {@code word} the initialism of ("fdr": franklin,
   * roosevelt), or an empty list (see {@link Initialisms}).
   */
  List<String> initialism(String word) {
    return initialisms.expand(word);
  }

  /**
   * The spelling correction of {@code word} in this corpus, worked out by {@code lookUp} the first
   * time it is asked for; {@code null} when there is none.
   */
  String correction(String word, Function<String, String> lookUp) {
    String fix = corrections.get(word, w -> {
      String found = lookUp.apply(w);
      return found == null ? "" : found;
    });
    return fix.isEmpty() ? null : fix;
  }

  /**
   * The same words under a reader of their own (no re-indexing), for another {@link CorpusIndex}
   * with its own references; the memory is freed when both are released. The caller must hold a
   * reference on this one's reader meanwhile.
   *
   * @throws UncheckedIOException when the reader cannot be opened
   */
  LexicalIndex reopen() {
    users.incrementAndGet();
    try {
      return new LexicalIndex(directory, lengths, initialisms, DirectoryReader.open(directory), users);
    } catch (IOException | RuntimeException e) {
      users.decrementAndGet();
      throw e instanceof IOException io ? new UncheckedIOException("cannot reopen the in-memory index", io)
          : (RuntimeException) e;
    }
  }

  /** Frees the index's memory once no reader reference is left (of this and every {@link #reopen}ed one). */
  void release() throws IOException {
    if (users.decrementAndGet() == 0) {
      directory.close();
    }
  }
}

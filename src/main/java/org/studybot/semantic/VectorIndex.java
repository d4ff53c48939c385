package org.studybot.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.studybot.files.PrivateFiles;

/**
 * A corpus's article vectors in a Lucene index of their own (one HNSW graph per segment), searched
 * for nearest neighbours. Immutable and thread-safe once built; {@link #close} when done.
 *
 * <p>Each document is one distinct embedded text, keyed by its hash, so articles with the same
 * text share a document. Kept on disk ({@link #update}), the index survives restarts: an unchanged
 * corpus opens it as it is, and a changed one only deletes the texts that left and adds, in a new
 * segment, the texts that came; building the graph for 100,000 vectors takes minutes on two cores,
 * opening it a fraction of a second. Segments are never merged (a merge would rebuild the graph
 * in the background); when there are too many, or too many deleted documents, the index is built
 * again from scratch. The model and graph settings are recorded in the commit, and an index
 * recorded with others, or one that cannot be read, is built again.
 */
final class VectorIndex implements AutoCloseable {
  static final String KEY = "key";
  static final String VECTOR = "vector";

  /** Graph settings: neighbours per node and the candidate list while building, measured. */
  static final int MAX_CONN = 16;

  static final int BEAM_WIDTH = 100;

  /** Recorded in each commit; a different value means the index must be built again. */
  static final String FORMAT = "hnsw-f32-dot/" + MAX_CONN + "/" + BEAM_WIDTH + "/1";

  /** Rebuilt from scratch above this many segments (each costs a graph search per query). */
  static final int MAX_SEGMENTS = 8;

  /** Rebuilt from scratch when more than this share of documents is deleted. */
  static final double MAX_DELETED = 0.25;

  private static final String MODEL = "model";
  private static final String FORMAT_KEY = "format";

  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] docOfArticle;
  private final int[][] articlesOfDoc;

  private VectorIndex(Directory directory, DirectoryReader reader, List<String> keys) throws IOException {
    this.directory = directory;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    // Only the graph is searched: no query cache needed, none wanted across reloads.
    this.searcher.setQueryCache(null);
    Map<String, Integer> docs = liveKeys(reader);
    this.docOfArticle = new int[keys.size()];
    int[] perDoc = new int[reader.maxDoc()];
    for (int i = 0; i < keys.size(); i++) {
      Integer doc = docs.get(keys.get(i));
      if (doc == null) {
        throw new IllegalStateException("vector index lacks the vector of article " + i + " (key " + keys.get(i) + ")");
      }
      docOfArticle[i] = doc;
      perDoc[doc]++;
    }
    this.articlesOfDoc = new int[reader.maxDoc()][];
    for (int d = 0; d < perDoc.length; d++) {
      articlesOfDoc[d] = new int[perDoc[d]];
      perDoc[d] = 0;
    }
    for (int i = 0; i < keys.size(); i++) {
      int d = docOfArticle[i];
      articlesOfDoc[d][perDoc[d]++] = i;
    }
  }

  /**
   * Builds an index in memory over {@code vectors} (one per article, unit length), on every core.
   */
  static VectorIndex inMemory(List<float[]> vectors) {
    List<String> keys = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      keys.add(Integer.toString(i));
    }
    Directory dir = new ByteBuffersDirectory();
    try {
      write(dir, IndexWriterConfig.OpenMode.CREATE, Set.of(), distinct(keys, vectors), "in-memory");
      return new VectorIndex(dir, DirectoryReader.open(dir), keys);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory vector index", e);
    }
  }

  /**
   * Brings the index in {@code dir} up to date with the articles' vectors and opens it: keeps the
   * texts it has, deletes those no longer wanted, adds the missing ones.
   *
   * @param keys per article, the hash of its embedded text (equal texts, equal keys)
   * @param vectors per article, unit length, in the same order
   * @param model identifies the embedding model: vectors of another model are never reused
   * @param log told when the index is (re)built and why
   * @throws UncheckedIOException when {@code dir} cannot be written
   */
  static VectorIndex update(Path dir, List<String> keys, List<float[]> vectors, String model, Consumer<String> log) {
    if (keys.size() != vectors.size()) {
      throw new IllegalArgumentException(keys.size() + " keys for " + vectors.size() + " vectors: need one each");
    }
    Directory fs = null;
    try {
      PrivateFiles.directory(dir);
      fs = new OwnerOnly(FSDirectory.open(dir), dir);
      Map<String, float[]> wanted = distinct(keys, vectors);
      Set<String> stale = new HashSet<>();
      Map<String, float[]> missing = new HashMap<>(wanted);
      boolean rebuild = true;
      String why = "none on disk";
      if (DirectoryReader.indexExists(fs)) {
        try (DirectoryReader old = DirectoryReader.open(fs)) {
          Map<String, String> data = old.getIndexCommit().getUserData();
          if (!model.equals(data.get(MODEL)) || !FORMAT.equals(data.get(FORMAT_KEY))) {
            why = "made for " + data.get(MODEL) + " " + data.get(FORMAT_KEY);
          } else {
            Set<String> have = liveKeys(old).keySet();
            for (String k : have) {
              if (!wanted.containsKey(k)) {
                stale.add(k);
              }
            }
            missing.keySet().removeAll(have);
            int deleted = old.numDeletedDocs() + stale.size();
            int segments = old.leaves().size() + (missing.isEmpty() ? 0 : 1);
            if (segments > MAX_SEGMENTS) {
              why = segments + " segments";
            } else if (deleted > MAX_DELETED * (old.maxDoc() + missing.size())) {
              why = deleted + " deleted texts";
            } else {
              rebuild = false;
            }
          }
        } catch (IOException | RuntimeException e) {
          why = "unreadable (" + e + ")";
        }
      }
      if (rebuild) {
        log.accept(String.format("building the vector index of %,d texts (%s)", wanted.size(), why));
        clear(fs);
        write(fs, IndexWriterConfig.OpenMode.CREATE, Set.of(), wanted, model);
      } else if (!stale.isEmpty() || !missing.isEmpty()) {
        log.accept(String.format("updating the vector index: %,d texts added, %,d removed", missing.size(), stale.size()));
        write(fs, IndexWriterConfig.OpenMode.APPEND, stale, missing, model);
      }
      return new VectorIndex(fs, DirectoryReader.open(fs), keys);
    } catch (IOException e) {
      closeQuietly(fs);
      throw new UncheckedIOException("cannot update the vector index in " + dir, e);
    } catch (RuntimeException e) {
      closeQuietly(fs);
      throw e;
    }
  }

  /**
   * Deletes every file of {@code dir}, under its write lock (so never under another writer): a
   * new index must not trip over the remains of an unreadable one.
   */
  private static void clear(Directory dir) throws IOException {
    try (Lock lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      for (String f : dir.listAll()) {
        if (!f.equals(IndexWriter.WRITE_LOCK_NAME)) {
          dir.deleteFile(f);
        }
      }
    }
  }

  private static void closeQuietly(Directory d) {
    if (d != null) {
      try {
        d.close();
      } catch (IOException ignored) {
        // already failing: the first error is the one reported
      }
    }
  }

  /** Each distinct key once, with its vector. */
  private static Map<String, float[]> distinct(List<String> keys, List<float[]> vectors) {
    Map<String, float[]> out = new HashMap<>(keys.size() * 2);
    for (int i = 0; i < keys.size(); i++) {
      out.putIfAbsent(keys.get(i), vectors.get(i));
    }
    return out;
  }

  /** The codec: Lucene's default with this index's graph settings. */
  static Lucene912Codec codec() {
    KnnVectorsFormat format = new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH);
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    };
  }

  /**
   * Deletes {@code stale} and adds {@code add}, building the new segments' graphs on every core
   * (each thread fills and flushes its own segment), then commits with the model and format.
   */
  private static void write(
      Directory dir, IndexWriterConfig.OpenMode mode, Set<String> stale, Map<String, float[]> add, String model)
      throws IOException {
    IndexWriterConfig iwc = new IndexWriterConfig();
    iwc.setOpenMode(mode);
    iwc.setCodec(codec());
    iwc.setMergePolicy(NoMergePolicy.INSTANCE);
    // Large enough that a thread's segment is flushed when it is done, not before.
    iwc.setRAMBufferSizeMB(1024);
    iwc.setRAMPerThreadHardLimitMB(1024);
    iwc.setCommitOnClose(false);
    List<Map.Entry<String, float[]>> entries = new ArrayList<>(add.entrySet());
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), entries.size() / 1000));
    try (IndexWriter writer = new IndexWriter(dir, iwc)) {
      for (String k : stale) {
        writer.deleteDocuments(new Term(KEY, k));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t;
          jobs.add(
              pool.submit(
                  () -> {
                    for (int i = first; i < entries.size(); i += threads) {
                      Document doc = new Document();
                      BytesRef key = new BytesRef(entries.get(i).getKey());
                      doc.add(new StringField(KEY, key, Field.Store.NO));
                      doc.add(new BinaryDocValuesField(KEY, key));
                      doc.add(new KnnFloatVectorField(VECTOR, entries.get(i).getValue(), VectorSimilarityFunction.DOT_PRODUCT));
                      writer.addDocument(doc);
                    }
                    // The graph is built when a segment is flushed: flushing here builds the
                    // threads' graphs side by side instead of one after another in the commit.
                    writer.flushNextBuffer();
                    return null;
                  }));
        }
        for (Future<?> job : jobs) {
          job.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while building the vector index", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("building the vector index failed", e.getCause());
      } finally {
        pool.shutdown();
      }
      writer.setLiveCommitData(Map.of(MODEL, model, FORMAT_KEY, FORMAT).entrySet());
      writer.commit();
    }
  }

  /** The live documents' keys and global document numbers. */
  private static Map<String, Integer> liveKeys(DirectoryReader reader) throws IOException {
    Map<String, Integer> out = new HashMap<>(reader.numDocs() * 2);
    for (LeafReaderContext leaf : reader.leaves()) {
      LeafReader r = leaf.reader();
      Bits live = r.getLiveDocs();
      BinaryDocValues keys = r.getBinaryDocValues(KEY);
      if (keys == null) {
        continue;
      }
      for (int d = keys.nextDoc(); d != BinaryDocValues.NO_MORE_DOCS; d = keys.nextDoc()) {
        if (live == null || live.get(d)) {
          out.put(keys.binaryValue().utf8ToString(), leaf.docBase + d);
        }
      }
    }
    return out;
  }

  /** An article found near a query vector: its ordinal and the approximate similarity. */
  record Hit(int article, float score) {}

  /**
   * The articles nearest to {@code query} by the graphs, best first: the {@code k} nearest texts
   * and every article embedding each.
   *
   * @param filter only texts matching this query (see {@link #filter}), or {@code null}
   */
  List<Hit> nearest(float[] query, int k, Query filter) throws IOException {
    TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k, filter), k);
    List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      for (int a : articlesOfDoc[sd.doc]) {
        hits.add(new Hit(a, sd.score));
      }
    }
    return hits;
  }

  /** A filter matching the texts of these articles, for {@link #nearest}. */
  Query filter(int[] articles) {
    FixedBitSet docs = new FixedBitSet(Math.max(1, reader.maxDoc()));
    for (int a : articles) {
      docs.set(docOfArticle[a]);
    }
    return new DocSetQuery(reader, docs);
  }

  /** How many segments (graphs) the index has. */
  int segments() {
    return reader.leaves().size();
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the vector index", e);
    }
  }

  /**
   * Lucene's files made owner-only (0600) as they are created, like everything else under the
   * data directory ({@link PrivateFiles}); the directory itself is 0700.
   */
  private static final class OwnerOnly extends FilterDirectory {
    private final Path dir;

    OwnerOnly(Directory in, Path dir) {
      super(in);
      this.dir = dir;
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
      IndexOutput out = super.createOutput(name, context);
      PrivateFiles.ownerOnly(dir.resolve(name));
      return out;
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
      IndexOutput out = super.createTempOutput(prefix, suffix, context);
      PrivateFiles.ownerOnly(dir.resolve(out.getName()));
      return out;
    }

    @Override
    public Lock obtainLock(String name) throws IOException {
      Lock lock = super.obtainLock(name);
      PrivateFiles.ownerOnly(dir.resolve(name));
      return lock;
    }
  }
}

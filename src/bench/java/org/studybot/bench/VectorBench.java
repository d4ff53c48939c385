package org.studybot.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The HNSW vector index alone: build time on two threads and recall (top-10 overlap with the exact
 * neighbours) for several graph settings and vector encodings, so the engine's choice is measured.
 *
 * <p>Vectors: those of a vector cache file ({@code --cache}, the engine's {@code
 * vectors/article-vectors.bin}), repeated with Gaussian noise up to {@code --count} when the cache
 * holds fewer (clustered like real embeddings, unlike uniform random vectors). Usage: {@code
 * VectorBench --cache FILE [--count N] [--queries N] [--configs "16/100/f32 16/100/i8 ..."]}.
 */
public final class VectorBench {
  private VectorBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    float[][] base = read(Path.of(Cli.required(opts, "cache")));
    int count = Integer.parseInt(opts.getOrDefault("count", String.valueOf(base.length)));
    int queries = Integer.parseInt(opts.getOrDefault("queries", "200"));
    float noise = Float.parseFloat(opts.getOrDefault("noise", "0.04"));
    Random random = new Random(42);
    float[][] vectors = new float[count][];
    for (int i = 0; i < count; i++) {
      vectors[i] = i < base.length ? base[i] : jitter(base[random.nextInt(base.length)], noise, random);
    }
    float[][] qs = new float[queries][];
    for (int i = 0; i < queries; i++) {
      qs[i] = jitter(vectors[random.nextInt(count)], noise * 2, random);
    }
    int[][] exact = new int[queries][];
    for (int i = 0; i < queries; i++) {
      exact[i] = exactTop(vectors, qs[i], 10);
    }
    System.out.printf("%,d vectors of %d dimensions (%,d from the cache), %d queries%n", count, vectors[0].length,
        Math.min(count, base.length), queries);
    for (String config : opts.getOrDefault("configs", "16/100/f32 16/100/i8 12/50/f32 12/50/i8 8/32/f32").split(" ")) {
      run(config, vectors, qs, exact);
    }
  }

  private static void run(String config, float[][] vectors, float[][] qs, int[][] exact) throws Exception {
    String[] p = config.split("/");
    int m = Integer.parseInt(p[0]);
    int beam = Integer.parseInt(p[1]);
    KnnVectorsFormat format =
        p[2].equals("i8") ? new Lucene99HnswScalarQuantizedVectorsFormat(m, beam) : new Lucene99HnswVectorsFormat(m, beam);
    IndexWriterConfig iwc = new IndexWriterConfig();
    iwc.setRAMBufferSizeMB(1024);
    iwc.setCodec(
        new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
          }
        });
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    long start = System.nanoTime();
    int threads = 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (IndexWriter writer = new IndexWriter(dir, iwc)) {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = t;
        jobs.add(
            pool.submit(
                () -> {
                  for (int i = from; i < vectors.length; i += threads) {
                    Document d = new Document();
                    d.add(new KnnFloatVectorField("v", vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
                    d.add(new NumericDocValuesField("ord", i));
                    writer.addDocument(d);
                  }
                  // Each thread flushes a buffer itself, so the graphs are built side by side.
                  writer.flushNextBuffer();
                  return null;
                }));
      }
      for (Future<?> f : jobs) {
        f.get();
      }
      writer.commit();
    }
    pool.shutdown();
    double build = (System.nanoTime() - start) / 1e9;
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      double recall = 0;
      long[] nanos = new long[qs.length];
      for (int rep = 0; rep < 2; rep++) {
        recall = 0;
        for (int i = 0; i < qs.length; i++) {
          long t0 = System.nanoTime();
          ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery("v", qs[i], 20), 20).scoreDocs;
          nanos[i] = System.nanoTime() - t0;
          int[] found = new int[Math.min(10, top.length)];
          for (int j = 0; j < found.length; j++) {
            found[j] = ord(reader, top[j].doc);
          }
          recall += overlap(found, exact[i]) / 10.0;
        }
      }
      Arrays.sort(nanos);
      System.out.printf(
          "%-10s build %6.1f s  segments %d  recall@10 %.3f  kNN(k=20) p50 %.2f ms p99 %.2f ms  size %.0f MB%n",
          config, build, reader.leaves().size(), recall / qs.length, nanos[qs.length / 2] / 1e6,
          nanos[(int) (qs.length * 0.99)] / 1e6, size(dir) / 1e6);
    }
  }

  private static long size(ByteBuffersDirectory dir) throws IOException {
    long n = 0;
    for (String f : dir.listAll()) {
      n += dir.fileLength(f);
    }
    return n;
  }

  private static int ord(DirectoryReader reader, int doc) throws IOException {
    LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
    NumericDocValues ords = leaf.reader().getNumericDocValues("ord");
    ords.advanceExact(doc - leaf.docBase);
    return (int) ords.longValue();
  }

  private static int overlap(int[] a, int[] b) {
    int n = 0;
    for (int x : a) {
      for (int y : b) {
        if (x == y) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private static int[] exactTop(float[][] vectors, float[] q, int k) {
    int[] best = new int[k];
    float[] score = new float[k];
    Arrays.fill(score, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < vectors.length; i++) {
      float s = 0;
      for (int j = 0; j < q.length; j++) {
        s += q[j] * vectors[i][j];
      }
      if (s > score[k - 1]) {
        int at = k - 1;
        while (at > 0 && score[at - 1] < s) {
          score[at] = score[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        score[at] = s;
        best[at] = i;
      }
    }
    return best;
  }

  private static float[] jitter(float[] v, float sd, Random random) {
    float[] out = new float[v.length];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + (float) (random.nextGaussian() * sd);
      norm += out[i] * out[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      out[i] *= inv;
    }
    return out;
  }

  /** The vectors of a vector cache file (its layout is documented on VectorCache). */
  private static float[][] read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    b.getLong();
    b.getInt();
    int idLength = b.getInt();
    b.position(b.position() + idLength);
    int dim = b.getInt();
    int count = b.getInt();
    float[][] out = new float[count][dim];
    for (int i = 0; i < count; i++) {
      b.position(b.position() + 16);
      for (int j = 0; j < dim; j++) {
        out[i][j] = b.getFloat();
      }
    }
    return out;
  }
}

package org.studybot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.answer.Question;
import org.studybot.answer.ReloadReport;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.search.CorpusIndex;
import org.studybot.semantic.Semantic;

/**
 * Measures the engine as the bot runs it (built by {@link Engine#start}, default configuration,
 * semantic matching on or off), in one JVM per run:
 *
 * <ol>
 *   <li>start to searchable: the whole {@code Engine.start}, split into parse (the loader) and index
 *       (the rest), and articles per second;
 *   <li>memory: heap in use after full GCs with the corpus loaded (and per article), the process's
 *       peak resident set so far (and how much of the resident set is the heap's and other
 *       anonymous memory, how much memory-mapped files such as the vector graph), the in-memory
 *       index's size; with semantic matching, the vector index's files (raw vectors, HNSW graph)
 *       and cache file, whether the graph was built by this start or opened from disk, and how long
 *       building it took;
 *   <li>latency of uncached questions, single thread (each question asked for the first time,
 *       after a warm-up with other questions), and of cached ones (the same questions again);
 *   <li>throughput: two threads asking distinct uncached questions as fast as they can;
 *   <li>a reload after 1% of the files were touched, while a thread asks 200 new questions a
 *       second: the reload's time (and its ratio to the first load), the latency of the questions
 *       during it (from when each was due, and the answer alone) and how many failed; and its
 *       memory: the most heap in use after any collection during the reload, and the heap after full
 *       GCs with both corpora held (a question still on the old one when the new one is swapped
 *       in), which is what {@code -Xmx} must leave room for.
 * </ol>
 *
 * <p>With {@code --semantic on} the engine embeds the articles (MiniLM) and matches by words and
 * meaning; the vectors are cached under {@code --data DIR}, so every run after the first loads
 * with a warm vector cache, as the targets assume.
 *
 * <p>Usage: {@code EngineBench --content DIR --results FILE --size LABEL [--run N] [--semantic
 * on|off] [--queries N] [--data DIR] [--reload-touch PERCENT]} ({@code --reload-touch}: the share
 * of files given a new modification time before the reload, 1 by default; 100 re-reads every
 * file, so the two corpora share no article).
 */
public final class EngineBench {
  /** Questions a second asked during the reload. */
  static final int RELOAD_QPS = 200;

  private EngineBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    Path dir = Path.of(Cli.required(opts, "content"));
    boolean semantic = "on".equals(opts.getOrDefault("semantic", "off"));
    int queries = Integer.parseInt(opts.getOrDefault("queries", "20000"));
    int touchPercent = Integer.parseInt(opts.getOrDefault("reload-touch", "1"));
    if (touchPercent < 1 || touchPercent > 100) {
      throw new IllegalArgumentException("--reload-touch " + touchPercent + ": expected a percentage from 1 to 100");
    }
    Measure.Results results =
        new Measure.Results(
            Path.of(Cli.required(opts, "results")), Cli.required(opts, "size"), semantic ? "semantic" : "lexical",
            opts.getOrDefault("run", "1"));
    BotConfig.Builder builder = BotConfig.builder().contentDir(dir).semantic(semantic);
    if (opts.containsKey("data")) {
      // Runs never touch the working tree's data/ (where the semantic vector cache lives).
      builder.dataDir(Path.of(opts.get("data")));
    }
    BotConfig config = builder.build();

    Path graphDir = config.dataDir().resolve(Semantic.INDEX_DIR);
    boolean graphOnDisk = semantic && hasIndex(graphDir);
    // The engine says how long the vector index took ("vector index in 12.3 s"): the graph's build
    // on a first start, its opening on a warm one.
    AtomicReference<Double> graphSeconds = new AtomicReference<>();
    Pattern graphLine = Pattern.compile("vector index in ([0-9.]+) s");
    Measure.GcWatch gc = Measure.GcWatch.start();

    double cpuStart = Measure.processCpuSeconds();
    long start = System.nanoTime();
    Answerer answerer =
        Engine.start(
            config,
            line -> {
              System.err.println("  [engine] " + line);
              Matcher m = graphLine.matcher(line);
              if (m.find()) {
                graphSeconds.set(Double.parseDouble(m.group(1)));
              }
            });
    long searchable = System.nanoTime();
    double cpu = Measure.processCpuSeconds() - cpuStart;
    // With a cold vector cache the articles are embedded in the background: what follows measures
    // words and meaning, and the warming run must leave every vector in the cache.
    answerer.library().awaitVectors();
    ReloadReport first = answerer.library().lastReload();
    double total = (searchable - start) / 1e9;
    double parse = first.load().elapsed().toNanos() / 1e9;
    int articles = first.serving();
    results.put("articles", articles);
    results.put("load.parse_s", parse);
    results.put("load.index_s", total - parse);
    results.put("load.total_s", total);
    results.put("load.cpu_s", cpu);
    results.put("load.articles_per_s", articles / total);
    long heap = Measure.heapAfterGc();
    results.put("mem.heap_after_load_mb", heap / 1048576.0);
    results.put("mem.heap_per_article_kb", heap / 1024.0 / articles);
    results.put("mem.peak_rss_after_load_mb", Measure.procStatus("VmHWM") / 1048576.0);
    results.put("mem.index_mb", indexBytes(answerer) / 1048576.0);
    results.put("mem.rss_anon_mb", Measure.procStatus("RssAnon") / 1048576.0);
    results.put("mem.rss_file_mb", Measure.procStatus("RssFile") / 1048576.0);
    results.put("mem.load_max_heap_after_gc_mb", gc.maxAfterGc() / 1048576.0);
    if (semantic) {
      results.put("vectors.graph_built_at_start", graphOnDisk ? 0 : 1);
      if (graphSeconds.get() != null) {
        results.put("vectors.index_s", graphSeconds.get());
      }
      Map<String, Long> files = bytesByExtension(graphDir);
      results.put("vectors.raw_file_mb", files.getOrDefault("vec", 0L) / 1048576.0);
      results.put("vectors.graph_file_mb", files.getOrDefault("vex", 0L) / 1048576.0);
      long all;
      try (var list = Files.list(graphDir)) {
        all = list.mapToLong(f -> f.toFile().length()).sum();
      }
      results.put("vectors.index_files_mb", all / 1048576.0);
      Path cacheFile = config.dataDir().resolve(Semantic.CACHE_FILE);
      if (Files.exists(cacheFile)) {
        results.put("vectors.cache_file_mb", Files.size(cacheFile) / 1048576.0);
      }
    }

    List<Article> corpus = answerer.library().current().articles();
    List<String> warm = QuerySet.make(corpus, Math.min(queries, 10_000), 1);
    ask(answerer, warm, warm.size());
    List<String> single = QuerySet.make(corpus, queries, 2);
    single.removeAll(new java.util.HashSet<>(warm));
    long[] nanos = new long[single.size()];
    for (int i = 0; i < single.size(); i++) {
      long t = System.nanoTime();
      answerer.answer(Question.of(single.get(i)));
      nanos[i] = System.nanoTime() - t;
    }
    results.latency("uncached", Measure.Latency.of(nanos, nanos.length));
    // The reply cache (10,000 by default, W-TinyLFU) admits what is asked more than once: ask the
    // last 2,000 a few more times untimed, then time five rounds of them.
    List<String> recent = single.subList(Math.max(0, single.size() - 2000), single.size());
    for (int round = 0; round < 3; round++) {
      ask(answerer, recent, recent.size());
    }
    long hitsBefore = answerer.cacheStats().hitCount();
    long[] cached = new long[recent.size() * 5];
    for (int round = 0, n = 0; round < 5; round++) {
      for (String q : recent) {
        long t = System.nanoTime();
        answerer.answer(Question.of(q));
        cached[n++] = System.nanoTime() - t;
      }
    }
    results.latency("cached", Measure.Latency.of(cached, cached.length));
    results.put("cached.hit_ratio", (answerer.cacheStats().hitCount() - hitsBefore) / (double) cached.length);

    List<String> burst = QuerySet.make(corpus, queries * 2, 3);
    java.util.Set<String> asked = new java.util.HashSet<>(single);
    asked.addAll(warm);
    burst.removeAll(asked);
    results.put("throughput.2threads_qps", throughput(answerer, burst, 2));

    List<String> during = QuerySet.make(corpus, queries * 2, 4);
    // Let go of the first corpus's article list: held here it would stay on the heap after the
    // reload, and count in the heap measured after the old corpus was released.
    corpus = null;
    reloadWhileAsking(answerer, during, total, touchPercent, gc, results);
    results.put("mem.peak_rss_mb", Measure.procStatus("VmHWM") / 1048576.0);
    // After thousands of questions the vector graph's pages have been read: mapped, not heap.
    results.put("mem.rss_file_end_mb", Measure.procStatus("RssFile") / 1048576.0);
    results.write();
    answerer.library().close();
  }

  private static void ask(Answerer answerer, List<String> questions, int n) {
    for (int i = 0; i < n; i++) {
      answerer.answer(Question.of(questions.get(i % questions.size())));
    }
  }

  /** Questions per second with {@code threads} threads each taking the next unasked question. */
  private static double throughput(Answerer answerer, List<String> questions, int threads) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                for (int i; (i = next.getAndIncrement()) < questions.size(); ) {
                  answerer.answer(Question.of(questions.get(i)));
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return questions.size() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Reloads the corpus while a thread asks new questions at a steady {@link #RELOAD_QPS} a second
   * (four times the Slack target's 50/s; a saturating asker would only measure the fight for two
   * cores); records the reload's time and the questions' latency, counted from when each was due.
   */
  private static void reloadWhileAsking(
      Answerer answerer, List<String> questions, double firstLoad, int touchPercent, Measure.GcWatch gc,
      Measure.Results results) throws Exception {
    // A real reload follows edits: 1% of the files get a new modification time, so they are read
    // again while the rest are reused (the loader remembers unchanged files). With 100% every file
    // is read again: the worst case for memory, two corpora sharing no article.
    Path dir = answerer.library().contentDir();
    List<Path> files;
    try (var walk = java.nio.file.Files.walk(dir)) {
      files = walk.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
    var now = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis());
    int touched = 0;
    for (int i = 0; i < files.size(); i++) {
      if (i % 100 < touchPercent) {
        java.nio.file.Files.setLastModifiedTime(files.get(i), now);
        touched++;
      }
    }
    AtomicBoolean reloading = new AtomicBoolean(true);
    long[] nanos = new long[questions.size()];
    long[] service = new long[questions.size()];
    AtomicInteger asked = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    long period = 1_000_000_000L / RELOAD_QPS;
    Thread asker =
        new Thread(
            () -> {
              long due = System.nanoTime();
              for (int i = 0; reloading.get() && i < nanos.length; i++) {
                while (System.nanoTime() < due) {
                  java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                }
                long begun = System.nanoTime();
                try {
                  answerer.answer(Question.of(questions.get(i)));
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                }
                long end = System.nanoTime();
                nanos[i] = end - due; // from when it was due: a stall counts in full, queueing too
                service[i] = end - begun; // the answer alone: would show a query blocked by the swap
                asked.set(i + 1);
                due += period;
              }
            });
    // Held across the swap, as a question still running on the old corpus holds it: with it, the
    // heap after full GCs is both corpora's, the most a reload keeps alive at once.
    CorpusIndex.Lease old = answerer.library().lease();
    Measure.heapAfterGc();
    gc.reset();
    asker.start();
    long start = System.nanoTime();
    CompletableFuture<ReloadReport> reload = answerer.library().reload();
    ReloadReport report = reload.get();
    double took = (System.nanoTime() - start) / 1e9;
    reloading.set(false);
    asker.join();
    results.put("mem.reload_max_heap_after_gc_mb", gc.maxAfterGc() / 1048576.0);
    results.put("mem.heap_two_corpora_mb", Measure.heapAfterGc() / 1048576.0);
    old.close();
    results.put("mem.heap_after_reload_mb", Measure.heapAfterGc() / 1048576.0);
    if (!report.swapped()) {
      throw new IllegalStateException("the benchmark's reload did not swap: " + report.message());
    }
    results.put("reload.total_s", took);
    results.put("reload.ratio_to_first_load", took / firstLoad);
    results.put("reload.questions_answered", asked.get());
    results.put("reload.asked_per_s", RELOAD_QPS);
    results.put("reload.failed_questions", failures.get());
    results.put("reload.files_touched", touched);
    results.latency("during_reload", Measure.Latency.of(nanos, asked.get()));
    results.latency("during_reload_service", Measure.Latency.of(service, asked.get()));
  }

  /** Whether {@code dir} holds a Lucene index (a {@code segments_N} file). */
  private static boolean hasIndex(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var list = Files.list(dir)) {
      return list.anyMatch(f -> f.getFileName().toString().startsWith("segments_"));
    }
  }

  /**
   * Bytes of the vector index's files in {@code dir}, by extension ({@code vec}: raw vectors,
   * {@code vex}: HNSW graph), looking inside compound files (a flushed segment is one).
   */
  private static Map<String, Long> bytesByExtension(Path dir) throws java.io.IOException {
    Map<String, Long> out = new java.util.TreeMap<>();
    if (!hasIndex(dir)) {
      return out;
    }
    // A second reader beside the engine's: readers take no lock.
    try (Directory d = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(d)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        SegmentInfo info = ((SegmentReader) FilterLeafReader.unwrap(leaf.reader())).getSegmentInfo().info;
        if (info.getUseCompoundFile()) {
          try (Directory cfs = info.getCodec().compoundFormat().getCompoundReader(d, info, IOContext.DEFAULT)) {
            for (String f : cfs.listAll()) {
              out.merge(f.substring(f.lastIndexOf('.') + 1), cfs.fileLength(f), Long::sum);
            }
          }
        } else {
          for (String f : info.files()) {
            out.merge(f.substring(f.lastIndexOf('.') + 1), d.fileLength(f), Long::sum);
          }
        }
      }
    }
    return out;
  }

  /** Bytes of the serving index's files (it lives in a heap directory). */
  private static long indexBytes(Answerer answerer) throws java.io.IOException {
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      IndexReader reader = lease.searcher().getIndexReader();
      if (!(reader instanceof DirectoryReader dr)) {
        return -1;
      }
      Directory d = dr.directory();
      long sum = 0;
      for (String f : d.listAll()) {
        sum += d.fileLength(f);
      }
      return sum;
    }
  }
}

package org.studybot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.yaml.snakeyaml.Yaml;

/**
 * Measures the floor the engine's load is compared with: bare SnakeYAML parsing the same files'
 * front matter (default {@link Yaml}, no checks, one per thread) and bare Lucene indexing the same
 * text (one {@link TextField} per article with Lucene's {@link EnglishAnalyzer}, which does the same
 * kind of work as StudyAnalyzer: tokenize, lower-case, stop words, Porter stems), both on all cores,
 * like the engine. The engine's start-to-searchable divided by parse + index here is its overhead.
 *
 * <p>Usage: {@code FloorBench --content DIR --results FILE --size LABEL --run N}.
 */
public final class FloorBench {
  private FloorBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    Path dir = Path.of(Cli.required(opts, "content"));
    Measure.Results results =
        new Measure.Results(Path.of(Cli.required(opts, "results")), Cli.required(opts, "size"), "floor", opts.getOrDefault("run", "1"));
    double cpuStart = Measure.processCpuSeconds();
    long start = System.nanoTime();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    ThreadLocal<Yaml> yaml = ThreadLocal.withInitial(Yaml::new);
    List<String> texts = files.parallelStream().map(f -> text(yaml.get(), f)).toList();
    long parsed = System.nanoTime();

    IndexWriterConfig iwc = new IndexWriterConfig(new EnglishAnalyzer());
    iwc.setRAMBufferSizeMB(256);
    ByteBuffersDirectory index = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(index, iwc)) {
      texts.parallelStream()
          .forEach(
              t -> {
                Document doc = new Document();
                doc.add(new TextField("all", t, Field.Store.NO));
                try {
                  writer.addDocument(doc);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      writer.commit();
    }
    int docs;
    try (DirectoryReader reader = DirectoryReader.open(index)) {
      docs = reader.numDocs();
    }
    long indexed = System.nanoTime();
    double cpu = Measure.processCpuSeconds() - cpuStart;
    if (docs != files.size()) {
      throw new IllegalStateException("indexed " + docs + " documents for " + files.size() + " files in " + dir);
    }
    results.put("floor.parse_s", (parsed - start) / 1e9);
    results.put("floor.index_s", (indexed - parsed) / 1e9);
    results.put("floor.total_s", (indexed - start) / 1e9);
    results.put("floor.cpu_s", cpu);
    results.write();
  }

  /** The front matter's searchable text, as the engine indexes it (title, question, SEO, answer). */
  private static String text(Yaml yaml, Path file) {
    try {
      String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      int open = s.indexOf("---");
      int close = s.indexOf("\n---", open + 3);
      Map<?, ?> m = yaml.load(s.substring(open + 3, close));
      Map<?, ?> seo = m.get("seo") instanceof Map<?, ?> x ? x : Map.of();
      return m.get("title") + "\n" + m.get("question") + "\n" + m.get("subject") + "\n"
          + seo.get("page_description") + "\n" + seo.get("page_keywords") + "\n"
          + String.valueOf(m.get("answer")).replace("\\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

package org.studybot.eval;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Evaluation questions, read from every {@code *.tsv} file in a directory. Each file starts with
 * the header {@code kind\tsubject\tquestion\texpected_id}; {@code expected_id} is {@code none} for
 * questions that must not be answered. Immutable and thread-safe.
 */
public record EvalSet(List<Case> cases) {

  /** One question. {@code expected} is {@code null} for off-topic; {@code subject} may be null. */
  public record Case(String source, String kind, String subject, String question, String expected) {
    public boolean offTopic() {
      return expected == null;
    }
  }

  public EvalSet {
    cases = List.copyOf(cases);
  }

  /** Where the build bundles {@code src/test/resources/eval} (see pom.xml's resources). */
  static final String BUNDLED = "/org/studybot/eval/set";

  /** A file the bundled set always has: directories are not reliably resources, files are. */
  private static final String BUNDLED_MARKER = BUNDLED + "/off-topic.tsv";

  /**
   * The evaluation set bundled in the jar (a copy of {@code src/test/resources/eval} made by the
   * build), so {@code eval} needs no source tree. Reads it in place from the jar or from {@code
   * target/classes}.
   */
  public static EvalSet bundled() throws IOException {
    URL marker = EvalSet.class.getResource(BUNDLED_MARKER);
    if (marker == null) {
      throw new IOException(
          "no evaluation set bundled in this build (classpath " + BUNDLED
              + "); give one with --set DIR, e.g. --set src/test/resources/eval in the source tree");
    }
    URI uri;
    try {
      uri = marker.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("the bundled evaluation set's location " + marker + " is not a URI", e);
    }
    if (!uri.getScheme().equals("jar")) {
      return load(Path.of(uri).getParent());
    }
    FileSystem jar;
    boolean opened;
    try {
      jar = FileSystems.newFileSystem(uri, Map.of());
      opened = true;
    } catch (FileSystemAlreadyExistsException e) {
      jar = FileSystems.getFileSystem(uri);
      opened = false;
    }
    try {
      return load(jar.getPath(BUNDLED));
    } finally {
      if (opened) {
        jar.close();
      }
    }
  }

  /** Reads every {@code *.tsv} in {@code dir}, in name order. */
  public static EvalSet load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory (expected a directory of *.tsv evaluation files)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException(dir + ": no *.tsv evaluation files");
    }
    List<Case> cases = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        String[] c = line.split("\t", -1);
        if (c.length != 4) {
          throw new IOException(f + ":" + (i + 1) + ": expected 4 tab-separated columns, found " + c.length);
        }
        String expected = c[3].strip();
        cases.add(
            new Case(
                f.getFileName() + ":" + (i + 1),
                c[0].strip(),
                c[1].isBlank() ? null : c[1].strip(),
                c[2].strip(),
                expected.equals("none") || expected.isEmpty() ? null : expected));
      }
    }
    return new EvalSet(cases);
  }
}

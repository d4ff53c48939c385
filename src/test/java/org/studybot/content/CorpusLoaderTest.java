package org.studybot.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loader on the fixture trees and on hostile trees made in a temporary directory. */
class CorpusLoaderTest {
  private static final long LIMIT = 1_048_576;

  @TempDir Path tmp;

  private static Set<String> ids(LoadResult r) {
    return r.articles().stream().map(Article::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> shown(LoadResult r) {
    return r.problems().stream().map(Problem::toString).toList();
  }

  /** A valid article file with this id. */
  static String article(String id, String title) {
    return "---\nid: " + id + "\ntitle: " + title + "\nanswer: >-\n    An answer about " + title
        + ".\nsubject: Physics\nurl: /learn/physics/questions/" + id + "\n---\n\n&nbsp;\n";
  }

  private Path write(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, text, StandardCharsets.UTF_8);
  }

  @Test
  void quirksLoadAtAnyDepthWithoutProblems() {
    LoadResult r = new CorpusLoader(LIMIT).load(ArticleParserTest.QUIRKS);
    assertEquals(List.of(), shown(r));
    assertEquals(Set.of("900001", "900002", "900003", "900004", "900005", "900006"), ids(r));
    assertEquals(6, r.files());
    assertEquals(0, r.skipped());
    assertTrue(r.summary().startsWith("loaded 6 articles from 6 files, 0 skipped in "), r.summary());
    assertTrue(
        r.articles().stream().anyMatch(a -> a.source().equals("quirks/deep/a/b/nested.md")),
        () -> r.articles().stream().map(Article::source).toList().toString());
  }

  @Test
  void brokenFilesAreReportedAndSkippedAndTheRestLoads() {
    LoadResult r = new CorpusLoader(LIMIT).load(ArticleParserTest.BROKEN);
    // dup-one and wrong-types are good; everything else is skipped.
    assertEquals(Set.of("910001", "910014"), ids(r));
    assertEquals(12, r.files());
    assertEquals(10, r.skipped());
    assertTrue(r.summary().startsWith("loaded 2 articles from 12 files, 10 skipped (16 problems)"), r.summary());
    Set<String> files = r.problems().stream().map(Problem::source).collect(Collectors.toSet());
    for (String f :
        List.of("bad-id", "billion-laughs", "dup-two", "duplicate-key", "global-tag", "invalid-yaml", "latin1",
            "missing-fields", "no-front-matter", "unclosed", "wrong-types")) {
      assertTrue(files.contains("broken/" + f + ".md"), () -> f + " not reported: " + files);
    }
  }

  @Test
  void duplicateIdsNameBothFilesAndTheFirstWins() {
    LoadResult r = new CorpusLoader(LIMIT).load(ArticleParserTest.BROKEN);
    Article kept = r.articles().stream().filter(a -> a.id().equals("910001")).findFirst().orElseThrow();
    assertEquals("broken/dup-one.md", kept.source());
    assertTrue(
        shown(r).contains("broken/dup-two.md: id: \"910001\" is already used by broken/dup-one.md: ids must be unique"),
        shown(r)::toString);
  }

  @Test
  void fileOverTheLimitIsRefusedUnread() throws IOException {
    write(tmp, "ok.md", article("1", "fine"));
    try (RandomAccessFile big = new RandomAccessFile(tmp.resolve("huge.md").toFile(), "rw")) {
      big.setLength(50L * 1024 * 1024); // sparse: the loader must refuse it by its size alone
    }
    LoadResult r = new CorpusLoader(LIMIT).load(tmp);
    assertEquals(Set.of("1"), ids(r));
    String base = tmp.getFileName().toString();
    assertEquals(
        List.of(base + "/huge.md: 52428800 bytes, more than the limit of 1048576 bytes: not read"), shown(r));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed measurement
  void symbolicLinkLoopIsReportedNotFollowed() throws IOException {
    write(tmp, "a/ok.md", article("1", "fine"));
    Files.createSymbolicLink(tmp.resolve("a/loop"), tmp);
    LoadResult r = new CorpusLoader(LIMIT).load(tmp);
    assertEquals(Set.of("1"), ids(r));
    assertTrue(shown(r).stream().anyMatch(s -> s.endsWith("a/loop: symbolic link loop: not followed")), shown(r)::toString);
  }

  @Test
  void linksOutOfTheContentDirectoryAreNotRead() throws IOException {
    Path content = Files.createDirectory(tmp.resolve("content"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    write(outside, "secret.md", article("66", "outside"));
    write(outside, "dir/other.md", article("67", "outside dir"));
    write(content, "ok.md", article("1", "fine"));
    Files.createSymbolicLink(content.resolve("leak.md"), outside.resolve("secret.md"));
    Files.createSymbolicLink(content.resolve("leakdir"), outside.resolve("dir"));
    // A link inside the tree is fine.
    Files.createSymbolicLink(content.resolve("alias.md"), content.resolve("ok.md"));
    LoadResult r = new CorpusLoader(LIMIT).load(content);
    assertEquals(Set.of("1"), ids(r));
    List<String> shown = shown(r);
    assertTrue(shown.stream().anyMatch(s -> s.startsWith("content/leak.md: links outside the content directory")), shown::toString);
    assertTrue(shown.contains("content/leakdir: links to a directory outside the content directory: not read"), shown::toString);
    // The alias reads the same file, so its id repeats and is reported, naming both.
    assertTrue(shown.stream().anyMatch(s -> s.contains("is already used by content/")), shown::toString);
  }

  @Test
  void brokenLinkIsReported() throws IOException {
    write(tmp, "ok.md", article("1", "fine"));
    Files.createSymbolicLink(tmp.resolve("dangling.md"), tmp.resolve("nowhere.md"));
    LoadResult r = new CorpusLoader(LIMIT).load(tmp);
    assertEquals(Set.of("1"), ids(r));
    assertEquals(List.of(tmp.getFileName() + "/dangling.md: broken symbolic link: not read"), shown(r));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // reading a FIFO would block forever
  void namedPipeIsNotRead() throws Exception {
    write(tmp, "ok.md", article("1", "fine"));
    Process p = new ProcessBuilder("mkfifo", tmp.resolve("pipe.md").toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo is not available");
    LoadResult r = new CorpusLoader(LIMIT).load(tmp);
    assertEquals(Set.of("1"), ids(r));
    assertEquals(List.of(tmp.getFileName() + "/pipe.md: not a regular file: not read"), shown(r));
  }

  @Test
  void fileDeletedMidLoadIsReported() throws IOException {
    write(tmp, "a.md", article("1", "stays"));
    Path gone = write(tmp, "b.md", article("2", "vanishes"));
    CorpusLoader loader =
        new CorpusLoader(
            LIMIT,
            file -> {
              if (file.getFileName().toString().equals("b.md")) {
                try {
                  Files.delete(gone);
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              }
            });
    LoadResult r = loader.load(tmp);
    assertEquals(Set.of("1"), ids(r));
    assertEquals(List.of(tmp.getFileName() + "/b.md: disappeared while loading"), shown(r));
    assertEquals(2, r.files());
    assertEquals(1, r.skipped());
  }

  @Test
  void hiddenDirectoriesAndOtherExtensionsAreIgnored() throws IOException {
    write(tmp, "ok.MD", article("1", "upper case extension"));
    write(tmp, ".git/x.md", article("2", "hidden"));
    write(tmp, "notes.txt", "not an article");
    LoadResult r = new CorpusLoader(LIMIT).load(tmp);
    assertEquals(Set.of("1"), ids(r));
    assertEquals(List.of(), r.problems());
  }

  @Test
  void missingOrNonDirectoryContent() throws IOException {
    LoadResult missing = new CorpusLoader(LIMIT).load(tmp.resolve("nope"));
    assertEquals(0, missing.articles().size());
    assertTrue(missing.problems().get(0).message().startsWith("cannot read the content directory"), shown(missing)::toString);
    Path file = write(tmp, "file.md", article("1", "x"));
    LoadResult notDir = new CorpusLoader(LIMIT).load(file);
    assertEquals(List.of("file.md: not a directory"), shown(notDir));
  }

  @Test
  void realContentLoadsClean() {
    LoadResult r = new CorpusLoader(LIMIT).load(Path.of("content"));
    assertEquals(List.of(), shown(r));
    assertTrue(r.articles().size() >= 70, r::summary);
  }
}

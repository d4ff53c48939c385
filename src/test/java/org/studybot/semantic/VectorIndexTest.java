package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;

/** The vector index: nearest articles, kept on disk, updated by difference, rebuilt when unsound. */
class VectorIndexTest {
  private static final int DIM = 8;

  @TempDir Path dir;

  private final List<String> log = new ArrayList<>();

  /** The unit vector along axis {@code i}. */
  private static float[] axis(int i) {
    float[] v = new float[DIM];
    v[i] = 1;
    return v;
  }

  /** A unit vector mostly along {@code i}, a little along {@code j}. */
  private static float[] near(int i, int j) {
    float[] v = new float[DIM];
    v[i] = 0.96f;
    v[j] = 0.28f;
    return v;
  }

  private static List<Integer> articles(List<VectorIndex.Hit> hits) {
    return hits.stream().map(VectorIndex.Hit::article).toList();
  }

  private VectorIndex update(List<String> keys, List<float[]> vectors, String model) {
    return VectorIndex.update(dir, keys, vectors, model, log::add);
  }

  @Test
  void findsTheNearestArticlesBestFirst() throws IOException {
    try (VectorIndex index = VectorIndex.inMemory(List.of(axis(0), axis(1), near(1, 2), axis(3)))) {
      assertEquals(List.of(1, 2), articles(index.nearest(axis(1), 2, null)));
      assertEquals(List.of(3), articles(index.nearest(axis(3), 1, null)));
    }
  }

  @Test
  void aFilterKeepsOnlyTheGivenArticles() throws IOException {
    try (VectorIndex index = VectorIndex.inMemory(List.of(axis(0), axis(1), near(1, 2), axis(3)))) {
      assertEquals(List.of(2, 0), articles(index.nearest(axis(1), 2, index.filter(new int[] {0, 2}))));
      assertEquals(List.of(), index.nearest(axis(1), 2, index.filter(new int[] {})));
    }
  }

  @Test
  void articlesWithTheSameTextShareADocumentAndAreBothFound() throws IOException {
    try (VectorIndex index = update(List.of("a", "b", "a"), List.of(axis(0), axis(1), axis(0)), "m1")) {
      assertEquals(List.of(0, 2), articles(index.nearest(axis(0), 1, null)));
    }
  }

  @Test
  void anUnchangedCorpusOpensTheIndexOnDiskAsItIs() throws IOException {
    List<String> keys = List.of("a", "b", "c");
    List<float[]> vectors = List.of(axis(0), axis(1), axis(2));
    update(keys, vectors, "m1").close();
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("building the vector index of 3 texts (none on disk)"), log.toString());
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
      }
    }
    // Other vectors under the same keys: were the index rebuilt, article 0 would be near axis 5.
    try (VectorIndex again = update(keys, List.of(axis(5), axis(1), axis(2)), "m1")) {
      assertEquals(1, log.size(), "an unchanged corpus rebuilt the index: " + log);
      assertEquals(List.of(0), articles(again.nearest(axis(0), 1, null)));
    }
  }

  @Test
  void aChangedCorpusAddsAndDeletesOnlyTheDifference() throws IOException {
    update(List.of("a", "b", "c"), List.of(axis(0), axis(1), axis(2)), "m1").close();
    try (VectorIndex changed = update(List.of("a", "c", "d"), List.of(axis(0), axis(2), axis(4)), "m1")) {
      assertEquals("updating the vector index: 1 texts added, 1 removed", log.get(1));
      assertEquals(List.of(2), articles(changed.nearest(axis(4), 1, null)));
      assertEquals(List.of(0, 1, 2), articles(changed.nearest(axis(1), 3, null)).stream().sorted().toList());
      assertEquals(2, changed.segments());
    }
  }

  @Test
  void anotherModelRebuildsTheIndex() throws IOException {
    update(List.of("a", "b"), List.of(axis(0), axis(1)), "m1").close();
    try (VectorIndex other = update(List.of("a", "b"), List.of(axis(1), axis(0)), "m2")) {
      assertTrue(log.get(1).contains("made for m1"), log.toString());
      assertEquals(List.of(1), articles(other.nearest(axis(0), 1, null)));
    }
  }

  @Test
  void aCorruptIndexIsRebuiltNotTrusted() throws IOException {
    update(List.of("a", "b"), List.of(axis(0), axis(1)), "m1").close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
    }
    try (VectorIndex rebuilt = update(List.of("a", "b"), List.of(axis(2), axis(3)), "m1")) {
      assertTrue(log.get(1).contains("unreadable"), log.toString());
      assertEquals(List.of(0), articles(rebuilt.nearest(axis(2), 1, null)));
    }
  }

  @Test
  void manyUpdatesEndInARebuildSoSegmentsStayFew() throws IOException {
    List<String> keys = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int round = 0; round <= VectorIndex.MAX_SEGMENTS; round++) {
      keys.add("k" + round);
      vectors.add(axis(round % DIM));
      update(keys, vectors, "m1").close();
    }
    assertTrue(log.get(log.size() - 1).contains("segments"), log.toString());
    try (VectorIndex index = update(keys, vectors, "m1")) {
      assertTrue(index.segments() <= 2, "segments: " + index.segments());
    }
  }

  @Test
  void aLockedIndexIsReportedNotSilentlyShared() throws IOException {
    try (VectorIndex open = update(List.of("a"), List.of(axis(0)), "m1");
        org.apache.lucene.store.Directory d = org.apache.lucene.store.FSDirectory.open(dir);
        org.apache.lucene.store.Lock lock = d.obtainLock(org.apache.lucene.index.IndexWriter.WRITE_LOCK_NAME)) {
      assertThrows(UncheckedIOException.class, () -> update(List.of("b"), List.of(axis(1)), "m1"));
    }
  }

  private static Article article(String id, String subject, String answer) {
    return new Article(id, id, id, subject, "/learn/" + id, "", "", List.of(), answer, List.of(), id + ".md");
  }

  @Test
  void theCorpusIndexFiltersItsVectorsBySubject() {
    List<Article> articles =
        List.of(
            article("a", "Maths", "alpha"), article("b", "Physics", "beta"), article("c", "Maths", "gamma"));
    try (CorpusIndex index =
        CorpusIndex.build(
            articles, IndexedVectors.inMemory(List.of(axis(0), near(0, 1), axis(2))), 1, CorpusLoader.Progress.NONE)) {
      try (CorpusIndex.Lease lease = index.lease().orElseThrow()) {
        assertEquals("b", lease.nearest(axis(0), "physics", 2).get(0).article().id());
        List<String> maths = lease.nearest(axis(1), "maths", 3).stream().map(h -> h.article().id()).toList();
        assertEquals(List.of("a", "c"), maths);
        CorpusIndex.VectorHit hit = lease.nearest(axis(2), null, 1).get(0);
        assertEquals("c", hit.article().id());
        assertEquals(1.0, hit.similarity(), 1e-6);
      }
    }
  }
}

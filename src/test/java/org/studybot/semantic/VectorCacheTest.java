package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.Article;

class VectorCacheTest {
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  private Path file() {
    return dir.resolve("vectors/cache.bin");
  }

  /** Vectors for {@code articles} through a cache freshly opened from the file, as at a restart. */
  private List<float[]> restart(FakeEmbedder embedder, List<Article> articles) {
    VectorCache cache = VectorCache.open(file(), embedder.modelId(), embedder.dimension(), log::add);
    return new ArticleVectors(embedder, cache, log::add).of(articles);
  }

  @Test
  void aRestartEmbedsNothingWhenNothingChanged() throws IOException {
    List<Article> corpus = Fixtures.corpus();
    FakeEmbedder first = new FakeEmbedder();
    List<float[]> cold = restart(first, corpus);
    assertEquals(corpus.size(), first.embedded.get(), "a cold start embeds every article");
    assertTrue(Files.isRegularFile(file()));
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())), "owner-only cache");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())));
    }

    FakeEmbedder second = new FakeEmbedder();
    List<float[]> warm = restart(second, corpus);

    assertEquals(0, second.embedded.get(), "all hits");
    for (int i = 0; i < cold.size(); i++) {
      assertArrayEquals(cold.get(i), warm.get(i));
    }
    assertTrue(log.isEmpty(), log.toString());
  }

  @Test
  void onlyChangedAndNewArticlesAreEmbedded() {
    restart(new FakeEmbedder(), Fixtures.corpus());
    List<Article> changed = new ArrayList<>(Fixtures.corpus());
    changed.set(2, Fixtures.article("3", "English", "What is a simile, exactly?", "A comparison using like or as."));
    changed.add(Fixtures.article("7", "History", "What caused the Great Depression?", "A stock market crash and bank failures."));

    FakeEmbedder again = new FakeEmbedder();
    List<float[]> vs = restart(again, changed);

    assertEquals(2, again.embedded.get(), "the edited article and the new one");
    assertArrayEquals(again.vector(ArticleVectors.text(changed.get(6))), vs.get(6));
  }

  @Test
  void removedArticlesArePrunedFromTheFile() throws IOException {
    restart(new FakeEmbedder(), Fixtures.corpus());
    long full = Files.size(file());
    restart(new FakeEmbedder(), Fixtures.corpus().subList(0, 2));
    assertTrue(Files.size(file()) < full, "the file shrinks to the corpus");
    FakeEmbedder again = new FakeEmbedder();
    restart(again, Fixtures.corpus());
    assertEquals(4, again.embedded.get(), "pruned vectors are embedded again");
  }

  @Test
  void aCorruptFileIsDetectedAndRebuilt() throws IOException {
    restart(new FakeEmbedder(), Fixtures.corpus());
    byte[] bytes = Files.readAllBytes(file());
    bytes[bytes.length / 2] ^= 0x40; // one bit flipped inside a vector
    Files.write(file(), bytes);

    FakeEmbedder again = new FakeEmbedder();
    restart(again, Fixtures.corpus());

    assertEquals(Fixtures.corpus().size(), again.embedded.get(), "nothing from a corrupt file is trusted");
    assertTrue(log.get(0).contains("checksum mismatch"), log.toString());
    FakeEmbedder third = new FakeEmbedder();
    restart(third, Fixtures.corpus());
    assertEquals(0, third.embedded.get(), "the rebuilt file is sound");
  }

  @Test
  void aTruncatedOrForeignFileIsNotTrusted() throws IOException {
    restart(new FakeEmbedder(), Fixtures.corpus());
    byte[] bytes = Files.readAllBytes(file());
    Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length - 100));
    FakeEmbedder again = new FakeEmbedder();
    restart(again, Fixtures.corpus());
    assertEquals(Fixtures.corpus().size(), again.embedded.get());

    Files.writeString(file(), "not a vector cache at all, but long enough to have a header");
    FakeEmbedder fourth = new FakeEmbedder();
    restart(fourth, Fixtures.corpus());
    assertEquals(Fixtures.corpus().size(), fourth.embedded.get());
    assertEquals(2, log.size(), log.toString());
  }

  @Test
  void anotherModelsVectorsAreNeverUsed() {
    restart(new FakeEmbedder("fake-1", java.util.Map.of()), Fixtures.corpus());
    FakeEmbedder other = new FakeEmbedder("fake-2", java.util.Map.of());

    restart(other, Fixtures.corpus());

    assertEquals(Fixtures.corpus().size(), other.embedded.get());
    assertTrue(log.get(0).contains("made by model fake-1, not fake-2"), log.toString());
  }

  @Test
  void theHeaderNamesModelAndDimension() throws IOException {
    restart(new FakeEmbedder(), Fixtures.corpus());
    VectorCache wrongDimension = VectorCache.open(file(), "fake-1", 32, log::add);
    assertEquals(0, wrongDimension.size());
    assertTrue(log.get(0).contains("dimension 64, expected 32"), log.toString());
    assertEquals(Fixtures.corpus().size(), VectorCache.open(file(), "fake-1", 64, log::add).size());
  }

  @Test
  void aMissingFileIsAColdStartNotAnError() {
    VectorCache cache = VectorCache.open(file(), "fake-1", 64, log::add);
    assertEquals(0, cache.size());
    assertTrue(log.isEmpty());
  }
}

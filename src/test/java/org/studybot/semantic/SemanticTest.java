package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;

/** Semantic matching assembled: the vector index kept under the data directory between builds. */
class SemanticTest {
  @TempDir Path data;

  private final List<String> log = new ArrayList<>();

  private String nearestTo(CorpusIndex index, String text, FakeEmbedder embedder) {
    try (CorpusIndex.Lease lease = index.lease().orElseThrow()) {
      return lease.nearest(embedder.embed(text), null, 1).get(0).article().id();
    }
  }

  @Test
  void aRestartOpensTheVectorIndexOnDiskInsteadOfRebuildingIt() {
    FakeEmbedder embedder = new FakeEmbedder();
    try (CorpusIndex first = new Semantic(embedder, data, log::add).build(Fixtures.corpus(), 1, CorpusLoader.Progress.NONE)) {
      assertEquals("3", nearestTo(first, "what is a simile", embedder));
    }
    assertEquals(1, log.stream().filter(l -> l.startsWith("building the vector index of 6 texts")).count(), log.toString());
    try (CorpusIndex second = new Semantic(embedder, data, log::add).build(Fixtures.corpus(), 2, CorpusLoader.Progress.NONE)) {
      assertEquals("3", nearestTo(second, "what is a simile", embedder));
    }
    assertEquals(
        1,
        log.stream().filter(l -> l.startsWith("building the vector index") || l.startsWith("updating the vector index")).count(),
        "rebuilt on restart: " + log);
  }

  @Test
  void aVectorIndexHeldByAnotherProcessFallsBackToMemory() throws IOException {
    FakeEmbedder embedder = new FakeEmbedder();
    try (Directory dir = FSDirectory.open(data.resolve(Semantic.INDEX_DIR));
        Lock held = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME);
        CorpusIndex index = new Semantic(embedder, data, log::add).build(Fixtures.corpus(), 1, CorpusLoader.Progress.NONE)) {
      assertTrue(log.stream().anyMatch(l -> l.contains("indexing the vectors in memory")), log.toString());
      assertEquals("3", nearestTo(index, "what is a simile", embedder));
    }
  }
}

package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.answer.Library;
import org.studybot.answer.ReloadReport;
import org.studybot.content.CorpusLoader;

/** A data directory that cannot be written costs the on-disk cache, never a load or a reload. */
class UnwritableDataDirTest {
  @Test
  void loadsAndReloadsWithTheVectorsInMemoryAndSaysSoOnce(@TempDir Path tmp) throws Exception {
    // Root ignores permission bits: a path under a plain file cannot be created by anyone.
    Path data = Files.writeString(tmp.resolve("plain-file"), "x").resolve("data");
    List<String> log = new CopyOnWriteArrayList<>();
    FakeEmbedder embedder = new FakeEmbedder();
    Semantic semantic = new Semantic(embedder, data, log::add);
    try (Library library = new Library(Path.of("src/test/resources/slack-corpus"), new CorpusLoader(1 << 20),
        semantic::build, log::add)) {
      assertTrue(library.loadNow().swapped(), log.toString());
      for (int i = 0; i < 2; i++) {
        ReloadReport r = library.reload().get(60, TimeUnit.SECONDS);
        assertTrue(r.swapped(), r.message() + " " + log);
      }
      assertEquals(10, library.current().size());
    }
    assertEquals(1, log.stream().filter(l -> l.contains("cannot write the vector cache")
        && l.contains("keeping the vectors in memory")).count(), log.toString());
    assertEquals(1, log.stream().filter(l -> l.contains("indexing the vectors in memory")).count(), log.toString());
    // Kept in memory, the vectors are not embedded again on reload.
    assertEquals(10, embedder.embedded.get());
  }
}

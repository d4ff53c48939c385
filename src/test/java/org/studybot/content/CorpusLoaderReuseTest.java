package org.studybot.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload reuses the articles of unchanged files and reads every changed or fresh one again. */
class CorpusLoaderReuseTest {
  private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));
  private static final FileTime TWO_HOURS_AGO = FileTime.from(Instant.now().minusSeconds(7200));

  @TempDir Path dir;

  private Path write(String name, String title, FileTime modified) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "---\nid: " + name.hashCode() % 1000 + "\ntitle: " + title + "\nanswer: An answer.\nsubject: Biology\nurl: /learn/x\n---\n",
        StandardCharsets.UTF_8);
    if (modified != null) {
      Files.setLastModifiedTime(f, modified);
    }
    return f;
  }

  private static Article only(LoadResult r) {
    assertEquals(1, r.articles().size(), r.problems().toString());
    return r.articles().get(0);
  }

  @Test
  void unchangedFileIsNotParsedAgain() throws IOException {
    write("a.md", "Osmosis", AN_HOUR_AGO);
    CorpusLoader loader = new CorpusLoader(1 << 20);
    Article first = only(loader.load(dir));
    assertSame(first, only(loader.load(dir)));
    assertNotSame(first, only(new CorpusLoader(1 << 20).load(dir)), "another loader remembers nothing");
  }

  @Test
  void changedFileIsReadAgainEvenAtTheSameSize() throws IOException {
    write("a.md", "Osmosis", AN_HOUR_AGO);
    CorpusLoader loader = new CorpusLoader(1 << 20);
    assertEquals("Osmosis", only(loader.load(dir)).title());
    write("a.md", "Mitosis", TWO_HOURS_AGO); // same length, an older time: only the time differs
    assertEquals("Mitosis", only(loader.load(dir)).title());
  }

  @Test
  void fileRewrittenWithTheSameContentKeepsItsArticle() throws IOException {
    write("a.md", "Osmosis", TWO_HOURS_AGO);
    write("b.md", "Mitosis", TWO_HOURS_AGO);
    CorpusLoader loader = new CorpusLoader(1 << 20);
    List<Article> first = loader.load(dir).articles();
    // Both rewritten (as a full re-export does), one with new content: both are read again, the
    // unchanged one stays the same object, so the old and new corpus share it during a reload.
    write("a.md", "Osmosis", AN_HOUR_AGO);
    write("b.md", "Meiosis", AN_HOUR_AGO);
    List<Article> second = loader.load(dir).articles();
    assertSame(first.get(0), second.get(0));
    assertEquals("Meiosis", second.get(1).title());
    assertNotSame(first.get(1), second.get(1));
  }

  @Test
  void freshlyWrittenFileIsAlwaysReadAgain() throws IOException {
    write("a.md", "Osmosis", null); // modified just now: within one timestamp tick of the load
    CorpusLoader loader = new CorpusLoader(1 << 20);
    Article first = only(loader.load(dir));
    Article second = only(loader.load(dir));
    assertNotSame(first, second);
    assertEquals(first, second);
  }

  @Test
  void deletedFileIsForgotten() throws IOException {
    Path a = write("a.md", "Osmosis", AN_HOUR_AGO);
    write("b.md", "Mitosis", AN_HOUR_AGO);
    CorpusLoader loader = new CorpusLoader(1 << 20);
    assertEquals(2, loader.load(dir).articles().size());
    Files.delete(a);
    assertEquals(List.of("Mitosis"), loader.load(dir).articles().stream().map(Article::title).toList());
  }
}

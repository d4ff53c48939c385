package org.studybot.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/** The evaluation set's format, and that it points at articles that exist. */
class EvalSetTest {
  @TempDir Path tmp;

  @Test
  void readsCasesAndOffTopic() throws IOException {
    Files.writeString(tmp.resolve("a.tsv"), "kind\tsubject\tquestion\texpected_id\ncasual\t\twat is x\t12\noff\t\thi there\tnone\n");
    EvalSet set = EvalSet.load(tmp);
    assertEquals(2, set.cases().size());
    assertEquals("12", set.cases().get(0).expected());
    assertNull(set.cases().get(0).subject());
    assertTrue(set.cases().get(1).offTopic());
    assertEquals("a.tsv:3", set.cases().get(1).source());
  }

  @Test
  void badLinesAndEmptyDirectoriesAreNamed() throws IOException {
    assertTrue(assertThrows(IOException.class, () -> EvalSet.load(tmp)).getMessage().contains("no *.tsv"));
    assertEquals(
        tmp.resolve("missing") + ": not a directory (expected a directory of *.tsv evaluation files)",
        assertThrows(IOException.class, () -> EvalSet.load(tmp.resolve("missing"))).getMessage());
    Files.writeString(tmp.resolve("b.tsv"), "kind\tsubject\tquestion\texpected_id\nonly\ttwo\n");
    assertTrue(assertThrows(IOException.class, () -> EvalSet.load(tmp)).getMessage().endsWith("b.tsv:2: expected 4 tab-separated columns, found 2"));
  }

  @Test
  void theBundledSetIsTheSourceTreeSet() throws IOException {
    EvalSet source = EvalSet.load(Path.of("src/test/resources/eval"));
    EvalSet bundled = EvalSet.bundled();
    assertTrue(source.cases().size() > 500, "the source set has " + source.cases().size() + " cases");
    assertEquals(source, bundled);
  }

  @Test
  void everyExpectedArticleIsInTheCorpus() throws IOException {
    Set<String> ids =
        new CorpusLoader(1_048_576).load(Path.of("content")).articles().stream().map(Article::id).collect(Collectors.toSet());
    EvalSet set = EvalSet.load(Path.of("src/test/resources/eval"));
    for (EvalSet.Case c : set.cases()) {
      if (!c.offTopic()) {
        assertTrue(ids.contains(c.expected()), () -> c.source() + ": " + c.expected() + " is not in content/");
      }
    }
  }
}

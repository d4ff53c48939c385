package org.studybot.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.content.LoadResult;

/** The distractor generator: FOLDOC entries in, articles the loader accepts out. */
class DictionaryDistractorsTest {

  @Test
  void anEntryBecomesItsTermAndTheFirstSentencesOfItsFirstSense() {
    DictionaryDistractors.Entry e =
        DictionaryDistractors.parse(
            "bot\n\n   1. <networking, chat, web> (From \"{robot}\") Any type\n   of autonomous {software} that"
                + " operates as an {agent} for a\n   user.\n\n   2. <jargon> Something else entirely.\n\n"
                + "   (2001-02-06)\n\n");
    assertEquals("bot", e.term());
    // The leading parenthesis (where the term comes from) is dropped with the markup.
    assertEquals("Any type of autonomous software that operates as an agent for a user.", e.definition());
  }

  @Test
  void pointersFragmentsAndOddTermsAreSkipped() {
    assertNull(DictionaryDistractors.parse("COTS\n\n   <software> See {commercial software}.\n\n   (2007-02-08)\n"));
    assertNull(DictionaryDistractors.parse("x\n\n   <tool> Short.\n"));
    assertNull(DictionaryDistractors.parse("{weird}\n\n   <tool> A definition long enough to be kept otherwise.\n"));
  }

  @Test
  void aLongDefinitionIsCutAtASentenceEnd() {
    String s = "First sentence is here and fine. " + "More words follow here. ".repeat(20);
    String cut = DictionaryDistractors.firstSentences(s);
    assertTrue(cut.length() <= DictionaryDistractors.MAX_DEFINITION && cut.endsWith("."), cut);
  }

  @Test
  void dictdNumbersAreBase64MostSignificantFirst() {
    assertEquals(0, DictionaryDistractors.decode("A"));
    assertEquals(64 + 2, DictionaryDistractors.decode("BC"));
    assertEquals(-1, DictionaryDistractors.decode("!"));
  }

  @Test
  void theWrittenFilesLoadAsArticlesInTheSeedFormat(@TempDir Path out) throws Exception {
    List<DictionaryDistractors.Entry> entries =
        List.of(
            new DictionaryDistractors.Entry("TCP/IP", "The suite of protocols the Internet runs on: it moves data: #1."),
            new DictionaryDistractors.Entry("C++", "An object-oriented language derived from C, with classes."),
            new DictionaryDistractors.Entry("laptop", "A portable computer small enough to use on your lap."));
    assertEquals(2, DictionaryDistractors.write(entries, 2, 7, out));
    LoadResult r = new CorpusLoader(1 << 20).load(out);
    assertTrue(r.problems().isEmpty(), () -> r.problems().toString());
    assertEquals(2, r.articles().size());
    for (Article a : r.articles()) {
      assertTrue(a.title().startsWith("What is ") && a.title().endsWith("?"), a.title());
      assertEquals(DictionaryDistractors.SUBJECT, a.subject());
      assertTrue(a.answer().equals(a.description()) && a.answer().length() > 20, a.answer());
    }
    // The same seed picks the same entries.
    Path again = out.resolveSibling(out.getFileName() + "-again");
    DictionaryDistractors.write(entries, 2, 7, again);
    assertEquals(
        r.articles().stream().map(Article::title).sorted().toList(),
        new CorpusLoader(1 << 20).load(again).articles().stream().map(Article::title).sorted().toList());
  }
}

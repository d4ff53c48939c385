package org.studybot.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

/** The analyzer's chain, token by token. */
class StudyAnalyzerTest {
  private final Analyzer analyzer = new StudyAnalyzer();

  private List<String> tokens(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(Documents.ALL, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }

  @Test
  void possessiveLowerCaseAndStem() throws IOException {
    assertEquals(List.of("newton", "law", "motion"), tokens("Newton's Laws of Motion"));
    assertEquals(List.of("run", "run", "ran"), tokens("running RUNS ran"));
    assertEquals(List.of("photosynthesi", "plant"), tokens("photosynthesis plants"));
  }

  @Test
  void questionWordsAndChatAreStopWords() throws IOException {
    assertEquals(List.of("stack", "queue"), tokens("What is the difference between a stack and a queue?"));
    assertEquals(List.of(), tokens("hey can you please explain what happens, thanks lol"));
    assertEquals(List.of("great", "depress", "caus"), tokens("why did the great depression happen? what caused it"));
  }

  @Test
  void accentsAreFoldedAfterLowerCasing() throws IOException {
    // "à" folds to "a", a stop word: folding runs before the stop filter.
    assertEquals(List.of("cafe", "creme", "zurich"), tokens("Café CRÈME à Zürich"));
    assertEquals(List.of("naiv", "resum"), tokens("naïve résumé"));
  }

  @Test
  void cjkAndRightToLeftScriptsSurvive() throws IOException {
    assertEquals(List.of("光", "合", "作", "用"), tokens("光合作用"));
    assertEquals(List.of("مرحبا", "بالعالم"), tokens("مرحبا بالعالم"));
    assertEquals(List.of("שלום", "עולם"), tokens("שלום עולם"));
  }

  @Test
  void punctuationAndMarkupAreWordBreaks() throws IOException {
    assertEquals(List.of("tcp", "ip", "1929"), tokens("TCP/IP in 1929!"));
    assertEquals(List.of("hot", "reservoir", "w", "q_h", "q_c"), tokens("**Hot Reservoir** `W = Q_h - Q_c`"));
    assertEquals(List.of("carnot", "cycl", "http", "example.org", "carnot"), tokens("[Carnot cycle](http://example.org/carnot)"));
    assertEquals(List.of("entropi", "heat"), tokens("\"entropy AND (heat OR *)"));
  }

  @Test
  void overLongTokensAreDropped() throws IOException {
    assertEquals(List.of("short"), tokens("short " + "x".repeat(41)));
    assertEquals(List.of("x".repeat(40)), tokens("x".repeat(40)));
  }

  @Test
  void offsetsPointIntoTheOriginalText() throws IOException {
    String text = "the Krebs cycle";
    try (TokenStream ts = analyzer.tokenStream(Documents.ALL, text)) {
      OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      assertTrue(ts.incrementToken());
      assertEquals("Krebs", text.substring(off.startOffset(), off.endOffset()));
      ts.end();
    }
  }

  @Test
  void normalizeFoldsWithoutStemming() {
    assertEquals("cafe", analyzer.normalize(Documents.ALL, "CAFÉ").utf8ToString());
  }
}

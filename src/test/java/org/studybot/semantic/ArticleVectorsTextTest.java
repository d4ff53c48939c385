package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The answer's opening is cleaned from a prefix of the answer: it must equal cleaning the whole
 * answer, or every cached vector would be embedded again.
 */
class ArticleVectorsTextTest {
  /** The cleaning as it was first written, over the whole answer. */
  private static String whole(String answer, int max) {
    String plain = answer.replaceAll("\\*\\*|`|\\[|\\]\\([^)]*\\)", "").replaceAll("\\s+", " ").strip();
    return ArticleVectors.opening(plain, max);
  }

  @Test
  void aLinkSplitByTheCutIsRemovedWhole() {
    String answer = "word ".repeat(9) + "[see](" + "x".repeat(40) + ") and more words " + "tail ".repeat(20);
    assertEquals(whole(answer, 10), ArticleVectors.plainOpening(answer, 10));
  }

  @Test
  void boldSplitByTheCutIsRemovedWhole() {
    String answer = "a".repeat(39) + "**bold** " + "b ".repeat(40);
    assertEquals(whole(answer, 10), ArticleVectors.plainOpening(answer, 10));
  }

  @Test
  void matchesCleaningTheWholeAnswerOnRandomMarkup() {
    Random random = new Random(11);
    String[] parts = {"*", "**", "]", "[", "](", ")", " ", "  ", "\n", "`", "a", "word"};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = 20 + random.nextInt(600);
      while (sb.length() < length) {
        sb.append(parts[random.nextInt(parts.length)]);
      }
      for (int max : new int[] {5, 20, 100}) {
        assertEquals(whole(sb.toString(), max), ArticleVectors.plainOpening(sb.toString(), max), sb.toString());
      }
    }
  }
}

package org.studybot.content;

import java.text.BreakIterator;
import java.util.Locale;

/** The short summary a reply shows for an article. */
public final class Summaries {
  private Summaries() {}

  /**
   * The article's {@code seo.page_description} when it has one, else the opening of its answer
   * cut at the last sentence end that fits in {@code maxChars} (at a word, with an ellipsis, when
   * even the first sentence is longer).
   */
  public static String of(Article article, int maxChars) {
    if (!article.description().isBlank()) {
      return article.description();
    }
    String text = article.answerText().plain().replaceAll("\\s+", " ").strip();
    return cut(text, maxChars);
  }

  /** {@code text} cut at a sentence boundary to at most {@code maxChars} characters. */
  public static String cut(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    sentences.setText(text);
    int end = sentences.preceding(maxChars + 1);
    if (end != BreakIterator.DONE && end > 0) {
      return text.substring(0, end).strip();
    }
    int space = text.lastIndexOf(' ', maxChars - 1);
    return text.substring(0, space > 0 ? space : maxChars - 1).strip() + "…";
  }
}

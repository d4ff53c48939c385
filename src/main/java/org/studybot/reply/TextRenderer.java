package org.studybot.reply;

import org.studybot.content.AnswerText;

/**
 * Renders a {@link Reply} as plain text for the terminal: the title and link, the summary, how
 * sure the bot is, and the related reading. Control characters from articles or questions (escape
 * sequences that could recolour the terminal, rewrite lines or plant hyperlinks) are dropped; line
 * breaks and tabs stay. Thread-safe.
 */
public final class TextRenderer {
  private final boolean fullAnswer;

  /** @param fullAnswer whether to print the whole answer under the summary */
  public TextRenderer(boolean fullAnswer) {
    this.fullAnswer = fullAnswer;
  }

  /** The reply as lines of text, ending with a newline. */
  public String render(Reply r) {
    return CONTROL.matcher(text(r)).replaceAll("");
  }

  // C0 and C1 controls but line breaks and tabs, and bidirectional overrides that reorder text.
  private static final java.util.regex.Pattern CONTROL =
      java.util.regex.Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069&&[^\\n\\t]]");

  private String text(Reply r) {
    StringBuilder sb = new StringBuilder();
    switch (r.status()) {
      case ANSWERED -> {
        article(sb, r.article());
        sb.append('\n').append(r.summary()).append('\n');
        if (fullAnswer) {
          sb.append('\n').append(answer(r.answer())).append('\n');
        }
        sb.append(String.format("%n(%s · %.0f%% sure)%n", r.article().subject(), r.confidence() * 100));
        if (!r.related().isEmpty()) {
          sb.append("\nRelated:\n");
          for (ArticleRef ref : r.related()) {
            sb.append("  - ").append(ref.title()).append("  ").append(ref.link()).append('\n');
          }
        }
      }
      case UNSURE -> {
        sb.append(r.message()).append(String.format(" (%.0f%% sure)%n", r.confidence() * 100));
        int i = 1;
        for (ArticleRef ref : r.alternatives()) {
          sb.append("  ").append(i++).append(". ").append(ref.title()).append(" [").append(ref.subject()).append("]\n");
          sb.append("     ").append(ref.link()).append('\n');
        }
      }
      case NONE -> sb.append(r.message()).append('\n');
    }
    return sb.toString();
  }

  private static void article(StringBuilder sb, ArticleRef a) {
    sb.append(a.title()).append('\n').append(a.link()).append('\n');
  }

  /** The answer as plain paragraphs, bold kept as {@code *text*}. */
  static String answer(AnswerText text) {
    StringBuilder sb = new StringBuilder();
    for (AnswerText.Paragraph p : text.paragraphs()) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      if (p.number() > 0) {
        sb.append(p.number()).append(". ");
      }
      for (AnswerText.Span s : p.spans()) {
        switch (s.style()) {
          case BOLD -> sb.append(s.text());
          case CODE -> sb.append('`').append(s.text()).append('`');
          case LINK -> sb.append(s.text()).append(" (").append(s.url()).append(')');
          default -> sb.append(s.text());
        }
      }
    }
    return sb.toString();
  }
}

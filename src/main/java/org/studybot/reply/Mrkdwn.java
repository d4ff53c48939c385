package org.studybot.reply;

import org.studybot.content.AnswerText;

/**
 * Slack's mrkdwn: escaping, links, answer text, and cutting text to a limit without breaking a
 * link or an escape apart. Thread-safe (stateless).
 */
public final class Mrkdwn {
  private Mrkdwn() {}

  /** {@code text} with Slack's three control characters escaped ({@code & < >}). */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * A link {@code <url|label>}. The label is escaped and loses {@code |} (which would end it); a
   * url that is not http(s) is not linked at all, so content cannot smuggle in {@code
   * <!channel>}-style mentions.
   */
  public static String link(String url, String label) {
    String l = escape(label).replace('|', '/');
    if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.contains(" ")) {
      return l;
    }
    return "<" + escape(url).replace("|", "%7C") + "|" + l + ">";
  }

  /** An answer as mrkdwn: {@code *bold*}, {@code `code`}, links, numbered points, blank lines between paragraphs. */
  public static String of(AnswerText text) {
    StringBuilder sb = new StringBuilder();
    for (AnswerText.Paragraph p : text.paragraphs()) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      sb.append(paragraph(p));
    }
    return sb.toString();
  }

  /** One paragraph as mrkdwn. */
  public static String paragraph(AnswerText.Paragraph p) {
    StringBuilder sb = new StringBuilder();
    if (p.number() > 0) {
      sb.append(p.number()).append(". ");
    }
    for (AnswerText.Span s : p.spans()) {
      String t = s.text();
      switch (s.style()) {
        // Slack's emphasis markers only work around non-blank text.
        case BOLD -> sb.append(t.isBlank() ? escape(t) : "*" + escape(t.strip()) + "*");
        case CODE -> sb.append(t.isBlank() ? escape(t) : "`" + escape(t.replace('`', '\'')) + "`");
        case LINK -> sb.append(link(s.url(), t));
        default -> sb.append(escape(t));
      }
    }
    return sb.toString();
  }

  /**
   * {@code text} cut to at most {@code max} characters (an ellipsis included), at a line or word
   * break where one is near, never inside a {@code <link>} or an {@code &escape;}.
   */
  public static String cut(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    int lt = text.lastIndexOf('<', end - 1);
    if (lt >= 0 && text.indexOf('>', lt) >= end) {
      end = lt;
    }
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && amp > end - 6 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    int nl = text.lastIndexOf('\n', end - 1);
    int sp = text.lastIndexOf(' ', end - 1);
    int brk = nl > end / 2 ? nl : sp > end / 2 ? sp : end;
    if (brk > 0 && Character.isLowSurrogate(text.charAt(brk))) {
      brk--;
    }
    return text.substring(0, brk).stripTrailing() + "…";
  }
}

package org.studybot.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer broken into paragraphs of styled spans, so each front end renders {@code **bold**},
 * {@code `code`} and {@code [text](url)} its own way. Immutable and thread-safe.
 *
 * @param paragraphs the paragraphs in order; a numbered point is one paragraph
 */
public record AnswerText(List<Paragraph> paragraphs) {

  public AnswerText {
    paragraphs = List.copyOf(paragraphs);
  }

  /** One paragraph: its list number (0 when it is not a numbered point) and its spans. */
  public record Paragraph(int number, List<Span> spans) {
    public Paragraph {
      spans = List.copyOf(spans);
    }

    /** The paragraph's text without styling (and without its list number). */
    public String plain() {
      StringBuilder sb = new StringBuilder();
      for (Span s : spans) {
        sb.append(s.text());
      }
      return sb.toString();
    }
  }

  /** A run of text in one style. */
  public record Span(Style style, String text, String url) {
    public Span(Style style, String text) {
      this(style, text, null);
    }
  }

  /** How a span looks. A {@link Style#LINK} span carries its url. */
  public enum Style {
    PLAIN,
    BOLD,
    CODE,
    LINK
  }

  private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,3})[.)]\\s+(.*)$", Pattern.DOTALL);
  private static final Pattern BULLET = Pattern.compile("^[-*•]\\s+(.*)$", Pattern.DOTALL);
  // A link's URL may hold balanced parentheses (https://en.wikipedia.org/wiki/Set_(mathematics)),
  // and spaces, so that a broken URL is still recognised as a link and each front end can say so.
  private static final Pattern INLINE =
      Pattern.compile("\\*\\*(.+?)\\*\\*|`([^`]+)`|\\[([^\\]]+)\\]\\(((?:[^()\\n]|\\([^()\\n]*\\))+)\\)");

  /**
   * Parses answer text whose paragraphs are separated by blank lines. A line that starts a numbered
   * or bulleted point starts a new paragraph even without a blank line before it (as in {@code |}
   * literal answers); other single line breaks are soft wraps.
   */
  public static AnswerText parse(String text) {
    List<Paragraph> out = new ArrayList<>();
    if (text == null) {
      return new AnswerText(out);
    }
    for (String block : text.split("\\n\\s*\\n")) {
      StringBuilder current = new StringBuilder();
      for (String rawLine : block.split("\\n")) {
        String line = rawLine.strip();
        if (line.isEmpty()) {
          continue;
        }
        if (current.length() > 0 && (NUMBERED.matcher(line).matches() || BULLET.matcher(line).matches())) {
          out.add(paragraph(current.toString()));
          current.setLength(0);
        }
        if (current.length() > 0) {
          current.append(' ');
        }
        current.append(line);
      }
      if (current.length() > 0) {
        out.add(paragraph(current.toString()));
      }
    }
    return new AnswerText(out);
  }

  private static Paragraph paragraph(String text) {
    int number = 0;
    Matcher m = NUMBERED.matcher(text);
    if (m.matches()) {
      number = Integer.parseInt(m.group(1));
      text = m.group(2);
    } else {
      Matcher b = BULLET.matcher(text);
      if (b.matches()) {
        text = b.group(1);
      }
    }
    return new Paragraph(number, spans(text));
  }

  private static List<Span> spans(String text) {
    List<Span> spans = new ArrayList<>();
    Matcher m = INLINE.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        spans.add(new Span(Style.PLAIN, text.substring(at, m.start())));
      }
      if (m.group(1) != null) {
        spans.add(new Span(Style.BOLD, m.group(1)));
      } else if (m.group(2) != null) {
        spans.add(new Span(Style.CODE, m.group(2)));
      } else {
        spans.add(new Span(Style.LINK, m.group(3), m.group(4).strip()));
      }
      at = m.end();
    }
    if (at < text.length()) {
      spans.add(new Span(Style.PLAIN, text.substring(at)));
    }
    return spans;
  }

  /** The whole answer as plain text, paragraphs separated by blank lines. */
  public String plain() {
    StringBuilder sb = new StringBuilder();
    for (Paragraph p : paragraphs) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      if (p.number() > 0) {
        sb.append(p.number()).append(". ");
      }
      sb.append(p.plain());
    }
    return sb.toString();
  }
}

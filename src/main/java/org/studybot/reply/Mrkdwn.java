package org.studybot.reply;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.studybot.content.AnswerText;

/**
 * Slack's mrkdwn, built safely from text that came from articles or students. Thread-safe
 * (stateless).
 *
 * <p>The escaping model (one rule for every front end that talks to Slack):
 *
 * <ul>
 *   <li>Text inside the bot is plain: what the student typed (Slack's entities decoded once, on
 *       input, by the Slack adapter) and what the article says.
 *   <li>Every mrkdwn field and every top-level {@code text} fallback escapes {@code & < >} exactly
 *       once, here ({@link #escape}, {@link #fallback}). Nothing from content or students can
 *       therefore become {@code <!channel>}, {@code <@U…>}, {@code <#C…>} or {@code <url|label>}:
 *       the only angle brackets in a payload are the links made by {@link #link}, whose target is
 *       an {@code http}, {@code https} or {@code mailto} URL checked by {@link #safeUrl}.
 *   <li>Titles, subjects and quoted questions are {@link #literal}: emphasis markers ({@code * _ ~}
 *       and the backtick) inside them are replaced by look-alikes, so they cannot open or close
 *       bold, italic, strike or code around them.
 *   <li>{@code plain_text} fields (headers, button labels) are not parsed by Slack for markup and
 *       are sent as they are.
 * </ul>
 */
public final class Mrkdwn {
  /** Longest link target linked; longer ones are shown as text, so one link always fits a block. */
  public static final int MAX_URL_CHARS = 1000;
  /** Longest link label (before escaping); longer labels are cut. */
  public static final int MAX_LABEL_CHARS = 300;

  private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

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
   * {@code text} escaped and with its emphasis markers neutralised: {@code *}, {@code _}, {@code ~}
   * and {@code `} become look-alikes (∗ ˍ ∼ ˋ), so a title such as {@code C*-algebras} cannot end
   * the bold around it.
   */
  public static String literal(String text) {
    String e = escape(text);
    StringBuilder sb = new StringBuilder(e.length());
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      switch (c) {
        case '*' -> sb.append('\u2217');
        case '_' -> sb.append('\u02cd');
        case '~' -> sb.append('\u223c');
        case '`' -> sb.append('\u02cb');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** {@code *text*} with {@code text} {@link #literal}; blank text is not wrapped. */
  public static String bold(String text) {
    return wrap('*', literal(text));
  }

  /** {@code _text_} with {@code text} {@link #literal}; blank text is not wrapped. */
  public static String italic(String text) {
    return wrap('_', literal(text));
  }

  private static String wrap(char marker, String inner) {
    // Slack's emphasis markers only work around text that does not start or end with a space.
    String s = inner.strip();
    return s.isEmpty() ? inner : marker + s + marker;
  }

  /** A plain-text fallback (a message's top-level {@code text}, an ack): escaped, cut to {@code max}. */
  public static String fallback(String plain, int max) {
    String t = plain == null || plain.isBlank() ? " " : plain.strip();
    return cut(escape(t), max);
  }

  /**
   * The URL to link to, or empty when it must not be linked: only {@code http}, {@code https} and
   * {@code mailto}; a site path ({@code /learn/…}) is resolved against {@code siteBase}; anything
   * that does not parse as a URI (spaces, angle brackets, {@code |}) or is longer than {@link
   * #MAX_URL_CHARS} is refused, and so is any other scheme ({@code javascript:}, {@code data:}).
   *
   * @param siteBase the site's base URL for relative links, or {@code null} to refuse them
   */
  public static Optional<String> safeUrl(String url, String siteBase) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String u = url.strip();
    if (!SCHEME.matcher(u).lookingAt() && !u.startsWith("//")) {
      // A site path as the export writes them ("/learn/…"; a missing leading slash tolerated).
      if (siteBase == null || siteBase.isBlank()) {
        return Optional.empty();
      }
      String base = siteBase.endsWith("/") ? siteBase.substring(0, siteBase.length() - 1) : siteBase;
      u = base + (u.startsWith("/") ? u : "/" + u);
    }
    if (u.length() > MAX_URL_CHARS) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme();
      if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
        return Optional.empty();
      }
      if (scheme.equalsIgnoreCase("mailto")) {
        String to = uri.getSchemeSpecificPart();
        return to != null && to.indexOf('@') > 0 ? Optional.of(u) : Optional.empty();
      }
      return uri.getHost() == null || uri.getHost().isEmpty() ? Optional.empty() : Optional.of(u);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * A link {@code <url|label>}. The label is {@link #literal} (cut to {@link #MAX_LABEL_CHARS})
   * and loses {@code |}, which would end it. A URL {@link #safeUrl} refuses is not linked: the
   * label alone is shown.
   *
   * @param siteBase resolves site paths ({@code /learn/…}), or {@code null}
   */
  public static String link(String url, String label, String siteBase) {
    String l = literal(Blocks.plainCut(label, MAX_LABEL_CHARS)).replace('|', '/');
    return safeUrl(url, siteBase).map(u -> "<" + escape(u).replace("|", "%7C") + "|" + l + ">").orElse(l);
  }

  /** {@link #link} with no site base: only absolute URLs are linked. */
  public static String link(String url, String label) {
    return link(url, label, null);
  }

  /**
   * Like {@link #link}, but a URL that cannot be linked is still shown, as text after the label
   * ({@code label: url}), so the reader is not left with a link that goes nowhere.
   */
  public static String linkOrText(String url, String label, String siteBase) {
    if (safeUrl(url, siteBase).isPresent() || url == null || url.isBlank()) {
      return link(url, label, siteBase);
    }
    String u = url.strip();
    if (!SCHEME.matcher(u).lookingAt() && !u.startsWith("//") && siteBase != null) {
      u = siteBase.replaceAll("/+$", "") + (u.startsWith("/") ? u : "/" + u);
    }
    String l = label.endsWith(" →") ? label.substring(0, label.length() - 2) : label;
    return literal(l) + ": " + literal(Blocks.plainCut(u, MAX_URL_CHARS));
  }

  /** An answer as mrkdwn: {@code *bold*}, {@code `code`}, links, numbered points, blank lines between paragraphs. */
  public static String of(AnswerText text, String siteBase) {
    StringBuilder sb = new StringBuilder();
    for (AnswerText.Paragraph p : text.paragraphs()) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      sb.append(paragraph(p, siteBase));
    }
    return sb.toString();
  }

  /**
   * One paragraph as mrkdwn. Bold text is {@link #literal} inside its markers; a link whose URL
   * cannot be linked shows its text and the URL as text.
   *
   * @param siteBase resolves site paths ({@code [text](/learn/…)}), or {@code null}
   */
  public static String paragraph(AnswerText.Paragraph p, String siteBase) {
    StringBuilder sb = new StringBuilder();
    if (p.number() > 0) {
      sb.append(p.number()).append(". ");
    }
    for (AnswerText.Span s : p.spans()) {
      String t = s.text();
      switch (s.style()) {
        case BOLD -> sb.append(t.isBlank() ? escape(t) : bold(t));
        case CODE -> sb.append(t.isBlank() ? escape(t) : "`" + escape(t.replace('`', '\'')) + "`");
        case LINK -> sb.append(
            safeUrl(s.url(), siteBase).isPresent()
                ? link(s.url(), t, siteBase)
                : literal(t) + " (" + literal(s.url() == null ? "" : Blocks.plainCut(s.url(), MAX_URL_CHARS)) + ")");
        default -> sb.append(escape(t));
      }
    }
    return sb.toString();
  }

  /**
   * {@code text} cut to at most {@code max} characters (an ellipsis included), at a line or word
   * break where one is near, never inside a {@code <link>}, an {@code &escape;} or a surrogate
   * pair. A single word longer than {@code max} is cut inside.
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
    if (brk > 0 && brk < text.length() && Character.isLowSurrogate(text.charAt(brk))) {
      brk--;
    }
    return text.substring(0, brk).stripTrailing() + "…";
  }
}

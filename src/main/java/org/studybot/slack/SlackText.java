package org.studybot.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a student typed, from Slack's wire form to plain text, once, where it enters the bot
 * (mention and DM events, slash-command text). Thread-safe (stateless).
 *
 * <p>Slack sends message and command text with its markup ({@code <@U123>}, {@code <!here>},
 * {@code <#C1|general>}, {@code <https://x|label>}) and with the student's own {@code &}, {@code
 * <}, {@code >} as the entities {@code &amp;}, {@code &lt;}, {@code &gt;}. The slash commands are
 * declared with {@code should_escape: true} in the manifest, so mentions, channels and links
 * typed after {@code /ask} or {@code /study} arrive as markup too, and are handled here like
 * those in messages. Here mentions, broadcasts and bare links are dropped (they are not part of
 * a question and must never be echoed), channels keep their name and links their label; then the
 * three entities are decoded in one pass. The rest of the bot only sees plain text, and the
 * renderers escape it once on the way out.
 */
final class SlackText {
  private static final Pattern MARKUP = Pattern.compile("<([^<>|]*)(?:\\|([^<>]*))?>");
  private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt);");
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");

  private SlackText() {}

  /** {@code wire} as plain text (never {@code null}). */
  static String plain(String wire) {
    if (wire == null || wire.isEmpty()) {
      return "";
    }
    Matcher m = MARKUP.matcher(wire);
    StringBuilder sb = new StringBuilder(wire.length());
    while (m.find()) {
      String target = m.group(1);
      String label = m.group(2);
      String keep;
      if (target.startsWith("@") || target.startsWith("!")) {
        keep = " ";
      } else if (target.startsWith("#")) {
        keep = label == null || label.isBlank() ? " " : "#" + label;
      } else {
        keep = label == null ? " " : label;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(keep));
    }
    m.appendTail(sb);
    // Markup removed leaves runs of spaces; line breaks the student typed stay.
    return decode(SPACES.matcher(sb).replaceAll(" ")).strip();
  }

  /** Slack's three entities decoded in one pass ({@code &amp;lt;} becomes {@code &lt;}, not {@code <}). */
  static String decode(String text) {
    Matcher m = ENTITY.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      String c =
          switch (m.group(1)) {
            case "amp" -> "&";
            case "lt" -> "<";
            default -> ">";
          };
      m.appendReplacement(sb, Matcher.quoteReplacement(c));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}

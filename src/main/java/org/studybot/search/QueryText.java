package org.studybot.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans what a student typed into plain words before analysis: Slack markup left in the text
 * ({@code <@U123>}, {@code <!here>}, {@code <https://x|label>}, {@code :emoji:}), control
 * characters, over-long input, and chat shorthand ({@code diff btwn} → {@code difference between},
 * from {@code abbreviations.txt}). Thread-safe.
 *
 * <p>The text is plain: Slack's entities ({@code &amp;}, {@code &lt;}, {@code &gt;}) are decoded
 * once by the Slack adapter, never again here, so a student who types {@code &lt;} keeps it and
 * {@code 3 < 5} stays a comparison, not markup.
 */
public final class QueryText {
  // Only what Slack itself writes: mentions, broadcasts, channels and links.
  private static final Pattern SLACK_LINK =
      Pattern.compile("<([@!#][^<>|\\s]*|(?:https?|mailto):[^<>|\\s]*)(?:\\|([^<>]*))?>");
  private static final Pattern EMOJI = Pattern.compile(":[a-z0-9_+\\-]{1,40}:");
  // Pictographs, symbols and their joiners and modifiers: decoration, never part of a question.
  private static final Pattern SYMBOLS = Pattern.compile("[\\p{So}\\p{Sk}\\x{FE0E}\\x{FE0F}\\x{200D}\\x{20E3}\\x{1F3FB}-\\x{1F3FF}]+");
  // Lone surrogates (\\p{Cs}) too: a pair is matched as one code point, so only broken halves go.
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}&&[^\\n\\t]]");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}/']*");
  private static final Map<String, String> ABBREVIATIONS = loadAbbreviations();

  private QueryText() {}

  /** Slack markup and control characters removed, cut to {@code maxChars}. */
  public static String clean(String raw, int maxChars) {
    if (raw == null) {
      return "";
    }
    String text = raw;
    if (raw.length() > maxChars) {
      int end = maxChars;
      if (end > 0 && Character.isHighSurrogate(raw.charAt(end - 1))) {
        end--; // never keep half of a character
      }
      text = raw.substring(0, end);
    }
    Matcher m = SLACK_LINK.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String target = m.group(1);
      String label = m.group(2);
      String keep;
      if (target.startsWith("@") || target.startsWith("!")) {
        keep = " "; // a mention or a broadcast: not part of the question
      } else if (label != null) {
        keep = label; // a channel name or a link's text
      } else if (target.startsWith("#")) {
        keep = " ";
      } else {
        keep = " "; // a bare URL says nothing we can search for
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(keep));
    }
    m.appendTail(sb);
    text = sb.toString();
    text = EMOJI.matcher(text).replaceAll(" ");
    text = SYMBOLS.matcher(text).replaceAll(" ");
    text = CONTROL.matcher(text).replaceAll(" ");
    return text.replaceAll("\\s+", " ").strip();
  }

  /** {@link #clean} and then shorthand expanded, ready for the analyzer. */
  public static String normalize(String raw, int maxChars) {
    String text = clean(raw, maxChars);
    Matcher m = WORD.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String word = m.group();
      String expanded = ABBREVIATIONS.get(word.toLowerCase(Locale.ROOT));
      m.appendReplacement(sb, Matcher.quoteReplacement(expanded != null ? expanded : word));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static Map<String, String> loadAbbreviations() {
    Map<String, String> map = new HashMap<>();
    try (InputStream in = QueryText.class.getResourceAsStream("abbreviations.txt")) {
      if (in == null) {
        throw new IllegalStateException("abbreviations.txt is missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+", 2);
        if (parts.length == 2 && !parts[0].contains(" ")) {
          map.put(parts[0].toLowerCase(Locale.ROOT), parts[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(map);
  }
}

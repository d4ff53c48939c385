package org.studybot.reply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What a button carries back to the bot when clicked: enough to act without any server-side
 * state (so a click after a restart still works). Immutable and thread-safe.
 *
 * @param question the question the reply answered, or {@code ""}
 * @param subject the subject (asked for, or the one to browse), or {@code ""}
 * @param article the article id it concerns, or {@code ""}
 * @param ephemeral whether the message holding the button was ephemeral (only its asker sees it)
 * @param page the page to show, for browsing buttons; else 0
 */
public record ActionValue(String question, String subject, String article, boolean ephemeral, int page) {
  /** Slack's limit on a button's value. */
  public static final int MAX_CHARS = 2000;

  private static final int MAX_QUESTION_CHARS = 1200;

  public ActionValue {
    question = question == null ? "" : question;
    subject = subject == null ? "" : subject;
    article = article == null ? "" : article;
  }

  /** The value as a button carries it: compact JSON within {@link #MAX_CHARS}. */
  public String encode() {
    String q = question;
    while (true) {
      JsonObject o = new JsonObject();
      o.addProperty("q", q);
      if (!subject.isEmpty()) {
        o.addProperty("s", subject);
      }
      if (!article.isEmpty()) {
        o.addProperty("a", article);
      }
      if (ephemeral) {
        o.addProperty("e", 1);
      }
      if (page > 0) {
        o.addProperty("p", page);
      }
      String s = o.toString();
      // Escaped characters (quotes, control characters) can make the JSON longer than the text.
      if (s.length() <= MAX_CHARS || q.isEmpty()) {
        return s;
      }
      q = q.substring(0, Math.min(q.length() - 1, Math.min(MAX_QUESTION_CHARS, q.length() / 2)));
    }
  }

  /**
   * Reads a button value back.
   *
   * @throws IllegalArgumentException when it is not one this bot wrote
   */
  public static ActionValue decode(String value) {
    try {
      JsonObject o = JsonParser.parseString(value == null ? "" : value).getAsJsonObject();
      return new ActionValue(
          text(o.get("q")), text(o.get("s")), text(o.get("a")), o.has("e"), o.has("p") ? o.get("p").getAsInt() : 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("button value \"" + value + "\" is not a StudyBot action value", e);
    }
  }

  /** A value for a question and its reply's article. */
  public static ActionValue of(String question, String subject, String article, boolean ephemeral) {
    String q = question == null ? "" : question;
    return new ActionValue(q.length() > MAX_QUESTION_CHARS ? q.substring(0, MAX_QUESTION_CHARS) : q, subject, article, ephemeral, 0);
  }

  private static String text(JsonElement e) {
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}

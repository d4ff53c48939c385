package org.studybot.reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Block Kit blocks as JSON, each cut to Slack's limits as it is made, so no message this bot
 * builds is refused for size. Thread-safe (stateless).
 */
public final class Blocks {
  /** Most blocks in one message or view. */
  public static final int MAX_BLOCKS = 50;
  /** Longest text of a section block. */
  public static final int MAX_SECTION_CHARS = 3000;
  /** Longest text of a header block. */
  public static final int MAX_HEADER_CHARS = 150;
  /** Longest text of a button. */
  public static final int MAX_BUTTON_CHARS = 75;
  /** Longest text of one context element. */
  public static final int MAX_CONTEXT_CHARS = 2000;
  /** Most elements of an actions block. */
  public static final int MAX_ACTIONS = 25;
  /** Longest plain-text fallback this bot sends (Slack's own cap is far higher). */
  public static final int MAX_FALLBACK_CHARS = 3000;

  private Blocks() {}

  /** A section of mrkdwn, cut to {@link #MAX_SECTION_CHARS}. */
  public static JsonObject section(String mrkdwn) {
    JsonObject b = new JsonObject();
    b.addProperty("type", "section");
    b.add("text", text("mrkdwn", Mrkdwn.cut(mrkdwn.isEmpty() ? " " : mrkdwn, MAX_SECTION_CHARS)));
    return b;
  }

  /** A header of plain text, cut to {@link #MAX_HEADER_CHARS}. */
  public static JsonObject header(String plain) {
    JsonObject b = new JsonObject();
    b.addProperty("type", "header");
    b.add("text", text("plain_text", plainCut(plain, MAX_HEADER_CHARS)));
    return b;
  }

  /** A context line of mrkdwn, cut to {@link #MAX_CONTEXT_CHARS}. */
  public static JsonObject context(String mrkdwn) {
    JsonObject b = new JsonObject();
    b.addProperty("type", "context");
    JsonArray els = new JsonArray();
    els.add(text("mrkdwn", Mrkdwn.cut(mrkdwn, MAX_CONTEXT_CHARS)));
    b.add("elements", els);
    return b;
  }

  /** A divider. */
  public static JsonObject divider() {
    JsonObject b = new JsonObject();
    b.addProperty("type", "divider");
    return b;
  }

  /** A button; its label is cut to {@link #MAX_BUTTON_CHARS}, its value to {@link ActionValue#MAX_CHARS}. */
  public static JsonObject button(String actionId, String label, String value) {
    JsonObject b = new JsonObject();
    b.addProperty("type", "button");
    b.addProperty("action_id", actionId);
    b.add("text", text("plain_text", plainCut(label, MAX_BUTTON_CHARS)));
    if (value != null) {
      b.addProperty("value", value.length() <= ActionValue.MAX_CHARS ? value : value.substring(0, ActionValue.MAX_CHARS));
    }
    return b;
  }

  /** An actions block of up to {@link #MAX_ACTIONS} elements. */
  public static JsonObject actions(JsonObject... elements) {
    JsonObject b = new JsonObject();
    b.addProperty("type", "actions");
    JsonArray els = new JsonArray();
    for (int i = 0; i < elements.length && i < MAX_ACTIONS; i++) {
      els.add(elements[i]);
    }
    b.add("elements", els);
    return b;
  }

  /**
   * {@code blocks} within {@link #MAX_BLOCKS}: past the limit the last kept block says how many
   * were left out.
   */
  public static JsonArray fit(JsonArray blocks) {
    if (blocks.size() <= MAX_BLOCKS) {
      return blocks;
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < MAX_BLOCKS - 1; i++) {
      out.add(blocks.get(i));
    }
    out.add(context("… and " + (blocks.size() - MAX_BLOCKS + 1) + " more not shown."));
    return out;
  }

  /**
   * Adds {@code parts} joined by {@code separator} as sections, packing as many into each as
   * Slack's section limit allows (a part longer than the limit is cut).
   */
  public static void sections(JsonArray blocks, java.util.List<String> parts, String separator) {
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      String p = Mrkdwn.cut(part, MAX_SECTION_CHARS);
      if (sb.length() > 0 && sb.length() + separator.length() + p.length() > MAX_SECTION_CHARS) {
        blocks.add(section(sb.toString()));
        sb.setLength(0);
      }
      if (sb.length() > 0) {
        sb.append(separator);
      }
      sb.append(p);
    }
    if (sb.length() > 0) {
      blocks.add(section(sb.toString()));
    }
  }

  /** Plain text cut to {@code max} characters with an ellipsis, never between a surrogate pair. */
  public static String plainCut(String text, int max) {
    String t = text == null || text.isBlank() ? " " : text.strip();
    if (t.length() <= max) {
      return t;
    }
    int end = max - 1;
    if (Character.isLowSurrogate(t.charAt(end))) {
      end--;
    }
    return t.substring(0, end) + "…";
  }

  private static JsonObject text(String type, String text) {
    JsonObject t = new JsonObject();
    t.addProperty("type", type);
    t.addProperty("text", text);
    if (type.equals("plain_text")) {
      t.addProperty("emoji", true);
    } else {
      // Verbatim: Slack links only what the bot marked up as a link; it does not turn plain words
      // such as "@here", "#general" or "example.com" in article or student text into mentions,
      // channel links or URLs.
      t.addProperty("verbatim", true);
    }
    return t;
  }
}

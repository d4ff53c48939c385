package org.studybot.reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a payload the bot sends (a message, a response-URL body, an ack or a view) against
 * Slack's Block Kit limits and against the escaping model: in every mrkdwn field and every
 * top-level {@code text}, each {@code &} starts one of the three entities and each {@code <…>} is
 * a link to an http, https or mailto URL (or a mention of a user the caller allows); every mrkdwn
 * object is verbatim. Returns the violations, each naming where it is. Thread-safe (stateless).
 */
public final class SlackPayloadRules {
  /** Slack's limits (https://docs.slack.dev/reference/block-kit). */
  static final int MESSAGE_BLOCKS = 50;
  static final int VIEW_BLOCKS = 100;
  static final int TEXT_OBJECT = 3000;
  static final int HEADER = 150;
  static final int BUTTON_TEXT = 75;
  static final int BUTTON_VALUE = 2000;
  static final int ACTION_ID = 255;
  static final int ACTIONS_ELEMENTS = 25;
  static final int CONTEXT_ELEMENTS = 10;
  static final int FALLBACK = 40_000;

  private static final Pattern ANGLE = Pattern.compile("<([^<>]*)>");
  private static final Pattern LINK = Pattern.compile("(?:https?|mailto):[^|\\s<>]+\\|[^<>|]*");
  private static final Pattern MENTION = Pattern.compile("@([UW][A-Z0-9]+)");
  private static final Pattern ENTITY = Pattern.compile("&(?:amp|lt|gt);");

  private SlackPayloadRules() {}

  /**
   * The violations in {@code payload}.
   *
   * @param view whether it is a view (App Home: 100 blocks) rather than a message (50)
   * @param mentions user ids the bot may mention in it (the student who shared), else none
   */
  public static List<String> violations(JsonObject payload, boolean view, Set<String> mentions) {
    List<String> out = new ArrayList<>();
    if (payload.has("text") && payload.get("text").isJsonPrimitive()) {
      String t = payload.get("text").getAsString();
      if (t.isBlank() || t.length() > FALLBACK) {
        out.add("text: length " + t.length());
      }
      mrkdwn("text", t, mentions, out);
    }
    if (payload.has("blocks")) {
      JsonArray blocks = payload.getAsJsonArray("blocks");
      int max = view ? VIEW_BLOCKS : MESSAGE_BLOCKS;
      if (blocks.size() > max) {
        out.add("blocks: " + blocks.size() + " > " + max);
      }
      for (int i = 0; i < blocks.size(); i++) {
        block("blocks[" + i + "]", blocks.get(i).getAsJsonObject(), mentions, out);
      }
    }
    return out;
  }

  private static void block(String at, JsonObject b, Set<String> mentions, List<String> out) {
    String type = b.get("type").getAsString();
    switch (type) {
      case "section" -> textObject(at + ".text", b.getAsJsonObject("text"), TEXT_OBJECT, mentions, out);
      case "header" -> textObject(at + ".text", b.getAsJsonObject("text"), HEADER, mentions, out);
      case "context" -> {
        JsonArray els = b.getAsJsonArray("elements");
        if (els.isEmpty() || els.size() > CONTEXT_ELEMENTS) {
          out.add(at + ".elements: " + els.size());
        }
        for (int i = 0; i < els.size(); i++) {
          textObject(at + ".elements[" + i + "]", els.get(i).getAsJsonObject(), TEXT_OBJECT, mentions, out);
        }
      }
      case "actions" -> {
        JsonArray els = b.getAsJsonArray("elements");
        if (els.isEmpty() || els.size() > ACTIONS_ELEMENTS) {
          out.add(at + ".elements: " + els.size());
        }
        for (int i = 0; i < els.size(); i++) {
          JsonObject e = els.get(i).getAsJsonObject();
          String where = at + ".elements[" + i + "]";
          textObject(where + ".text", e.getAsJsonObject("text"), BUTTON_TEXT, mentions, out);
          String id = e.get("action_id").getAsString();
          if (id.isEmpty() || id.length() > ACTION_ID) {
            out.add(where + ".action_id: length " + id.length());
          }
          if (e.has("value") && e.get("value").getAsString().length() > BUTTON_VALUE) {
            out.add(where + ".value: length " + e.get("value").getAsString().length());
          }
        }
      }
      case "divider" -> { }
      default -> out.add(at + ": unexpected block type " + type);
    }
  }

  private static void textObject(String at, JsonObject t, int max, Set<String> mentions, List<String> out) {
    String type = t.get("type").getAsString();
    String text = t.get("text").getAsString();
    if (text.isEmpty() || text.length() > max) {
      out.add(at + ": length " + text.length() + " (1.." + max + ")");
    }
    if (type.equals("mrkdwn")) {
      JsonElement v = t.get("verbatim");
      if (v == null || !v.getAsBoolean()) {
        out.add(at + ": mrkdwn is not verbatim");
      }
      mrkdwn(at, text, mentions, out);
    } else if (!type.equals("plain_text")) {
      out.add(at + ": text type " + type);
    }
  }

  /** Every {@code <…>} a link or an allowed mention, every {@code &} an entity, nothing else. */
  private static void mrkdwn(String at, String text, Set<String> mentions, List<String> out) {
    Matcher m = ANGLE.matcher(text);
    StringBuilder rest = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1);
      Matcher mention = MENTION.matcher(inner);
      boolean ok = LINK.matcher(inner).matches()
          || (mention.matches() && mentions.contains(mention.group(1)));
      if (!ok) {
        out.add(at + ": control sequence <" + inner + ">");
      }
      m.appendReplacement(rest, "");
    }
    m.appendTail(rest);
    String left = ENTITY.matcher(rest).replaceAll("");
    if (left.contains("&") || left.contains("<") || left.contains(">")) {
      out.add(at + ": unescaped & < or > in: " + abbreviate(text));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}

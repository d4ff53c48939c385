package org.studybot.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Slack's request payloads as the platform sends them: slash-command forms and Events API
 * callbacks (mentions, DMs, App Home). Shared by the Slack tests and the soak driver, which both
 * drive the bot from outside.
 */
public final class SlackPayloads {
  private SlackPayloads() {}

  /** The form fields of a slash command run by {@code user} in channel C1. */
  public static Map<String, String> slash(String command, String text, String user, String responseUrl, String triggerId) {
    Map<String, String> f = new TreeMap<>();
    f.put("token", "legacy-token");
    f.put("team_id", "T1");
    f.put("team_domain", "school");
    f.put("channel_id", "C1");
    f.put("channel_name", "biology-class");
    f.put("user_id", user);
    f.put("user_name", user.toLowerCase(java.util.Locale.ROOT));
    f.put("command", command);
    f.put("text", text);
    f.put("api_app_id", "A1");
    f.put("response_url", responseUrl);
    f.put("trigger_id", triggerId);
    return f;
  }

  /** {@code fields} as an {@code application/x-www-form-urlencoded} body. */
  public static String form(Map<String, String> fields) {
    StringJoiner j = new StringJoiner("&");
    fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }

  public static JsonObject mention(String text, String user, String channel, String ts) {
    JsonObject e = new JsonObject();
    e.addProperty("type", "app_mention");
    e.addProperty("user", user);
    e.addProperty("text", text);
    e.addProperty("ts", ts);
    e.addProperty("channel", channel);
    e.addProperty("event_ts", ts);
    return e;
  }

  /** A direct message in the DM channel {@code channel}. */
  public static JsonObject dm(String text, String user, String channel, String ts) {
    JsonObject e = new JsonObject();
    e.addProperty("type", "message");
    e.addProperty("channel", channel);
    e.addProperty("user", user);
    e.addProperty("text", text);
    e.addProperty("ts", ts);
    e.addProperty("event_ts", ts);
    e.addProperty("channel_type", "im");
    return e;
  }

  public static JsonObject homeOpened(String user) {
    JsonObject e = new JsonObject();
    e.addProperty("type", "app_home_opened");
    e.addProperty("user", user);
    e.addProperty("channel", "D1");
    e.addProperty("tab", "home");
    e.addProperty("event_ts", "1700000000.0001");
    return e;
  }

  /** An Events API callback around {@code event}, addressed to the fake's bot user. */
  public static JsonObject callback(JsonObject event, String eventId, Instant at) {
    JsonObject o = new JsonObject();
    o.addProperty("token", "legacy-token");
    o.addProperty("team_id", "T1");
    o.addProperty("api_app_id", "A1");
    o.add("event", event);
    o.addProperty("type", "event_callback");
    o.addProperty("event_id", eventId);
    o.addProperty("event_time", at.getEpochSecond());
    JsonArray auth = new JsonArray();
    JsonObject a = new JsonObject();
    a.addProperty("team_id", "T1");
    a.addProperty("user_id", FakeSlackApi.BOT_USER);
    a.addProperty("is_bot", true);
    auth.add(a);
    o.add("authorizations", auth);
    return o;
  }

  /**
   * A block_actions payload: {@code user} clicked {@code button} (as the bot rendered it) on a
   * message in {@code channel}.
   */
  public static JsonObject click(
      JsonObject button, String user, String channel, String messageTs, String threadTs, boolean ephemeral,
      String responseUrl, String triggerId) {
    JsonObject p = new JsonObject();
    p.addProperty("type", "block_actions");
    JsonObject u = new JsonObject();
    u.addProperty("id", user);
    u.addProperty("username", user.toLowerCase(java.util.Locale.ROOT));
    u.addProperty("team_id", "T1");
    p.add("user", u);
    p.addProperty("api_app_id", "A1");
    p.addProperty("token", "legacy-token");
    JsonObject c = new JsonObject();
    c.addProperty("type", "message");
    c.addProperty("message_ts", messageTs);
    c.addProperty("channel_id", channel);
    c.addProperty("is_ephemeral", ephemeral);
    if (threadTs != null) {
      c.addProperty("thread_ts", threadTs);
    }
    p.add("container", c);
    p.addProperty("trigger_id", triggerId);
    JsonObject team = new JsonObject();
    team.addProperty("id", "T1");
    team.addProperty("domain", "school");
    p.add("team", team);
    JsonObject ch = new JsonObject();
    ch.addProperty("id", channel);
    ch.addProperty("name", channel.startsWith("D") ? "directmessage" : "biology-class");
    p.add("channel", ch);
    p.addProperty("response_url", responseUrl);
    JsonArray actions = new JsonArray();
    JsonObject a = new JsonObject();
    a.addProperty("action_id", button.get("action_id").getAsString());
    a.addProperty("block_id", "b1");
    a.add("text", button.get("text"));
    a.addProperty("value", button.get("value").getAsString());
    a.addProperty("type", "button");
    a.addProperty("action_ts", "1700000001.000200");
    actions.add(a);
    p.add("actions", actions);
    return p;
  }
}

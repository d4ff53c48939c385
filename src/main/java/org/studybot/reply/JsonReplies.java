package org.studybot.reply;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Renders replies as JSON for tooling: the whole model, or the compact line {@code query} prints. */
public final class JsonReplies {
  // Nulls kept: every query line has the same keys ("subject": null), so tools need no special case.
  private static final Gson COMPACT =
      new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().serializeNulls().create();
  private static final Gson PRETTY =
      new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

  private JsonReplies() {}

  /** The whole reply model, pretty-printed (for {@code ask --json}). */
  public static String full(Reply r) {
    JsonObject o = new JsonObject();
    o.addProperty("status", r.status().wireName());
    o.addProperty("intent", r.intent().name().toLowerCase(java.util.Locale.ROOT));
    o.addProperty("question", r.question());
    o.addProperty("subject", r.subject());
    o.addProperty("confidence", round(r.confidence()));
    o.add("article", r.article() == null ? null : ref(r.article()));
    o.addProperty("summary", r.summary());
    o.addProperty("answer", r.answer().plain());
    o.add("related", refs(r.related()));
    o.add("alternatives", refs(r.alternatives()));
    o.add("results", refs(r.results()));
    o.addProperty("message", r.message());
    JsonArray s = new JsonArray();
    r.suggestions().forEach(s::add);
    o.add("suggestions", s);
    o.addProperty("corpus_version", r.corpusVersion());
    return PRETTY.toJson(o);
  }

  /**
   * One line for {@code query}: {@code {"q", "subject", "status", "confidence", "results": [{"id",
   * "title", "subject", "url", "score"}]}}, ids as strings.
   */
  public static String line(String q, String subject, Reply r) {
    JsonObject o = new JsonObject();
    o.addProperty("q", q);
    o.addProperty("subject", subject);
    o.addProperty("status", r.status().wireName());
    o.addProperty("confidence", round(r.confidence()));
    o.add("results", refs(r.results()));
    return COMPACT.toJson(o);
  }

  private static JsonArray refs(java.util.List<ArticleRef> refs) {
    JsonArray a = new JsonArray();
    refs.forEach(r -> a.add(ref(r)));
    return a;
  }

  private static JsonObject ref(ArticleRef r) {
    JsonObject o = new JsonObject();
    o.addProperty("id", r.id());
    o.addProperty("title", r.title());
    o.addProperty("subject", r.subject());
    o.addProperty("url", r.link());
    o.addProperty("score", round(r.score()));
    return o;
  }

  private static double round(double d) {
    return Double.isFinite(d) ? Math.round(d * 10000) / 10000.0 : 0;
  }

}

package org.studybot.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.studybot.content.AnswerText;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.content.RelatedRef;
import org.studybot.content.Summaries;
import org.studybot.reply.BlockKitRenderer.Message;
import org.studybot.reply.BlockKitRenderer.Options;

class BlockKitRendererTest {
  private static final BotConfig CONFIG = BotConfig.defaults();
  private static final BlockKitRenderer RENDERER = new BlockKitRenderer(2_400, CONFIG.siteBaseUrl());
  private static final Pattern ENTITY_OR_LINK = Pattern.compile("&(amp|lt|gt);|<https?://[^<>|\\s]+\\|[^<>]*>|<https?://[^<>|\\s]+>");

  static Reply answerOf(Article a, double confidence) {
    List<ArticleRef> related = new ArrayList<>();
    for (RelatedRef r : a.related()) {
      related.add(new ArticleRef(r.id(), r.title(), r.subject(), CONFIG.link(r.url()), r.url(), 0));
    }
    ArticleRef ref = new ArticleRef(a.id(), a.title(), a.subject(), CONFIG.link(a.url()), a.url(), 1);
    return new Reply(Status.ANSWERED, org.studybot.reply.Intent.QUESTION, a.question(), null, confidence, ref,
        Summaries.of(a, 300), a.answerText(), related, List.of(), List.of(), "", List.of(), 1);
  }

  /** Every limit Slack enforces, and mrkdwn with nothing unescaped. */
  static void assertWithinLimits(Message m) {
    assertFalse(m.text().isBlank(), "no fallback text");
    assertTrue(m.text().length() <= Blocks.MAX_FALLBACK_CHARS);
    assertTrue(m.blocks().size() <= Blocks.MAX_BLOCKS, "blocks: " + m.blocks().size());
    for (JsonElement e : m.blocks()) {
      JsonObject b = e.getAsJsonObject();
      switch (b.get("type").getAsString()) {
        case "section" -> {
          String t = b.getAsJsonObject("text").get("text").getAsString();
          assertTrue(t.length() <= Blocks.MAX_SECTION_CHARS, "section of " + t.length());
          assertEscaped(t);
        }
        case "header" -> assertTrue(b.getAsJsonObject("text").get("text").getAsString().length() <= Blocks.MAX_HEADER_CHARS);
        case "actions" -> {
          assertTrue(b.getAsJsonArray("elements").size() <= Blocks.MAX_ACTIONS);
          for (JsonElement x : b.getAsJsonArray("elements")) {
            JsonObject button = x.getAsJsonObject();
            assertTrue(button.getAsJsonObject("text").get("text").getAsString().length() <= Blocks.MAX_BUTTON_CHARS);
            assertTrue(button.get("value").getAsString().length() <= ActionValue.MAX_CHARS);
            ActionValue.decode(button.get("value").getAsString());
          }
        }
        case "context" -> b.getAsJsonArray("elements").forEach(x -> {
          String t = x.getAsJsonObject().get("text").getAsString();
          assertTrue(t.length() <= Blocks.MAX_CONTEXT_CHARS);
          assertEscaped(t);
        });
        case "divider" -> { }
        default -> throw new AssertionError("unexpected block " + b);
      }
    }
  }

  /** Every {@code <} starts a link and every {@code &} an escape: nothing from content becomes markup. */
  static void assertEscaped(String mrkdwn) {
    String rest = ENTITY_OR_LINK.matcher(mrkdwn).replaceAll("");
    assertFalse(rest.contains("<") || rest.contains(">") || rest.contains("&"), () -> "unescaped in: " + mrkdwn);
  }

  @Test
  void everyArticleOfTheRealCorpusAndTheFixturesRendersWithinLimits() {
    List<Article> all = new ArrayList<>(new CorpusLoader(1 << 20).load(Path.of("content")).articles());
    all.addAll(new CorpusLoader(1 << 20).load(Path.of("src/test/resources/slack-corpus")).articles());
    assertTrue(all.size() > 50, "the corpus did not load: " + all.size());
    for (Article a : all) {
      for (Options o : List.of(Options.privately(), Options.inConversation())) {
        assertWithinLimits(RENDERER.render(answerOf(a, 0.9), o));
      }
    }
    Article longest = Collections.max(all, Comparator.comparingInt(a -> a.answer().length()));
    Message m = RENDERER.render(answerOf(longest, 0.9), Options.privately());
    assertTrue(m.blocksJson().contains("Read the rest on the site"), "the longest answer was not cut");
  }

  @Test
  void theLongFixtureIsCutEscapedAndKeepsItsLinks() {
    Article a = new CorpusLoader(1 << 20).load(Path.of("src/test/resources/slack-corpus/long")).articles().get(0);
    Message m = RENDERER.render(answerOf(a, 0.87), Options.privately());
    assertWithinLimits(m);
    String json = m.blocksJson();
    assertTrue(json.contains("&lt;tags&gt;") && json.contains("&amp;"), json);
    assertTrue(json.contains("*Stage 1 — Ünïcödé &amp; &lt;tags&gt;*"), json);
    assertTrue(json.contains("`code_1 &lt; x &amp;&amp; y &gt; 0`"), json);
    assertTrue(json.contains("<https://example.org/a?b=1&amp;c=<d>|link 1>") || json.contains("link 1"), json);
    assertTrue(json.contains("中文说明") && json.contains("🧬"));
    assertTrue(json.contains("Biology · 87% sure"));
  }

  @Test
  void markdownBecomesMrkdwn() {
    AnswerText t = AnswerText.parse("Plain & **bold** with `x<y` and [a link](https://example.org/p?q=1&r=2).\n\n2. Second <b>point</b>");
    assertEquals(
        "Plain &amp; *bold* with `x&lt;y` and <https://example.org/p?q=1&amp;r=2|a link>.\n\n2. Second &lt;b&gt;point&lt;/b&gt;",
        Mrkdwn.of(t, null));
    assertEquals("javascript:alert(1) label", Mrkdwn.link("javascript:alert(1)", "javascript:alert(1) label").replace("|", ""));
    assertEquals("<https://x.org|a/b &lt;!channel&gt;>", Mrkdwn.link("https://x.org", "a|b <!channel>"));
  }

  @Test
  void cuttingNeverBreaksALinkAnEscapeOrAnEmoji() {
    String link = "see <https://example.org/very/long/path|the label>";
    for (int max = 5; max < link.length(); max++) {
      String c = Mrkdwn.cut("word " + link, max);
      assertTrue(c.length() <= max, c);
      assertFalse(c.contains("<") && !c.contains(">"), c);
    }
    for (int max = 2; max < 12; max++) {
      String c = Mrkdwn.cut("a &amp; b &lt; c", max);
      assertFalse(c.matches(".*&[a-z]{0,3}…$"), c);
    }
    String emoji = "🧬".repeat(40);
    for (int max = 2; max < 20; max++) {
      String c = Blocks.plainCut(emoji, max);
      assertTrue(c.length() <= max, c);
      assertTrue(c.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), "a lone surrogate in " + c);
    }
  }

  @Test
  void extremeRepliesStayWithinLimits() {
    String huge = "Ω & <x> ".repeat(2_000);
    List<ArticleRef> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(new ArticleRef("" + i, "Title " + i + " " + "very long ".repeat(30), "Subject " + "x".repeat(300),
          "https://quicktakes.io/p/" + i, "/p/" + i, 0.5));
    }
    ArticleRef a = many.get(0);
    Reply answered = new Reply(Status.ANSWERED, Intent.QUESTION, huge, "Sub", 0.99, a, huge,
        AnswerText.parse((huge + "\n\n").repeat(30)), many, List.of(), many, "", List.of(), 1);
    assertWithinLimits(RENDERER.render(answered, Options.privately()));
    Reply unsure = new Reply(Status.UNSURE, Intent.QUESTION, huge, null, 0.4, a, "", null, List.of(), many, many,
        huge, List.of(), 1);
    Message u = RENDERER.render(unsure, Options.privately());
    assertWithinLimits(u);
    Reply none = Reply.message(Status.NONE, Intent.QUESTION, huge, null, huge,
        Collections.nCopies(40, "Education Studies"), List.of(), 0, 1);
    assertWithinLimits(RENDERER.render(none, new Options(true, true, true, "intro & <stuff>".replace("<", "&lt;").replace(">", "&gt;").replace(" & ", " &amp; "))));
  }

  @Test
  void unsureRepliesOfferTheirAlternativesAsButtonsThatCarryTheQuestion() {
    List<ArticleRef> alts = List.of(
        new ArticleRef("1", "Alpha", "Biology", "https://q.io/1", "/1", 0.4),
        new ArticleRef("2", "Beta", "History", "https://q.io/2", "/2", 0.3));
    Reply r = new Reply(Status.UNSURE, Intent.QUESTION, "what is alpha?", null, 0.42, alts.get(0), "", null, List.of(),
        alts, alts, "I'm not sure which of these answers your question. Here are the closest:", List.of(), 1);
    Message m = RENDERER.render(r, Options.inConversation());
    assertWithinLimits(m);
    String json = m.blocksJson();
    assertTrue(json.contains("\"action_id\":\"studybot_alt_0\"") && json.contains("\"action_id\":\"studybot_alt_1\""), json);
    assertTrue(m.text().contains("Alpha") && m.text().contains("Beta"));
    Matcher v = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    assertTrue(v.find());
    ActionValue value = ActionValue.decode(v.group(1).replace("\\\"", "\""));
    assertEquals("what is alpha?", value.question());
    assertEquals("1", value.article());
    assertFalse(value.ephemeral());
  }

  @Test
  void actionValuesRoundTripAndStayWithinSlacksLimit() {
    ActionValue v = new ActionValue("q \"quoted\" ✓", "Biology", "42", true, 3);
    assertEquals(v, ActionValue.decode(v.encode()));
    String q = "\"\u0001".repeat(3_000);
    assertTrue(ActionValue.of(q, "s", "a", false).encode().length() <= ActionValue.MAX_CHARS);
  }
}

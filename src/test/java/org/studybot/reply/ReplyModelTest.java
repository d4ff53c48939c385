package org.studybot.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.answer.Question;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigLoader;
import org.studybot.content.Article;
import org.studybot.content.Summaries;

/** The reply model built over the fixture corpus: summary, link, related articles, renderers. */
class ReplyModelTest {
  private static Answerer answerer;

  @BeforeAll
  static void start() throws Exception {
    // Thresholds at the floor, so every match is answered and the model itself is under test.
    BotConfig config =
        ConfigLoader.parse(
                "test",
                "site_base_url: https://study.example/\nanswer: {answered_threshold: 0.0, unsure_threshold: 0.0,"
                    + " summary_chars: 120}\nsearch: {semantic: off}\n")
            .toBuilder()
            .contentDir(Path.of("src/test/resources/fixtures/quirks"))
            .build();
    answerer = Engine.start(config, line -> {});
  }

  @AfterAll
  static void stop() {
    answerer.library().close();
  }

  private static Reply ask(String q) {
    Reply r = answerer.answer(Question.of(q));
    assertEquals(Status.ANSWERED, r.status(), () -> q + ": " + r);
    return r;
  }

  private static List<String> ids(List<ArticleRef> refs) {
    return refs.stream().map(ArticleRef::id).toList();
  }

  @Test
  void articleLinkIsTheSiteBasePlusItsUrl() {
    Reply r = ask("heat engine thermal energy work");
    assertEquals("900001", r.article().id());
    assertEquals("Physics", r.article().subject());
    assertEquals(
        "https://study.example/learn/physics/questions/how-does-a-heat-engine-turn-thermal-energy-into-work",
        r.article().link());
    assertEquals(Intent.QUESTION, r.intent());
    assertEquals("", r.message());
  }

  @Test
  void summaryIsTheSeoDescriptionWhenPresent() {
    Reply r = ask("heat engine thermal energy work");
    assertEquals(
        "A heat engine takes heat from a hot reservoir, turns part of it into work and rejects the rest to a cold reservoir.",
        r.summary());
    assertEquals(4, r.answer().paragraphs().size(), "the whole answer travels with the reply");
  }

  @Test
  void summaryIsCutFromTheAnswerAtASentenceBoundaryWithoutOne() {
    Reply r = ask("first law of thermodynamics conserved internal energy");
    assertEquals("900002", r.article().id());
    assertEquals(
        "The first law of thermodynamics states that energy is conserved in a closed system.", r.summary());
    assertTrue(r.summary().length() <= 120);
  }

  @Test
  void relatedAreResolvedAgainstTheCorpusDedupedAndNeverSelf() {
    Reply r = ask("heat engine thermal energy work");
    // 900001 lists itself and 999999 twice.
    assertEquals(List.of("900002", "999999"), ids(r.related()));
    ArticleRef loaded = r.related().get(0);
    assertEquals("What is the first law of thermodynamics?", loaded.title(), "current title, not the stale one");
    assertEquals("https://study.example/learn/physics/questions/what-is-the-first-law-of-thermodynamics", loaded.link());
    ArticleRef missing = r.related().get(1);
    assertEquals("What is entropy?", missing.title(), "front matter's own title when not loaded");
    assertEquals("Education Studies", missing.subject());
    assertEquals("https://study.example/learn/education-studies/questions/what-is-entropy", missing.link());
  }

  @Test
  void relatedOfSixEntries() {
    Reply r = ask("ice float water density hydrogen bonds lattice");
    assertEquals("900003", r.article().id());
    assertEquals(List.of("900001", "900002", "900004", "888888"), ids(r.related()));
    assertEquals("Qu'est-ce qu'un café crème à Zürich?", r.related().get(2).title());
  }

  @Test
  void summariesCutAtWordsWhenTheFirstSentenceIsTooLong() {
    String text = "one two three four five six seven eight nine ten eleven twelve";
    String cut = Summaries.cut(text, 20);
    assertTrue(cut.endsWith("…") && cut.length() <= 20, cut);
    assertEquals("one two three four…", cut);
    assertEquals("Short.", Summaries.cut("Short.", 100));
    assertEquals("First one. Second one.", Summaries.cut("First one. Second one. Third one is longer.", 30));
  }

  @Test
  void summaryOfAnArticleWithoutDescription() {
    Article a = answerer.library().current().byId("900005").orElseThrow();
    assertEquals("", a.description());
    assertEquals(a.answer(), Summaries.of(a, 300));
  }

  @Test
  void textRendererShowsTitleLinkSummaryAndRelated() {
    String text = new TextRenderer(false).render(ask("heat engine thermal energy work"));
    assertTrue(text.startsWith("How does a heat engine turn thermal energy into work?\nhttps://study.example/"), text);
    assertTrue(text.contains("Related:\n  - What is the first law of thermodynamics?  https://study.example/"), text);
    assertFalse(text.contains("**"), "markup is rendered, not shown");
    String full = new TextRenderer(true).render(ask("heat engine thermal energy work"));
    assertTrue(full.contains("1. Hot Reservoir: The fluid absorbs heat"), full);
    assertTrue(full.contains("the Carnot cycle (https://example.org/carnot)"), full);
    assertTrue(full.contains("`W = Q_h - Q_c`"), full);
  }

  @Test
  void jsonRepliesCarryTheModelWithStringIds() {
    Reply r = ask("heat engine thermal energy work");
    JsonObject full = JsonParser.parseString(JsonReplies.full(r)).getAsJsonObject();
    assertEquals("answered", full.get("status").getAsString());
    assertEquals("900001", full.getAsJsonObject("article").get("id").getAsString());
    assertTrue(full.getAsJsonObject("article").get("id").getAsJsonPrimitive().isString());
    assertEquals(2, full.getAsJsonArray("related").size());
    JsonObject line = JsonParser.parseString(JsonReplies.line("q", null, r)).getAsJsonObject();
    assertEquals("q", line.get("q").getAsString());
    assertTrue(line.getAsJsonArray("results").get(0).getAsJsonObject().get("id").getAsJsonPrimitive().isString());
    assertFalse(JsonReplies.line("q", null, r).contains("\n"), "one line");
  }

  @Test
  void messageRepliesHaveNoArticle() {
    Reply r = Reply.message(Status.NONE, Intent.GREETING, null, null, "hi", List.of(), List.of(), 0, 1);
    assertNull(r.article());
    assertEquals("", r.question());
    assertTrue(r.answer().paragraphs().isEmpty());
    assertEquals("hi\n", new TextRenderer(false).render(r));
    Reply hostile = Reply.message(Status.NONE, Intent.QUESTION, "q", null,
        "a\u001b[31mred\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u202eevil\ttab", List.of(), List.of(), 0, 1);
    assertEquals("a[31mred]8;;https://evil.examplelink]8;; evil\ttab\n", new TextRenderer(false).render(hostile),
        "no escape sequences reach the terminal");
  }
}

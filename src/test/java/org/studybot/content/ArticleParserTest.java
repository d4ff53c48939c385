package org.studybot.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parser on fixture files mirroring every quirk of the export, and on broken files. */
class ArticleParserTest {
  static final Path QUIRKS = Path.of("src/test/resources/fixtures/quirks");
  static final Path BROKEN = Path.of("src/test/resources/fixtures/broken");

  private final ArticleParser parser = new ArticleParser(1_048_576);

  private ArticleParser.Parsed parse(Path dir, String name) throws IOException {
    return parser.parse(dir.getFileName() + "/" + name, Files.readAllBytes(dir.resolve(name)));
  }

  private Article good(String name) throws IOException {
    ArticleParser.Parsed p = parse(QUIRKS, name);
    assertTrue(p.problems().isEmpty(), () -> name + ": " + p.problems());
    assertNotNull(p.article(), name);
    return p.article();
  }

  /** The one problem a broken file gives, checked to name the file. */
  private Problem onlyProblem(String name) throws IOException {
    ArticleParser.Parsed p = parse(BROKEN, name);
    assertNull(p.article(), name + " must not become an article");
    assertEquals(1, p.problems().size(), () -> name + ": " + p.problems());
    Problem problem = p.problems().get(0);
    assertEquals("broken/" + name, problem.source());
    return problem;
  }

  @Test
  void seedLayoutFoldedScalarsAndFields() throws IOException {
    Article a = good("seed-layout.md");
    assertEquals("900001", a.id());
    assertEquals("How does a heat engine turn thermal energy into work?", a.title());
    assertEquals(a.title(), a.question());
    assertEquals("Physics", a.subject());
    assertEquals("physics", a.subjectKey());
    assertEquals("/learn/physics/questions/how-does-a-heat-engine-turn-thermal-energy-into-work", a.url());
    assertEquals("2025-01-31", a.date());
    assertTrue(a.description().startsWith("A heat engine takes heat from a hot reservoir"));
    // Empty keywords (", ,") are dropped.
    assertEquals(List.of("heat engine", "thermodynamics", "Carnot", "efficiency", "reservoir"), a.keywords());
    assertEquals("seed-layout.md", a.source().substring(a.source().lastIndexOf('/') + 1));
  }

  @Test
  void literalBackslashNBecomesParagraphBreaksAndMarkupIsKept() throws IOException {
    Article a = good("seed-layout.md");
    assertFalse(a.answer().contains("\\n"), "no literal \\n left");
    assertTrue(a.answer().contains("\n\n1. **Hot Reservoir**"));
    List<AnswerText.Paragraph> ps = a.answerText().paragraphs();
    assertEquals(4, ps.size());
    assertEquals(0, ps.get(0).number());
    assertEquals(1, ps.get(1).number());
    assertEquals(2, ps.get(2).number());
    List<AnswerText.Span> first = ps.get(1).spans();
    assertEquals(new AnswerText.Span(AnswerText.Style.BOLD, "Hot Reservoir"), first.get(0));
    AnswerText.Span link =
        first.stream().filter(s -> s.style() == AnswerText.Style.LINK).findFirst().orElseThrow();
    assertEquals("the Carnot cycle", link.text());
    assertEquals("https://example.org/carnot", link.url());
    AnswerText.Span code =
        ps.get(2).spans().stream().filter(s -> s.style() == AnswerText.Style.CODE).findFirst().orElseThrow();
    assertEquals("W = Q_h - Q_c", code.text());
    assertEquals("In summary, no engine is perfectly efficient.", ps.get(3).plain());
  }

  @Test
  void bodyAfterFrontMatterIsIgnored() throws IOException {
    Article a = good("seed-layout.md");
    assertFalse(a.answer().contains("nbsp"));
    assertTrue(a.answer().endsWith("no engine is perfectly efficient."), a::answer);
  }

  @Test
  void literalBlockAnswerKeepsNumberedLinesAsParagraphs() throws IOException {
    Article a = good("literal-answer.md");
    assertEquals("What is the first law of thermodynamics?", a.title());
    assertEquals("What does the first law of thermodynamics say about energy?", a.question());
    List<AnswerText.Paragraph> ps = a.answerText().paragraphs();
    assertEquals(4, ps.size(), ps::toString);
    assertEquals(1, ps.get(1).number());
    assertEquals("Heat added raises the internal energy.", ps.get(1).plain());
    assertEquals(2, ps.get(2).number());
    assertEquals("A second paragraph follows a blank line.", ps.get(3).plain());
  }

  @Test
  void missingSeoBlockMeansNoDescriptionAndNoKeywords() throws IOException {
    Article a = good("literal-answer.md");
    assertEquals("", a.description());
    assertEquals(List.of(), a.keywords());
    assertEquals("", a.date());
  }

  @Test
  void relatedArticlesAnyCountInOrderRepeatedIdsCollapsed() throws IOException {
    Article six = good("related-six.md");
    assertEquals(
        List.of("900001", "900002", "900004", "888888"), six.related().stream().map(RelatedRef::id).toList());
    // The first entry of a repeated id wins.
    assertEquals("Heat engines", six.related().get(0).title());
    assertEquals("First law", six.related().get(1).title());
    assertEquals("Langues Étrangères", six.related().get(2).subject());

    Article one = good("literal-answer.md");
    assertEquals(1, one.related().size());
    Article seed = good("seed-layout.md");
    assertEquals(List.of("900002", "900001", "999999"), seed.related().stream().map(RelatedRef::id).toList());
  }

  @Test
  void nonAsciiIsKeptIntact() throws IOException {
    Article a = good("non-ascii.md");
    assertEquals("Qu'est-ce qu'un café crème à Zürich?", a.title());
    assertEquals("Langues Étrangères", a.subject());
    assertEquals("langues-etrangeres", a.subjectKey());
    assertTrue(a.answer().contains("光合作用是植物利用光能的过程。"));
    assertTrue(a.answer().contains("مرحبا بالعالم و שלום עולם"));
    assertTrue(a.description().contains("光合作用"));
  }

  @Test
  void byteOrderMarkAndCrLfAreAccepted() throws IOException {
    Article a = good("bom-crlf.md");
    assertEquals("900006", a.id());
    assertEquals("A carriage return followed by a line feed.", a.answer());
  }

  @Test
  void datesAreKeptAsIsoDays() throws IOException {
    assertEquals("2024-12-24", good("deep/a/b/nested.md").date());
  }

  @Test
  void invalidYamlNamesTheLine() throws IOException {
    Problem p = onlyProblem("invalid-yaml.md");
    assertTrue(p.message().startsWith("invalid YAML"), p::toString);
    // The flow sequence opens on line 6 and the parser trips on line 7.
    assertTrue(p.line() == 6 || p.line() == 7, p::toString);
    assertTrue(p.toString().startsWith("broken/invalid-yaml.md:" + p.line() + ": invalid YAML"), p::toString);
  }

  @Test
  void missingClosingLine() throws IOException {
    Problem p = onlyProblem("unclosed.md");
    assertEquals(1, p.line());
    assertTrue(p.message().contains("never closed"), p::toString);
  }

  @Test
  void noFrontMatter() throws IOException {
    Problem p = onlyProblem("no-front-matter.md");
    assertTrue(p.message().contains("no front matter"), p::toString);
  }

  @Test
  void emptyFileIsReportedNotThrown() {
    ArticleParser.Parsed p = parser.parse("x/empty.md", new byte[0]);
    assertNull(p.article());
    assertTrue(p.problems().get(0).message().contains("no front matter"));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed measurement
  void billionLaughsIsRefused() throws IOException {
    Problem p = onlyProblem("billion-laughs.md");
    assertTrue(p.message().contains("aliases"), p::toString);
  }

  @Test
  void notUtf8IsReportedWithTheOffset() throws IOException {
    Problem p = onlyProblem("latin1.md");
    assertEquals("not valid UTF-8 (bad byte sequence near byte 25)", p.message());
  }

  @Test
  void globalTagsAreRefused() throws IOException {
    Problem p = onlyProblem("global-tag.md");
    assertTrue(p.message().contains("Global tag is not allowed"), p::toString);
  }

  @Test
  void duplicateKeysAreRefused() throws IOException {
    Problem p = onlyProblem("duplicate-key.md");
    assertTrue(p.message().contains("duplicate key title"), p::toString);
    assertEquals(4, p.line());
  }

  @Test
  void badRelatedIdIsAWarningNamingFieldAndValue() throws IOException {
    ArticleParser.Parsed p = parse(BROKEN, "wrong-types.md");
    assertNotNull(p.article(), "a bad related entry does not cost the article");
    assertEquals(List.of("900001"), p.article().related().stream().map(RelatedRef::id).toList());
    assertEquals(1, p.problems().size());
    Problem problem = p.problems().get(0);
    assertEquals("related_article2.id", problem.field());
    assertEquals("broken/wrong-types.md: related_article2.id: \"abc\" is not a number", problem.toString());
  }

  @Test
  void wrongTypesInRequiredFieldsAreErrors() throws IOException {
    ArticleParser.Parsed p = parse(BROKEN, "bad-id.md");
    assertNull(p.article());
    List<String> shown = p.problems().stream().map(Problem::toString).toList();
    assertTrue(shown.contains("broken/bad-id.md: id: \"12ab\" is not a number"), shown::toString);
    assertTrue(shown.contains("broken/bad-id.md: title: expected text, found a list"), shown::toString);
    assertTrue(shown.stream().anyMatch(s -> s.startsWith("broken/bad-id.md: url: \"learn/physics")), shown::toString);
  }

  @Test
  void everyMissingRequiredFieldIsNamed() throws IOException {
    ArticleParser.Parsed p = parse(BROKEN, "missing-fields.md");
    assertNull(p.article());
    assertEquals(
        List.of("answer", "subject", "url"), p.problems().stream().map(Problem::field).toList());
    p.problems().forEach(problem -> assertTrue(problem.message().startsWith("missing"), problem::toString));
  }

  @Test
  void frontMatterOverTheLimitIsRefused() {
    ArticleParser small = new ArticleParser(100);
    String text = "---\nid: 1\ntitle: " + "x".repeat(200) + "\nanswer: a\nsubject: s\nurl: /u\n---\n";
    ArticleParser.Parsed p = small.parse("x/big.md", text.getBytes(StandardCharsets.UTF_8));
    assertNull(p.article());
    assertTrue(p.problems().get(0).message().contains("more than the limit of 100"), p.problems()::toString);
  }

  @Test
  void frontMatterThatIsNotAMapping() {
    ArticleParser.Parsed p = parser.parse("x/list.md", "---\n- a\n- b\n---\n".getBytes(StandardCharsets.UTF_8));
    assertNull(p.article());
    assertEquals("x/list.md: front matter must be a mapping of fields, found a list", p.problems().get(0).toString());
  }
}

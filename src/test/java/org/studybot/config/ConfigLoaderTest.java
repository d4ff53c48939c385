package org.studybot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading config/studybot.yml: defaults, every key, unknown keys, bad values, cross-field rules. */
class ConfigLoaderTest {
  @TempDir Path tmp;

  private static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yml", yaml)).getMessage();
  }

  @Test
  void emptyFileAndMissingOptionalFileMeanDefaults() throws Exception {
    assertEquals(BotConfig.defaults(), ConfigLoader.parse("cfg.yml", ""));
    assertEquals(BotConfig.defaults(), ConfigLoader.load(tmp.resolve("none.yml"), false, Map.of()));
    assertEquals(BotConfig.defaults(), ConfigLoader.parse("cfg.yml", "answer: {summary_chars: ~}\ndata_dir:\n"));
  }

  @Test
  void theDefaultsAreTheShippedFile() throws Exception {
    // The file in config/ is both the documentation and the bundled defaults: loading it changes nothing.
    assertEquals(BotConfig.defaults(), ConfigLoader.load(Path.of("config/studybot.yml"), true, Map.of()));
    BotConfig d = BotConfig.defaults();
    assertEquals(Path.of("content"), d.contentDir());
    assertEquals(0.55, d.answer().answeredAt());
    assertEquals(0.3, d.answer().unsureAt());
    assertEquals("/study", d.answer().browseCommand());
    assertTrue(d.search().semantic());
    assertEquals("all-minilm-l6-v2-q", d.search().model());
  }

  @Test
  void missingRequiredFileIsAnError() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp.resolve("none.yml"), true, Map.of()));
    assertTrue(e.getMessage().endsWith("none.yml: no such configuration file"), e.getMessage());
  }

  @Test
  void everyKeyIsRead() throws Exception {
    BotConfig c =
        ConfigLoader.parse(
            "cfg.yml",
            """
            content_dir: articles
            data_dir: /var/studybot
            site_base_url: https://example.org/
            answer: {answered_threshold: 0.7, unsure_threshold: 0.2, summary_chars: 200, alternatives: 4}
            cache: maximumSize=5
            limits: {max_file_bytes: 2048, max_question_chars: 500, max_query_terms: 8}
            search: {semantic: off, model: bge-small-en-v1.5-q}
            reload: {watch: on}
            slack: {ask_command: /q, study_command: /s, admin_command: /a, admins: [U1, U2]}
            """);
    assertEquals(Path.of("articles"), c.contentDir());
    assertEquals(Path.of("/var/studybot"), c.dataDir());
    assertEquals(new AnswerSettings(0.7, 0.2, 200, 4, "/s"), c.answer());
    assertEquals("maximumSize=5", c.cacheSpec());
    assertEquals(new LimitSettings(2048, 500, 8), c.limits());
    assertFalse(c.search().semantic());
    assertEquals("bge-small-en-v1.5-q", c.search().model());
    assertTrue(c.content().watch());
    Section slack = c.section("slack");
    assertEquals("/q", slack.string("ask_command"));
    assertEquals(List.of("U1", "U2"), slack.list("admins"));
    assertEquals("https://example.org/learn/x", c.link("/learn/x"));
    assertEquals("https://other.org/y", c.link("https://other.org/y"));
  }

  @Test
  void unknownKeyIsNamed() {
    String m = error("answer:\n  answerd_threshold: 0.5\n");
    assertTrue(m.startsWith("cfg.yml: answer.answerd_threshold: unknown setting (known: "), m);
    assertTrue(m.contains("answer.answered_threshold"), m);
    assertTrue(error("colour: blue\n").startsWith("cfg.yml: colour: unknown setting"));
    assertTrue(error("answer: 5\n").startsWith("cfg.yml: answer: \"5\" is not a section (known: answer.alternatives"));
  }

  @Test
  void badValuesNameKeyValueAndRule() {
    assertEquals("cfg.yml: answer.answered_threshold: \"1.5\" is not a number from 0 to 1",
        error("answer: {answered_threshold: 1.5}"));
    assertEquals("cfg.yml: answer.unsure_threshold: \"high\" is not a number from 0 to 1",
        error("answer: {unsure_threshold: high}"));
    assertEquals("cfg.yml: answer.summary_chars: \"5\" is not a whole number from 40 to 3000",
        error("answer: {summary_chars: 5}"));
    assertEquals("cfg.yml: limits.max_query_terms: \"2.5\" is not a whole number from 1 to 1024",
        error("limits: {max_query_terms: 2.5}"));
    assertEquals("cfg.yml: search.semantic: \"maybe\" is not on or off", error("search: {semantic: maybe}"));
    assertEquals("cfg.yml: search.model: \"bge-large\" is not one of all-minilm-l6-v2-q, bge-small-en-v1.5-q, e5-small-v2-q",
        error("search: {model: bge-large}"));
    assertTrue(error("content_dir: [a, b]").startsWith("cfg.yml: content_dir: \"[a, b]\" is not text"));
  }

  @Test
  void crossFieldRules() {
    assertEquals(
        "cfg.yml: answer.unsure_threshold (0.8) must not exceed answer.answered_threshold (0.5)",
        error("answer: {answered_threshold: 0.5, unsure_threshold: 0.8}"));
    assertTrue(error("cache: maximumSize=oops").startsWith("cfg.yml: cache: \"maximumSize=oops\" is not a Caffeine spec"));
    assertEquals("cfg.yml: site_base_url: \"ftp://x\" is not an http(s) URL", error("site_base_url: ftp://x"));
  }

  @Test
  void invalidYamlAndNonMapping() {
    assertTrue(error("answer: [").startsWith("cfg.yml: invalid YAML"));
    assertEquals("cfg.yml: expected a mapping of settings", error("- a\n- b\n"));
    assertTrue(error("a: 1\na: 2\n").startsWith("cfg.yml: invalid YAML"), "duplicate keys");
  }

  @Test
  void adminsFromTheEnvironmentAreAdded() throws Exception {
    Path f = Files.writeString(tmp.resolve("c.yml"), "slack: {admins: [U1]}\n");
    BotConfig c = ConfigLoader.load(f, true, Map.of(Secrets.ADMINS, "U2, U1 U3"));
    assertEquals(List.of("U1", "U2", "U3"), c.section("slack").list("admins"));
  }

  @Test
  void theBuilderChangesOneThingAndChecksLikeAFile() {
    BotConfig d = BotConfig.defaults();
    BotConfig x = d.toBuilder().contentDir(Path.of("x")).build();
    assertEquals(Path.of("x"), x.contentDir());
    assertEquals(d.answer(), x.answer());
    assertEquals(d.cacheSpec(), x.cacheSpec());
    assertFalse(BotConfig.builder().semantic(false).build().search().semantic());
    assertEquals(200, BotConfig.builder().set("answer.summary_chars", 200).build().answer().summaryChars());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> BotConfig.builder().thresholds(0.2, 0.5).build());
    assertEquals(
        "BotConfig.builder(): answer.unsure_threshold (0.5) must not exceed answer.answered_threshold (0.2)",
        bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BotConfig.builder().set("answer.nope", 1));
  }

  @Test
  void sectionsReadEveryType() throws Exception {
    Section s =
        new Section(
            "f.yml", "x",
            Map.of("d", "30s", "m", "5m", "days", "180d", "ms", "250ms", "bad", "soon", "list", "a, b",
                "flag", "off", "t", 3));
    assertEquals(Duration.ofSeconds(30), s.duration("d"));
    assertEquals(Duration.ofMinutes(5), s.duration("m"));
    assertEquals(Duration.ofDays(180), s.duration("days"));
    assertEquals(Duration.ofMillis(250), s.duration("ms"));
    assertEquals(
        "f.yml: x.bad: \"soon\" is not a duration such as 500ms, 30s, 5m, 1h or 180d",
        assertThrows(ConfigException.class, () -> s.duration("bad")).getMessage());
    assertEquals(List.of("a", "b"), s.list("list"));
    assertFalse(s.bool("flag"));
    assertEquals("3", s.string("t"));
    assertEquals(
        "f.yml: x.t: \"3\" is not a whole number from 5 to 9",
        assertThrows(ConfigException.class, () -> s.integer("t", 5, 9)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.string("missing"), "a key the bundled file lacks");
  }
}

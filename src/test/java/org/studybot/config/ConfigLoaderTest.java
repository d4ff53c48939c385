package org.studybot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
  }

  @Test
  void missingRequiredFileIsAnError() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp.resolve("none.yml"), true, Map.of()));
    assertTrue(e.getMessage().endsWith("none.yml: no such configuration file"), e.getMessage());
  }

  @Test
  void theShippedConfigIsValid() throws Exception {
    BotConfig c = ConfigLoader.load(Path.of("config/studybot.yml"), true, Map.of());
    assertEquals(Path.of("content"), c.contentDir());
    assertTrue(c.unsureAt() <= c.answeredAt());
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
            search: {semantic: off}
            reload: {watch: on}
            slack: {ask_command: /q, study_command: /s, admin_command: /a, admins: [U1, U2]}
            """);
    assertEquals(Path.of("articles"), c.contentDir());
    assertEquals(Path.of("/var/studybot"), c.dataDir());
    assertEquals(0.7, c.answeredAt());
    assertEquals(0.2, c.unsureAt());
    assertEquals(200, c.summaryChars());
    assertEquals(4, c.alternatives());
    assertEquals("maximumSize=5", c.cacheSpec());
    assertEquals(2048, c.maxFileBytes());
    assertEquals(500, c.maxQuestionChars());
    assertEquals(8, c.maxQueryTerms());
    assertFalse(c.semantic());
    assertTrue(c.watchContent());
    assertEquals("/q", c.askCommand());
    assertEquals("/s", c.studyCommand());
    assertEquals("/a", c.adminCommand());
    assertEquals(List.of("U1", "U2"), c.admins());
    assertEquals("https://example.org/learn/x", c.link("/learn/x"));
    assertEquals("https://other.org/y", c.link("https://other.org/y"));
  }

  @Test
  void unknownKeyIsNamed() {
    String m = error("answer:\n  answerd_threshold: 0.5\n");
    assertTrue(m.startsWith("cfg.yml: answer.answerd_threshold: unknown setting (known: "), m);
    assertTrue(m.contains("answer.answered_threshold"), m);
    assertTrue(error("colour: blue\n").startsWith("cfg.yml: colour: unknown setting"));
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
    assertTrue(error("slack: {ask_command: ask}").startsWith("cfg.yml: slack.ask_command: \"ask\" is not a slash command"));
    assertTrue(error("content_dir: [a, b]").startsWith("cfg.yml: content_dir: \"[a, b]\" is not text"));
    assertTrue(error("slack: {admins: 5}").startsWith("cfg.yml: slack.admins: \"5\" is not a list of Slack user ids"));
  }

  @Test
  void crossFieldRules() {
    assertEquals(
        "cfg.yml: answer.unsure_threshold (0.8) must not exceed answer.answered_threshold (0.5)",
        error("answer: {answered_threshold: 0.5, unsure_threshold: 0.8}"));
    assertTrue(error("cache: maximumSize=oops").startsWith("cfg.yml: cache: \"maximumSize=oops\" is not a Caffeine spec"));
    assertEquals("cfg.yml: site_base_url: \"ftp://x\" is not an http(s) URL", error("site_base_url: ftp://x"));
    assertEquals(
        "cfg.yml: slack: the ask, study and admin commands must differ",
        error("slack: {ask_command: /x, study_command: /x}"));
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
    assertEquals(List.of("U1", "U2", "U3"), c.admins());
  }

  @Test
  void copiesChangeOneThing() {
    BotConfig d = BotConfig.defaults();
    assertEquals(Path.of("x"), d.withContentDir(Path.of("x")).contentDir());
    assertEquals(d.cacheSpec(), d.withContentDir(Path.of("x")).cacheSpec());
    assertFalse(d.withSemantic(false).semantic());
  }
}

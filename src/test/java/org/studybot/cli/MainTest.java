package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.studybot.feedback.Gap;
import org.studybot.store.Store;
import org.studybot.store.StoreTarget;
import org.junit.jupiter.api.io.TempDir;

/** Every command through {@code new Main(in, out, err, env).run(...)}: output and exit codes. */
class MainTest {
  private static final String QUIRKS = "src/test/resources/fixtures/quirks";
  private static final String BROKEN = "src/test/resources/fixtures/broken";

  /** One run's exit code and output. */
  record Run(int code, String out, String err) {}

  static Run run(String stdin, String... args) {
    return run(main -> main, stdin, args);
  }

  /** As {@link #run(String, String...)}, with the {@code Main} set up by {@code setup} first. */
  static Run run(java.util.function.UnaryOperator<Main> setup, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        setup.apply(new Main(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()))
            .run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs against the real corpus, lexical only (fast, no model). */
  static Run content(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--content", "content", "--semantic", "off"));
    return run(stdin, all.toArray(String[]::new));
  }

  @Test
  void theShellLogsWhatItCannotAnswerWhereSlackDoes(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    Path config = Files.writeString(tmp.resolve("c.yml"), "data_dir: " + data + "\n");
    Run r = content("how does photosynthesis work\nzzqx vvbnm quantum basket\nhello\n", "shell", "--config",
        config.toString());
    assertEquals(0, r.code(), r.err());
    try (Store store = Store.open(StoreTarget.sqlite(data), Clock.systemUTC())) {
      List<Gap.Subject> gaps = store.feedback().gaps(10, 10);
      assertEquals(1, gaps.size(), gaps.toString());
      assertEquals(
          List.of(new Gap("zzqx vvbnm quantum basket", 1, 0)), gaps.get(0).gaps());
    }
  }

  @Test
  void shellReadsPipedInputAndItsCommands() {
    Run r =
        content(
            String.join(
                "\n",
                "how does photosynthesis work",
                "",
                "/study",
                "/study Biology",
                "/study computer-science how does binary search work",
                "/study biolgy",
                "/subjects",
                "/help",
                "/reload",
                "/bogus",
                "/quit",
                "how does dna replication work"),
            "shell");
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    assertTrue(out.startsWith("StudyBot: "), out);
    assertTrue(out.contains("How does photosynthesis work?\nhttps://quicktakes.io/learn/biology/"), out);
    assertTrue(out.contains("(/study computer-science)"), "subjects with their slugs");
    assertTrue(out.matches("(?s).*Biology: \\d+ articles\n  - .*"), out);
    assertTrue(out.contains("How does binary search work?\nhttps://"), out);
    assertTrue(out.contains("I don't have a subject called \"biolgy\". Did you mean Biology?"), out);
    assertTrue(out.contains("/reload                    re-read the content directory"), out);
    assertTrue(out.contains("Reloading content ...\nloaded "), out);
    assertTrue(out.contains("Unknown command /bogus. Try /help."), out);
    assertFalse(out.contains("How does DNA replication work?\nhttps"), "nothing after /quit");
    assertFalse(out.contains("\n> "), "no prompt when input is piped");
  }

  @Test
  void noCommandWithoutSlackTokensIsTheShell() {
    Run r = content("", new String[0]);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("StudyBot: "), r.out());
    assertTrue(r.err().contains("loaded "), "load summary on standard error: " + r.err());
  }

  @Test
  void askPrintsOneReply() {
    Run r = content("", "ask", "how", "does", "photosynthesis", "work");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("How does photosynthesis work?\nhttps://quicktakes.io/learn/biology/"), r.out());
    assertTrue(r.out().contains("% sure)"), r.out());
    Run full = content("", "ask", "--full", "how does photosynthesis work");
    assertTrue(full.out().length() > r.out().length() + 500, "the whole answer");
  }

  @Test
  void askJsonPrintsTheReplyModel() {
    Run r = content("", "ask", "--json", "--subject", "Biology", "how does photosynthesis work");
    assertEquals(0, r.code(), r.err());
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals("answered", o.get("status").getAsString());
    assertEquals("Biology", o.get("subject").getAsString());
    assertEquals("How does photosynthesis work?", o.getAsJsonObject("article").get("title").getAsString());
    assertTrue(o.getAsJsonObject("article").get("id").getAsJsonPrimitive().isString());
    assertFalse(o.get("summary").getAsString().isEmpty());
    assertTrue(o.get("confidence").getAsDouble() > 0);
  }

  @Test
  void queryReadsTextAndJsonLinesAndWritesJsonLines() {
    Run r =
        content(
            "energy\n\n{\"q\": \"how does binary search work\", \"subject\": \"computer-science\"}\n"
                + "{\"question\": \"what is mitosis\"}\n{not json\n*\n",
            "query", "--limit", "6");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(5, lines.length, r.out());
    JsonObject energy = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertEquals("energy", energy.get("q").getAsString());
    assertTrue(energy.has("subject") && energy.get("subject").isJsonNull(), "every key on every line");
    JsonArray results = energy.getAsJsonArray("results");
    assertEquals(6, results.size(), "at least 5 when that many match");
    for (int i = 0; i < results.size(); i++) {
      JsonObject res = results.get(i).getAsJsonObject();
      for (String k : List.of("id", "title", "subject", "url", "score")) {
        assertTrue(res.has(k), k);
      }
      assertTrue(res.get("id").getAsJsonPrimitive().isString());
      assertTrue(res.get("url").getAsString().startsWith("https://"));
      if (i > 0) {
        assertTrue(results.get(i - 1).getAsJsonObject().get("score").getAsDouble() >= res.get("score").getAsDouble());
      }
    }
    assertTrue(List.of("answered", "unsure", "none").contains(energy.get("status").getAsString()));
    JsonObject bs = JsonParser.parseString(lines[1]).getAsJsonObject();
    assertEquals("computer-science", bs.get("subject").getAsString());
    bs.getAsJsonArray("results").forEach(x -> assertEquals("Computer Science", x.getAsJsonObject().get("subject").getAsString()));
    assertEquals("what is mitosis", JsonParser.parseString(lines[2]).getAsJsonObject().get("q").getAsString());
    assertEquals("{not json", JsonParser.parseString(lines[3]).getAsJsonObject().get("q").getAsString());
    assertTrue(r.err().contains("standard input line 5: not a JSON object, read as text"), r.err());
    JsonObject star = JsonParser.parseString(lines[4]).getAsJsonObject();
    assertEquals("none", star.get("status").getAsString());
    assertEquals(0, star.getAsJsonArray("results").size());
  }

  @Test
  void validateExitsOneOnBrokenFilesAndZeroOnGoodOnes() {
    Run broken = run("", "validate", "--content", BROKEN);
    assertEquals(1, broken.code());
    assertTrue(broken.out().contains("broken/latin1.md: not valid UTF-8"), broken.out());
    assertTrue(broken.out().contains("broken/dup-two.md: id: \"910001\" is already used by broken/dup-one.md"), broken.out());
    assertTrue(broken.out().contains("loaded 2 articles from 12 files, 10 skipped (16 problems)"), broken.out());
    assertEquals(0, run("", "validate", "--content", QUIRKS).code());
    Run real = run("", "validate", "--content", "content");
    assertEquals(0, real.code(), real.out());
    assertTrue(real.out().startsWith("loaded "), real.out());
    assertEquals(1, run("", "validate", "--content", "no/such/dir").code());
  }

  @Test
  void subjectsListsNamesSlugsAndCounts() {
    Run r = run("", "subjects", "--content", QUIRKS, "--semantic", "off");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*Computer Science\\s+computer-science\\s+2\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*Langues Étrangères\\s+langues-etrangeres\\s+1\n.*"), r.out());
  }

  @Test
  void usageErrorsExitTwo() {
    for (String[] args :
        new String[][] {
          {"frobnicate"}, {"ask", "--bogus", "x"}, {"ask"}, {"query", "--limit", "abc"}, {"query", "--limit", "0"},
          {"ask", "--semantic", "maybe", "x"}, {"validate", "--content"}, {"ask", "--json=yes", "x"},
        }) {
      Run r = run("", args);
      assertEquals(2, r.code(), () -> String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().startsWith("studybot: ") && r.err().contains("Try --help."), r.err());
    }
  }

  @Test
  void helpAndFailures() {
    Run help = run("", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Exit codes: 0 ok, 1 failure, 2 usage."));
    assertEquals(0, run("", "help").code());
    Run noConfig = run("", "ask", "--config", "no/such.yml", "x");
    assertEquals(1, noConfig.code());
    assertTrue(noConfig.err().contains("no/such.yml: no such configuration file"), noConfig.err());
    Run noContent = run("", "ask", "--content", "no/such/dir", "x");
    assertEquals(1, noContent.code());
    assertTrue(noContent.err().contains("content directory no/such/dir does not exist"), noContent.err());
  }

  @Test
  void evalLoadsDistractorsBesideTheContentAndRemovesTheCopy(@TempDir Path tmp) throws Exception {
    Path set = evalSet(tmp, "casual\t\thow does photosynthesis work\t170205", "offtopic\t\tlol\tnone");
    Path distractors = distractors(tmp, 2);
    Run r = content("", "eval", "--set", set.toString(), "--distractors", distractors.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("evaluating with 2 distractor files beside content"), r.err());
    assertTrue(r.err().contains("loaded 111 articles from 111 files"), r.err());
    assertTrue(r.out().contains("in-scope answered correctly: 100.0%   off-topic not answered: 100.0%"), r.out());
    var copy = java.util.regex.Pattern.compile("copied together to (\\S+)\\)").matcher(r.err());
    assertTrue(copy.find(), r.err());
    assertFalse(Files.exists(Path.of(copy.group(1))), "the merged copy is removed");

    Run missing = content("", "eval", "--set", set.toString(), "--distractors", tmp.resolve("nope").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("--distractors: " + tmp.resolve("nope") + " is not a directory"), missing.err());
  }

  @Test
  void evalExplainsEachMissAndFitsOnTheSetWithAndWithoutDistractors(@TempDir Path tmp) throws Exception {
    // The second question's expected article is deliberately not the best one: a miss to explain.
    Path set =
        evalSet(
            tmp,
            "casual\t\thow does photosynthesis work\t170205",
            "casual\t\thow does photosynthesis turn light into sugar\t170208",
            "offtopic\t\tlol\tnone",
            "offtopic\t\tthe green pigment\tnone");
    Path distractors = distractors(tmp, 1);
    Run r = content("", "eval", "--set", set.toString(), "--distractors", distractors.toString(), "--verbose", "--fit");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| how does photosynthesis turn light into sugar | 170208 "), r.out());
    assertTrue(
        java.util.regex.Pattern.compile("(?m)^ {8}1 .*cov \\d\\.\\d\\d  head \\d\\.\\d\\d  sim .*170205 How does photosynthesis work\\?$")
            .matcher(r.out()).find(),
        "the best candidate, with its evidence:\n" + r.out());
    assertTrue(java.util.regex.Pattern.compile("(?m)^ {6}\\* ?\\d+ .*170208 ").matcher(r.out()).find(), "the expected one, starred:\n" + r.out());
    assertTrue(r.out().contains("fitted weights (intercept, coverage, lead, head coverage"), r.out());
    assertTrue(r.out().contains("set+distractors: in-scope correct / off-topic not answered  set: in-scope correct"), r.out());
    assertTrue(r.err().contains("loaded 109 articles from 109 files") && r.err().contains("loaded 110 articles from 110 files"),
        "both corpora were loaded for the fit:\n" + r.err());
  }

  /** An evaluation set of one file under {@code tmp/set}, with the header and {@code rows}. */
  private static Path evalSet(Path tmp, String... rows) throws java.io.IOException {
    Path set = Files.createDirectories(tmp.resolve("set"));
    Files.writeString(set.resolve("small.tsv"), "kind\tsubject\tquestion\texpected_id\n" + String.join("\n", rows) + "\n");
    return set;
  }

  /** The first {@code n} of two dictionary-style distractor articles, under {@code tmp/distractors}. */
  private static Path distractors(Path tmp, int n) throws java.io.IOException {
    Path distractors = tmp.resolve("distractors");
    org.studybot.eval.DictionaryDistractors.write(
        List.of(
            new org.studybot.eval.DictionaryDistractors.Entry("chlorophyll", "The green pigment that plants use to absorb light."),
            new org.studybot.eval.DictionaryDistractors.Entry("leaf", "The flat green organ of a plant where light is captured.")),
        n, 1, distractors);
    return distractors;
  }
}

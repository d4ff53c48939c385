package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.feedback.FeedbackLog;
import org.studybot.feedback.FeedbackStore;
import org.studybot.reply.BlockKitRenderer;
import org.studybot.reply.SlackPayloadRules;

/**
 * Hostile articles (src/test/resources/hostile-corpus: mentions, broadcasts, disguised and
 * script links, relative links, a URL with a space and one with parentheses, emphasis markers in
 * titles and the subject {@code R&D}, a 4,000-character word, a URL too long to link) and hostile
 * questions (mentions, links, entities, markdown) sent through the real bot in HTTP mode. Every
 * payload it sends or acks with is recorded by scenario and:
 *
 * <ul>
 *   <li>checked against the escaping model and Block Kit's limits ({@link SlackPayloadRules});
 *   <li>compared with the golden file {@value #GOLDEN} (run with {@code -Dgolden.update=true} to
 *       rewrite it after a deliberate change, and review the diff);
 *   <li>type-checked against Slack's own {@code @slack/types} by the TypeScript compiler
 *       (src/test/typescript; {@code npm ci} there installs it).
 * </ul>
 *
 * The same run checks the behaviours around them: {@code /study R&D}, one vote per user per
 * answer, DM clicks answered in the DM, shares that quote the question plainly and never share
 * uncertainty, and owner-only data files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePayloadsTest {
  static final String GOLDEN = "src/test/resources/golden/hostile-payloads.json";
  static final Path TYPESCRIPT = Path.of("src/test/typescript");
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  Path data;
  SlackFixture f;
  SlackLauncher.Running bot;
  SignedClient client;
  /** Every payload by scenario, in the order sent. */
  final Map<String, JsonObject> payloads = new LinkedHashMap<>();
  final Set<String> views = new java.util.HashSet<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("content");
    copy(SlackFixture.CORPUS, corpus.resolve("slack"));
    copy(Path.of("src/test/resources/hostile-corpus"), corpus.resolve("hostile"));
    data = dir.resolve("data");
    f = new SlackFixture(data, corpus);
    bot = f.start(false, Duration.ofSeconds(5));
    client = new SignedClient(bot.port());
    run();
  }

  @AfterAll
  void stop() {
    if (bot != null) {
      bot.close();
    }
    if (f != null) {
      f.close();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  // ------------------------------------------------------------------ driving

  private JsonObject command(String name, String command, String wireText, String user) throws Exception {
    Map<String, String> fields = f.slash(command, wireText, user);
    HttpResponse<String> ack = client.post(SlackFixture.form(fields), false, SlackFixture.NOW, Map.of());
    assertEquals(200, ack.statusCode(), name);
    if (!ack.body().isBlank()) {
      payloads.put(name + " (ack)", JsonParser.parseString(ack.body()).getAsJsonObject());
      return null;
    }
    String url = fields.get("response_url");
    return record(name, f.api.await(url.substring(url.indexOf("/respond/") + 1)));
  }

  private JsonObject event(String name, JsonObject event, String method) throws Exception {
    HttpResponse<String> ack =
        client.post(SlackFixture.callback(event, f.nextId("Ev")).toString(), true, SlackFixture.NOW, Map.of());
    assertEquals(200, ack.statusCode(), name);
    return record(name, f.api.await(method));
  }

  /** Clicks {@code button}; returns the payload sent (its response URL identifies the replies). */
  private JsonObject click(JsonObject button, String user, String channel, String messageTs, String threadTs,
      boolean ephemeral) throws Exception {
    JsonObject p = f.click(button, user, channel, messageTs, threadTs, ephemeral);
    HttpResponse<String> ack =
        client.post(SlackFixture.form(Map.of("payload", p.toString())), false, SlackFixture.NOW, Map.of());
    assertEquals(200, ack.statusCode());
    return p;
  }

  private FakeSlackApi.Call responseTo(JsonObject click) throws InterruptedException {
    String url = click.get("response_url").getAsString();
    return f.api.await(url.substring(url.indexOf("/respond/") + 1));
  }

  /** The payload of a call as Slack receives it: a response body, a message, or a view. */
  private JsonObject record(String name, FakeSlackApi.Call call) {
    JsonObject p;
    if (call.method().equals("views.publish")) {
      p = JsonParser.parseString(call.param("view")).getAsJsonObject();
      views.add(name);
    } else if (call.json() != null) {
      p = call.json().deepCopy();
    } else {
      p = new JsonObject();
      for (String k : List.of("channel", "thread_ts", "user", "text", "unfurl_links", "unfurl_media", "parse", "link_names")) {
        if (call.params().containsKey(k)) {
          p.addProperty(k, call.params().get(k));
        }
      }
      p.add("blocks", JsonParser.parseString(call.params().get("blocks")).getAsJsonArray());
    }
    payloads.put(name, p);
    return p;
  }

  /** The scenarios, in order; each waits for its own reply. */
  private void run() throws Exception {
    String s = SlackFixture.STUDENT;
    JsonObject hostileArticle = command("/ask about the hostile article", "/ask", "is channel a bold claim really", s);
    JsonObject hostileQuestion = command("/ask with a hostile question", "/ask",
        "&lt;!channel&gt; <!here> <@U0ADMIN|admin> how does *photosynthesis* _really_ work ~ok~ &amp; "
            + "<https://evil.example|click> `code` &amp;lt;", s);
    command("/ask with nothing", "/ask", "", s);
    command("/studybot help", "/studybot", "help", SlackFixture.ADMIN);
    command("/studybot with an unknown word", "/studybot", "&lt;!channel&gt;", s);
    command("/study", "/study", "", s);
    command("/study R&D", "/study", "R&amp;D", s);
    command("/study R&D with a question", "/study", "R&amp;D is channel a bold claim", s);
    command("/study an unknown subject", "/study", "&lt;b&gt;nope&lt;/b&gt; why", s);
    command("/study the long subject page", "/study", "r-d 1", s);

    JsonObject mention = event("mention with a hostile question", SlackFixture.mention(
        "<@UBOT> <!channel> how does photosynthesis work &amp; why <https://evil.example|click> @here",
        s, "C1", "1700000100.000100"), "chat.postMessage");
    event("DM with a hostile question",
        SlackFixture.dm("how does DNA *replication* work &lt;@U0ADMIN&gt;", s, "1700000100.000200"), "chat.postMessage");
    event("App Home for an admin", SlackFixture.homeOpened(SlackFixture.ADMIN), "views.publish");

    // Share a private answer to the hostile question.
    JsonObject share = click(SlackFixture.button(hostileQuestion.getAsJsonArray("blocks"), BlockKitRenderer.ACTION_SHARE),
        s, "C1", "1700000100.000300", null, true);
    record("shared in the channel", responseTo(share));
    record("share confirmed", responseTo(share));

    // Share the hostile article's answer too (if it is an answer, not a list).
    if (hostileArticle != null && hostileArticle.toString().contains(BlockKitRenderer.ACTION_SHARE)) {
      JsonObject share2 = click(SlackFixture.button(hostileArticle.getAsJsonArray("blocks"), BlockKitRenderer.ACTION_SHARE),
          s, "C1", "1700000100.000301", null, true);
      record("hostile article shared", responseTo(share2));
      responseTo(share2);
    }

    // In a DM: a vote and an unsure reply's alternative answer in the DM, not in a new thread.
    JsonObject dm = payloads.get("DM with a hostile question");
    click(SlackFixture.button(dm.getAsJsonArray("blocks"), BlockKitRenderer.ACTION_UP), s, "D1", "1700000100.000201",
        null, false);
    record("vote in a DM", f.api.await("chat.postEphemeral"));
    JsonObject unsureDm = event("unsure reply in a DM", SlackFixture.dm("what happened in peru in 1800", s, "1700000100.000400"),
        "chat.postMessage");
    click(SlackFixture.button(unsureDm.getAsJsonArray("blocks"), BlockKitRenderer.ACTION_ALTERNATIVE), s, "D1",
        "1700000100.000401", null, false);
    record("alternative chosen in a DM", f.api.await("chat.postMessage"));

    // An unsure private reply offers no share; an old share button without an article shares the
    // best article, not the uncertainty.
    JsonObject unsure = command("/ask with an unsure answer", "/ask", "what happened in peru in 1800", s);
    JsonObject legacy = new JsonObject();
    legacy.addProperty("action_id", BlockKitRenderer.ACTION_SHARE);
    JsonObject label = new JsonObject();
    label.addProperty("type", "plain_text");
    label.addProperty("text", "Share in channel");
    legacy.add("text", label);
    legacy.addProperty("value", new org.studybot.reply.ActionValue("what happened in peru in 1800", "", "", true, 0).encode());
    assertFalse(unsure.toString().contains(BlockKitRenderer.ACTION_SHARE), unsure.toString());
    JsonObject share3 = click(legacy, s, "C1", "1700000100.000500", null, true);
    record("unsure reply shared", responseTo(share3));
    responseTo(share3);

    // Votes on the mention's answer: down, down again, then up.
    JsonArray blocks = mention.getAsJsonArray("blocks");
    for (String[] v : new String[][] {{"down", BlockKitRenderer.ACTION_DOWN}, {"down again", BlockKitRenderer.ACTION_DOWN},
        {"changed to up", BlockKitRenderer.ACTION_UP}}) {
      click(SlackFixture.button(blocks, v[1]), s, "C1", "1700000100.000101", "1700000100.000100", false);
      record("vote " + v[0], f.api.await("chat.postEphemeral"));
    }

    // The admin's 7-day view of this session (the store's clock is the fixture's: the days are the same every run).
    command("/studybot stats", "/studybot", "stats", SlackFixture.ADMIN);
    command("/studybot gaps", "/studybot", "gaps", SlackFixture.ADMIN);
    event("App Home for an admin after the session", SlackFixture.homeOpened(SlackFixture.ADMIN), "views.publish");
  }

  // ------------------------------------------------------------------ checks

  @Test
  void everyPayloadIsEscapedLinksSafelyAndStaysWithinLimits() {
    assertTrue(payloads.size() >= 20, payloads.keySet().toString());
    List<String> problems = new ArrayList<>();
    payloads.forEach((name, p) -> {
      Set<String> mentions = name.contains("shared") ? Set.of(SlackFixture.STUDENT) : Set.of();
      SlackPayloadRules.violations(p, views.contains(name), mentions).forEach(v -> problems.add(name + ": " + v));
    });
    assertEquals(List.of(), problems);
    String all = payloads.values().toString();
    for (String never : List.of("<https://evil.example", "<javascript:", "<data:", "<!channel>", "<!here>",
        "<!everyone>", "<@U0ADMIN", "<#C", "amp;amp;amp;", "<//evil.example", "quicktakes.io/javascript")) {
      assertFalse(all.contains(never), never);
    }
  }

  @Test
  void payloadsMatchTheGoldenFile() throws IOException {
    // Load timings (the admin's App Home) and the content's temporary directory vary from run to run, and confidences belong to the
    // matching model (tuned elsewhere), not to how a payload is built.
    String actual = PRETTY.toJson(PRETTY.toJsonTree(payloads))
        .replaceAll("in \\d+(\\.\\d+)? s\\b", "in N s")
        .replaceAll("\\d+% sure", "N% sure")
        .replaceAll("Not sure: \\d+%", "Not sure: N%")
        // The content directory is a temporary one.
        .replaceAll("directory /[^ \"\\\\]+", "directory DIR") + "\n";
    Path golden = Path.of(GOLDEN);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      System.err.println("NOTICE: golden file rewritten: " + golden + " (review the diff)");
      Assumptions.abort("golden file rewritten: " + golden);
    }
    assertTrue(Files.exists(golden), "no golden file " + golden + ": run with -Dgolden.update=true and review it");
    if (!Files.readString(golden, StandardCharsets.UTF_8).equals(actual)) {
      Path seen = Path.of("target/hostile-payloads.actual.json");
      Files.writeString(seen, actual, StandardCharsets.UTF_8);
      System.err.println("NOTICE: payloads differ from " + golden + "; this run's are in " + seen);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        "the payloads changed; if deliberately, run with -Dgolden.update=true and review the diff of " + golden);
  }

  @Test
  void hostileArticlesRenderSafely() {
    String ask = payloads.get("/study R&D with a question").toString();
    for (String expected : List.of(
        // Relative links resolved against site_base_url, a URL with parentheses kept whole, mailto kept.
        "<https://quicktakes.io/learn/r-and-d/questions/is-it-safe|relative link>",
        "<https://en.wikipedia.org/wiki/Set_(mathematics)|wiki link>",
        "<mailto:help@example.org|mail link>",
        // Invalid URLs shown as text: a space, a script, data, a disguised target, the article's own.
        "spaced link (https://example.org/a b)",
        "script link (javascript:alert(1))",
        "on the site: https://quicktakes.io/learn/r-and-d/questions/is it safe",
        // Emphasis markers inside the title and subject cannot break the bold or italics around them.
        "∗bold∗ ˍclaimˍ ∼really∼",
        "R&amp;D")) {
      assertTrue(ask.contains(expected), () -> expected + " in " + ask);
    }
    // The related javascript: link is not a link, not even to the site.
    assertFalse(ask.contains("quicktakes.io/javascript"), ask);
    String study = payloads.get("/study R&D").toString();
    assertTrue(study.contains("\"text\":\"R&D\"") || study.contains("R&D — page"), study);
  }

  @Test
  void placeholdersAreEscapedInHelpAndAcks() {
    String help = payloads.get("/studybot help (ack)").toString();
    assertTrue(help.contains("`/ask &lt;question&gt;`") && help.contains("`/study &lt;subject&gt; &lt;question&gt;`"), help);
    String subjects = payloads.get("/study").toString();
    assertTrue(subjects.contains("`/study &lt;subject&gt;`"), subjects);
    String home = payloads.get("App Home for an admin").toString();
    assertTrue(home.contains("`/study &lt;subject&gt;`"), home);
    assertTrue(payloads.get("/studybot with an unknown word (ack)").toString().contains("`&lt;!channel&gt;`"));
  }

  @Test
  void studentTextIsDecodedOnceAndQuotedPlainly() {
    String shared = payloads.get("shared in the channel").toString();
    assertTrue(shared.contains("\"response_type\":\"in_channel\""), shared);
    assertTrue(shared.contains("\"unfurl_links\":false") && shared.contains("\"unfurl_media\":false"), shared);
    assertTrue(shared.contains("\"parse\":\"none\"") && shared.contains("\"link_names\":false"), shared);
    for (String posted : List.of("mention with a hostile question", "vote down", "alternative chosen in a DM")) {
      assertEquals("none", payloads.get(posted).get("parse").getAsString(), posted);
    }
    // The quoted question: the broadcast typed as text stays text, markup is gone, & decoded once.
    // The quoted question: markup gone (a mention, a broadcast, a link's target), emphasis markers
    // neutralised, & decoded once (the student's own "&lt;" stays "&lt;", sent as "&amp;lt;").
    assertTrue(shared.contains("<@USTUDENT> shared an answer to: _how does ∗photosynthesis∗ ˍreallyˍ work ∼ok∼ &amp; click"),
        shared);
    assertTrue(shared.contains("&amp;lt;_"), shared);
    String intro = payloads.get("shared in the channel").getAsJsonArray("blocks").get(0).getAsJsonObject()
        .getAsJsonArray("elements").get(0).getAsJsonObject().get("text").getAsString();
    assertFalse(intro.contains("U0ADMIN") || intro.contains("evil.example") || intro.contains("here"), intro);
    String none = payloads.get("/study an unknown subject").toString();
    assertTrue(none.contains("&lt;b&gt;nope&lt;/b&gt;") && !none.contains("&amp;lt;"), none);
  }

  @Test
  void oneVotePerUserPerAnswerAndTheReplySaysWhatHappened() {
    assertTrue(payloads.get("vote down").toString().contains("Thanks for telling me"));
    assertTrue(payloads.get("vote down again").toString().contains("already marked this answer as not helpful"));
    assertTrue(payloads.get("vote changed to up").toString().contains("Changed your vote to 👍"));
    // The mention's answer: down, down again, up = one 👍; the DM's answer: one 👍.
    assertEquals(new FeedbackStore.Votes(2, 0), f.feedback.votes());
    assertEquals(3, f.feedback.read(FeedbackLog.FEEDBACK_FILE).size(), "the repeated click wrote nothing");
    assertEquals(List.of(), f.feedback.gaps(10, 10).stream()
        .flatMap(g -> g.gaps().stream()).filter(g -> g.downVotes() > 0).toList(), "the thumbs-down was withdrawn");
  }

  @Test
  void inADmClicksAreAnsweredInTheDm() {
    JsonObject vote = payloads.get("vote in a DM");
    assertEquals("D1", vote.get("channel").getAsString());
    assertFalse(vote.has("thread_ts"), vote.toString());
    JsonObject alt = payloads.get("alternative chosen in a DM");
    assertEquals("D1", alt.get("channel").getAsString());
    assertFalse(alt.has("thread_ts"), alt.toString());
    assertFalse(alt.get("text").getAsString().startsWith("I'm not sure"), alt.toString());
    // Mentions in a channel still answer in the thread.
    assertEquals("1700000100.000100", payloads.get("vote down").get("thread_ts").getAsString());
  }

  @Test
  void sharingNeverSharesUncertainty() {
    String unsure = payloads.get("unsure reply in a DM").toString();
    assertTrue(unsure.contains("not sure"), unsure);
    String shared = payloads.get("unsure reply shared").toString();
    assertTrue(shared.contains("in_channel") && shared.contains("shared an answer to"), shared);
    assertFalse(shared.contains("not sure") || shared.contains("Not sure"), shared);
  }

  @Test
  void dataFilesAreOwnerOnly() throws IOException {
    assumePosix();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    for (String file : List.of(FeedbackLog.FEEDBACK_FILE, FeedbackLog.GAPS_FILE)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file))), file);
    }
  }

  private void assumePosix() {
    Assumptions.assumeTrue(data.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
  }

  @Test
  void payloadsTypeCheckAgainstSlacksOwnTypes() throws Exception {
    Path tsc = TYPESCRIPT.resolve("node_modules/typescript/bin/tsc");
    Path types = TYPESCRIPT.resolve("node_modules/@slack/types/package.json");
    if (!Files.exists(tsc) || !Files.exists(types) || !onPath("node")) {
      String why = "TypeScript check skipped: run `npm ci` in " + TYPESCRIPT + " (needs node and npm)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why.replace("skipped", "cannot run in CI"));
      }
      System.err.println("NOTICE: " + why);
      Assumptions.abort(why);
    }
    StringBuilder ts = new StringBuilder();
    ts.append("// Generated by HostilePayloadsTest: every payload the bot sent, typed by Slack's own types.\n");
    ts.append("import type { HomeView, KnownBlock } from '@slack/types';\n\n");
    ts.append("interface Message {\n  text: string;\n  blocks?: KnownBlock[];\n  channel?: string;\n  thread_ts?: string;\n"
        + "  user?: string;\n  response_type?: 'ephemeral' | 'in_channel';\n  replace_original?: boolean;\n"
        + "  unfurl_links?: boolean | string;\n  unfurl_media?: boolean | string;\n  parse?: 'none' | 'full';\n"
        + "  link_names?: boolean | string;\n}\n\n");
    int i = 0;
    for (Map.Entry<String, JsonObject> e : payloads.entrySet()) {
      String type = views.contains(e.getKey()) ? "HomeView" : "Message";
      ts.append("// ").append(e.getKey().replaceAll("[\\r\\n]", " ")).append('\n');
      ts.append("export const payload").append(i++).append(": ").append(type).append(" = ")
          .append(PRETTY.toJson(e.getValue())).append(";\n\n");
    }
    Path out = TYPESCRIPT.resolve("generated");
    Files.createDirectories(out);
    Files.writeString(out.resolve("payloads.ts"), ts.toString(), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("node", tsc.toAbsolutePath().toString(), "--noEmit", "-p", TYPESCRIPT.toAbsolutePath().toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tsc did not finish");
    assertEquals(0, p.exitValue(), "tsc found payloads Slack's types reject:\n" + output);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}

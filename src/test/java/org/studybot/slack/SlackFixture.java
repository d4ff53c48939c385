package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.config.BotConfig;
import org.studybot.feedback.FeedbackLog;
import org.studybot.metrics.MetricsSettings;
import org.studybot.ops.HttpSettings;
import org.studybot.store.MutableClock;
import org.studybot.store.Store;
import org.studybot.store.StoreTarget;

/**
 * What the Slack tests share: a small corpus, a configuration with one admin, the fake Web API,
 * secrets to look for in logs, and builders for Slack's payloads (events, slash commands, clicks).
 */
final class SlackFixture implements AutoCloseable {
  static final Path CORPUS = Path.of("src/test/resources/slack-corpus");
  static final String ADMIN = "UADMIN";
  static final String STUDENT = "USTUDENT";
  static final String BOT_TOKEN = "xoxb-test-bot-token-0123456789";
  static final String APP_TOKEN = "xapp-test-app-token-9876543210";
  static final String SIGNING_SECRET = "test-signing-secret-abcdef";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final Path dataDir;
  final BotConfig config;
  final Answerer answerer;
  final FakeSlackApi api;
  final FeedbackLog feedback;
  final Store store;
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<Duration> retryWaits = Collections.synchronizedList(new ArrayList<>());
  /** Requests are signed at {@link #NOW}; moved only by seconds, so signatures stay fresh. */
  final MutableClock clock = new MutableClock(NOW);
  private final AtomicInteger ids = new AtomicInteger();
  // Trigger ids are unique across Slack; fixtures of replicas on one store must not reuse them,
  // or the intake takes the second replica's command for the first one's (the same work key).
  private static final AtomicInteger FIXTURES = new AtomicInteger();
  private final String triggers = "trigger-" + FIXTURES.incrementAndGet() + "-";

  SlackFixture(Path dataDir) throws Exception {
    this(dataDir, CORPUS);
  }

  /** A fixture serving the articles under {@code corpus}. */
  SlackFixture(Path dataDir, Path corpus) throws Exception {
    this.dataDir = dataDir;
    this.config =
        BotConfig.builder().contentDir(corpus).dataDir(dataDir).semantic(false).set("slack.admins", List.of(ADMIN))
            // These tests ask many questions as one student in one channel; the limits have tests of their own.
            .set("intake.user_burst", 100_000).set("intake.channel_burst", 100_000)
            // A delivery that fails is tried once more, a second later by the test's clock.
            .set("intake.max_attempts", 2).set("intake.retry_after", "1s").set("intake.poll", "20ms").build();
    this.answerer = Engine.start(config, line -> log.add(line));
    this.api = new FakeSlackApi();
    this.feedback = new FeedbackLog(dataDir, clock, log::add);
    this.store = Store.open(StoreTarget.sqlite(dataDir), clock);
  }

  SlackSettings settings(boolean socket, Duration timeout) {
    return new SlackSettings(BOT_TOKEN, socket ? APP_TOKEN : null, SIGNING_SECRET, api.apiUrl(), 0, timeout);
  }

  /** Starts the bot; rate-limit waits are recorded and skipped. */
  SlackLauncher.Running start(boolean socket, Duration timeout) throws Exception {
    return start(socket, timeout, new MetricsSettings(false, 0));
  }

  /** As {@link #start(boolean, Duration)}, with metrics as given. */
  SlackLauncher.Running start(boolean socket, Duration timeout, MetricsSettings metrics) throws Exception {
    return SlackLauncher.start(
        settings(socket, timeout), HttpSettings.defaults(0).withBindAddress("127.0.0.1"), answerer, feedback,
        log::add, clock,
        (wait, task) -> {
          retryWaits.add(wait);
          task.run();
        },
        // Socket Mode reconnects within a test's patience (the backoff itself is tested with a driven clock).
        new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> 0.5),
        store,
        metrics);
  }

  /** No log line holds a secret or the given private texts. */
  void assertLogsClean(String... privateTexts) {
    for (String line : log) {
      for (String secret : List.of(BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, "respond/")) {
        assertFalse(line.contains(secret), () -> "a log line shows a secret: " + line);
      }
      for (String t : privateTexts) {
        assertFalse(line.contains(t), () -> "a log line shows a message body: " + line);
      }
    }
  }

  String nextId(String prefix) {
    return prefix + ids.incrementAndGet();
  }

  // ------------------------------------------------------------------ payloads

  /** The form fields of a slash command. */
  Map<String, String> slash(String command, String text, String user) {
    return SlackPayloads.slash(command, text, user, api.responseUrl(nextId("slash-")), nextId(triggers));
  }

  static String form(Map<String, String> fields) {
    return SlackPayloads.form(fields);
  }

  static JsonObject mention(String text, String user, String channel, String ts) {
    return SlackPayloads.mention(text, user, channel, ts);
  }

  static JsonObject dm(String text, String user, String ts) {
    return SlackPayloads.dm(text, user, "D1", ts);
  }

  static JsonObject homeOpened(String user) {
    return SlackPayloads.homeOpened(user);
  }

  /** An Events API callback around {@code event}, sent at {@link #NOW}. */
  static JsonObject callback(JsonObject event, String eventId) {
    return SlackPayloads.callback(event, eventId, NOW);
  }

  /** A block_actions payload: {@code user} clicked {@code button} on a message. */
  JsonObject click(JsonObject button, String user, String channel, String messageTs, String threadTs, boolean ephemeral) {
    return SlackPayloads.click(
        button, user, channel, messageTs, threadTs, ephemeral, api.responseUrl(nextId("click-")), nextId(triggers));
  }

  // ------------------------------------------------------------------ reading replies

  /** The blocks a call carried (a JSON string parameter or a JSON body's array). */
  static JsonArray blocks(FakeSlackApi.Call call) {
    if (call.json() != null && call.json().has("blocks")) {
      return call.json().getAsJsonArray("blocks");
    }
    String b = call.params().get("blocks");
    return b == null ? new JsonArray() : JsonParser.parseString(b).getAsJsonArray();
  }

  /** The first button whose action id starts with {@code prefix}. */
  static JsonObject button(JsonArray blocks, String prefix) {
    for (JsonElement b : blocks) {
      JsonObject block = b.getAsJsonObject();
      if (block.get("type").getAsString().equals("actions")) {
        for (JsonElement e : block.getAsJsonArray("elements")) {
          if (e.getAsJsonObject().get("action_id").getAsString().startsWith(prefix)) {
            return e.getAsJsonObject();
          }
        }
      }
    }
    throw new AssertionError("no button " + prefix + " in " + blocks);
  }

  @Override
  public void close() {
    store.close();
    api.close();
    answerer.library().close();
  }
}

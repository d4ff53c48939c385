package org.studybot.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.studybot.answer.AnswerEvent;
import org.studybot.reply.Intent;
import org.studybot.reply.Status;

class LogsTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream systemErr;
  private LoggerContext context;

  /** A logging context of its own, configured from the jar's logback.xml, writing to {@link #captured}. */
  @BeforeEach
  void configure() throws Exception {
    systemErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(LogsTest.class.getClassLoader().getResource("logback.xml"));
  }

  @AfterEach
  void restore() {
    context.stop();
    System.setErr(systemErr);
    MDC.clear();
  }

  private List<String> lines() {
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonLinesParseAndCarryTheFields() {
    Logs.useJson(context);
    Logger slack = context.getLogger("org.studybot.slack");
    MDC.put("event_id", "Ev0123");
    MDC.put("team", "T42");
    slack.atInfo().addKeyValue("status", "answered").addKeyValue("latency_ms", 17L).addKeyValue("cached", false)
        .log("answered a question");
    MDC.clear();
    slack.atWarn().setCause(new IllegalStateException("queue full\nsecond line")).log("could not post");
    // The rules in logback.xml hold in JSON too: none of these is written.
    context.getLogger("ai.djl.util").warn("CUDA not found");
    context.getLogger("org.eclipse.jetty.server.Server").info("Started oejs.Server");
    context.getLogger("com.slack.api.socket_mode.SocketModeClient").error("connection refused");
    context.getLogger("com.slack.api.bolt.App").warn("No request pattern detected for {\"text\":\"a student's message\"}");
    context.getLogger("org.java_websocket.drafts.Draft_6455").error("frame {\"text\":\"a student's message\"}");
    context.getLogger("org.flywaydb.core.FlywayExecutor").info("Migrating schema");
    context.getLogger("com.zaxxer.hikari.HikariDataSource").info("Start completed");
    Consumer<String> own = Logs.lines(context);
    own.accept("loaded 109 articles");

    List<String> lines = lines();
    assertEquals(3, lines.size(), String.join("\n", lines));
    JsonObject answered = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    Instant.parse(answered.get("timestamp").getAsString());
    assertEquals("INFO", answered.get("level").getAsString());
    assertEquals("org.studybot.slack", answered.get("logger").getAsString());
    assertEquals("answered a question", answered.get("message").getAsString());
    assertEquals("Ev0123", answered.get("event_id").getAsString());
    assertEquals("T42", answered.get("team").getAsString());
    assertEquals("answered", answered.get("status").getAsString());
    assertTrue(answered.get("latency_ms").getAsJsonPrimitive().isNumber());
    assertEquals(17, answered.get("latency_ms").getAsLong());
    assertFalse(answered.get("cached").getAsBoolean());

    JsonObject failed = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertEquals("WARN", failed.get("level").getAsString());
    assertEquals("java.lang.IllegalStateException: queue full\nsecond line", failed.get("error").getAsString());
    assertTrue(failed.get("stack").getAsString().contains("LogsTest"), "the trace, as one string");
    assertFalse(failed.has("event_id"), "the MDC was cleared");

    JsonObject mine = JsonParser.parseString(lines.get(2)).getAsJsonObject();
    assertEquals(Logs.STUDYBOT, mine.get("logger").getAsString());
    assertEquals("loaded 109 articles", mine.get("message").getAsString());
  }

  @Test
  void anAnswerIsOneJsonLineWithItsOutcomeAndNoText() {
    Logs.useJson(context);
    AnswerLog log = new AnswerLog(context.getLogger(AnswerLog.LOGGER));
    MDC.put("event_id", "Ev9");
    log.answered(new AnswerEvent("how do vaccines work", "Biology", "slack-dm", Intent.QUESTION, Status.UNSURE, 0.41234,
        "170206", 2_345_678, false));
    MDC.clear();
    log.answered(new AnswerEvent("hi", "", "shell", Intent.GREETING, Status.NONE, 0, "", 50_000, true));
    List<String> lines = lines();
    JsonObject unsure = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals("answered", unsure.get("message").getAsString());
    assertEquals(AnswerLog.LOGGER, unsure.get("logger").getAsString());
    assertEquals("Ev9", unsure.get("event_id").getAsString());
    assertEquals("slack-dm", unsure.get("front_end").getAsString());
    assertEquals("unsure", unsure.get("status").getAsString());
    assertEquals("170206", unsure.get("article").getAsString());
    assertEquals(0.412, unsure.get("confidence").getAsDouble(), 1e-9);
    assertEquals(2.35, unsure.get("latency_ms").getAsDouble(), 1e-9);
    assertFalse(unsure.get("cached").getAsBoolean());
    assertFalse(lines.get(0).contains("vaccines") || lines.get(0).contains("Biology"), lines.get(0));
    JsonObject chat = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertEquals("chat", chat.get("status").getAsString());
    assertTrue(chat.get("cached").getAsBoolean());
  }

  @Test
  void aFieldNamedLikeAFixedKeyDoesNotReplaceIt() {
    Logs.useJson(context);
    context.getLogger("x").atInfo().addKeyValue("message", "a field").addKeyValue("level", 3).log("the message");
    JsonObject o = JsonParser.parseString(lines().get(0)).getAsJsonObject();
    assertEquals("the message", o.get("message").getAsString());
    assertEquals("INFO", o.get("level").getAsString());
    assertEquals("a field", o.get("_message").getAsString());
    assertEquals(3, o.get("_level").getAsInt());
  }

  @Test
  void textIsWhatSlf4jSimpleWroteWithFieldsAfterTheMessage() {
    Thread.currentThread().setName("main-test");
    context.getLogger("com.example.Lib").info("started");
    context.getLogger("org.studybot.x").atInfo().addKeyValue("status", "unsure").addKeyValue("latency_ms", 4).log("answered");
    context.getLogger("ai.djl.util").warn("CUDA not found");
    assertEquals(
        List.of("[main-test] INFO com.example.Lib - started", "[main-test] INFO org.studybot.x - answered status=unsure latency_ms=4"),
        lines());
  }

  @Test
  void theTextConsumerWritesStudybotLinesToTheGivenStream() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Logs.start(LoggingSettings.defaults(), new PrintStream(err, true, StandardCharsets.UTF_8)).accept("ready");
    assertEquals("studybot: ready" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theRootLevelCanBeRaisedButTheSlackSdkStaysOff() throws Exception {
    System.setProperty("studybot.log.level", "TRACE");
    LoggerContext verbose = new LoggerContext();
    try {
      verbose.setMDCAdapter(MDC.getMDCAdapter());
      JoranConfigurator joran = new JoranConfigurator();
      joran.setContext(verbose);
      joran.doConfigure(LogsTest.class.getClassLoader().getResource("logback.xml"));
      assertTrue(verbose.getLogger("com.example").isTraceEnabled());
      assertFalse(verbose.getLogger("com.slack.api.bolt.App").isErrorEnabled());
      assertFalse(verbose.getLogger("org.java_websocket.WebSocketImpl").isErrorEnabled());
    } finally {
      System.clearProperty("studybot.log.level");
      verbose.stop();
    }
    assertFalse(context.getLogger("com.example").isDebugEnabled(), "INFO by default");
  }

  @Test
  void formatsAreParsedWithAClearError() {
    assertEquals(LogFormat.JSON, LogFormat.parse(" JSON "));
    assertEquals(LogFormat.TEXT, LogFormat.parse("text"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml"));
    assertEquals("\"xml\" is not a log format: expected text or json", e.getMessage());
  }
}

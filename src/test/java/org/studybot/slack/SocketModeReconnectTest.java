package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode reconnects on a clock the test drives: how many {@code apps.connections.open} calls
 * a refusing or failing Slack gets, and that the connection monitor outlives every failure.
 */
class SocketModeReconnectTest {
  static final Predicate<Duration> BACKOFF =
      d -> !d.equals(SocketFrontEnd.CHECK_EVERY) && !d.equals(SocketFrontEnd.CONNECT_TIMEOUT);
  static final Predicate<Duration> MONITOR = d -> d.equals(SocketFrontEnd.CHECK_EVERY);

  final List<String> log = new CopyOnWriteArrayList<>();
  final DrivenScheduler scheduler = new DrivenScheduler();
  final AtomicBoolean randomBreaks = new AtomicBoolean();
  FakeSlackApi api;
  FakeSocketMode ws;
  App app;
  SocketFrontEnd socket;

  @BeforeEach
  void start() throws Exception {
    api = new FakeSlackApi();
    SlackSettings settings = new SlackSettings(SlackFixture.BOT_TOKEN, SlackFixture.APP_TOKEN, null, api.apiUrl(), 0,
        Duration.ofSeconds(2));
    app = new App(AppConfig.builder().slack(StudyBotApp.slack(settings)).singleTeamBotToken(SlackFixture.BOT_TOKEN)
        .requestVerificationEnabled(false).build());
    // The ceiling every time, so the waits are exact: 1, 2, 4, ... 60 s.
    Backoff backoff = new Backoff(Duration.ofSeconds(1), SocketFrontEnd.MAX_BACKOFF, () -> {
      if (randomBreaks.getAndSet(false)) {
        throw new IllegalStateException("a check that throws");
      }
      return 1.0;
    });
    socket = new SocketFrontEnd(app, SlackFixture.APP_TOKEN, log::add, scheduler, backoff, scheduler.clock);
  }

  @AfterEach
  void stop() throws Exception {
    socket.close();
    if (ws != null) {
      ws.stop(1000);
    }
    api.close();
  }

  private int opens() {
    return api.calls("apps.connections.open").size();
  }

  /** Waits (at most 20 s) for something another thread does; no sleeping. */
  private static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void aRefusingEndpointIsRetriedWithExponentialBackoffNotEvery250Ms() throws Exception {
    api.socketUrl("ws://127.0.0.1:1/link"); // nothing listens there: every connect is refused
    socket.start();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      DrivenScheduler.Task next = scheduler.take(BACKOFF);
      waits.add(next.delay().toSeconds());
      assertFalse(socket.health().ready());
      next.body().run();
    }
    until(() -> scheduler.count(BACKOFF) == 1, "the ninth retry is scheduled");
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), waits);
    // 9 calls in the 183 simulated seconds the retries took (the SDK's 250 ms loop made 31 in 8 s);
    // in the first 8 s only 4 (at 0, 1, 3 and 7 s).
    assertEquals(9, opens());
    assertEquals(9, socket.opens());
    assertTrue(socket.health().detail().contains("connect failed"), socket.health().detail());
    assertTrue(socket.health().detail().contains("next try in 60 s"), socket.health().detail());
    assertEquals(1, scheduler.count(MONITOR), "the monitor is still scheduled: " + scheduler.delays());
  }

  @Test
  void okFalseFromAppsConnectionsOpenNeitherKillsTheMonitorNorSkipsTheBackoff() throws Exception {
    ws = new FakeSocketMode();
    ws.startAndWait();
    api.socketUrl(ws.url());
    socket.start();
    ws.awaitConnections(1);
    until(socket::connected, "connected");
    assertTrue(socket.health().ready());

    api.script("apps.connections.open", FakeSlackApi.error("internal_error"), FakeSlackApi.status(500, null),
        FakeSlackApi.error("internal_error"));
    ws.drop();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DrivenScheduler.Task next = scheduler.take(BACKOFF);
      waits.add(next.delay().toSeconds());
      next.body().run();
    }
    assertEquals(List.of(1L, 2L, 4L, 8L), waits);
    ws.awaitConnections(2);
    until(socket::connected, "connected again");
    assertEquals(5, opens(), "one call per try: " + api);
    assertTrue(log.stream().anyMatch(l -> l.contains("apps.connections.open: internal_error")), log.toString());
    assertTrue(log.stream().anyMatch(l -> l.contains("Socket Mode: connected again")), log.toString());

    // The monitor lived through all of that, and catches a socket that goes stale without a close.
    ws.deaf(true);
    scheduler.take(MONITOR).body().run();
    assertFalse(socket.connected(), "an unanswered ping went unnoticed");
    assertTrue(socket.health().detail().contains("no answer to a ping"), socket.health().detail());
    ws.deaf(false);
    scheduler.take(BACKOFF).body().run();
    ws.awaitConnections(3);
    until(socket::connected, "connected after the stale socket");
    assertEquals(6, opens());
  }

  @Test
  void theMonitorSurvivesACheckThatThrowsAndRestartsAReconnectThatNeverGotScheduled() throws Exception {
    api.script("apps.connections.open", FakeSlackApi.error("internal_error"));
    randomBreaks.set(true);
    socket.start(); // the try fails, and scheduling its retry throws: no retry is pending
    assertEquals(0, scheduler.count(BACKOFF), scheduler.delays().toString());

    randomBreaks.set(true);
    scheduler.take(MONITOR).body().run(); // the check throws again
    assertTrue(log.stream().anyMatch(l -> l.contains("connection check failed (IllegalStateException)")), log.toString());
    assertEquals(1, scheduler.count(MONITOR), "the monitor died: " + scheduler.delays());

    ws = new FakeSocketMode();
    ws.startAndWait();
    api.socketUrl(ws.url());
    scheduler.take(MONITOR).body().run(); // this time it schedules the retry
    scheduler.take(BACKOFF).body().run();
    ws.awaitConnections(1);
    until(socket::connected, "connected");
    assertEquals(2, opens());
  }

  @Test
  void aRefusedTokenFailsTheStart() {
    api.script("apps.connections.open", FakeSlackApi.error("invalid_auth"));
    IllegalStateException e = assertThrows(IllegalStateException.class, socket::start);
    assertTrue(e.getMessage().contains("invalid_auth") && e.getMessage().contains("SLACK_APP_TOKEN"), e.getMessage());
    SlackFixture.class.getName(); // the tokens come from the fixture; none is in the message
    assertFalse(e.getMessage().contains(SlackFixture.APP_TOKEN));
  }
}

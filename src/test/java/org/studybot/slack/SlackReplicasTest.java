package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.EventRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.studybot.ops.HttpSettings;
import org.studybot.store.Store;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;
import org.studybot.store.WorkQueue;

/**
 * Two bots (replicas) on one store, on SQLite and PostgreSQL, against the stand-in Slack: an event
 * Slack retries to the other replica is answered once, and the store is part of {@code /healthz};
 * an event whose replica was killed as it recorded it is answered on Slack's next delivery.
 */
class SlackReplicasTest {
  private SlackLauncher.Running replica(SlackFixture f, TestDb db) throws Exception {
    Store store = db.open(f.clock);
    return SlackLauncher.start(f.settings(false, Duration.ofMillis(1500)),
        HttpSettings.defaults(0).withBindAddress("127.0.0.1"), f.answerer, f.feedback, f.log::add, f.clock,
        (wait, task) -> task.run(), null, store);
  }

  /** Thrown where a replica is killed: nothing after it runs, and nothing is acked. */
  private static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed", null, false, false);
    }
  }

  /**
   * A replica killed as it handles an event, just before (or just after) its work is recorded,
   * never acks it, and Slack delivers it again: that delivery is answered, once. (When the event was
   * marked seen before its work was recorded, a kill in between left a mark that acked every
   * later delivery unanswered.)
   */
  @StoreTest
  void anEventWhoseReplicaWasKilledAroundRecordingItIsAnsweredOnItsNextDelivery(TestDb db) throws Exception {
    for (boolean afterRecording : new boolean[] {false, true}) {
      try (SlackFixture f = new SlackFixture(Files.createDirectories(db.dir().resolve("kill-" + afterRecording)))) {
        Store store = db.open(f.clock);
        AtomicBoolean killNext = new AtomicBoolean(true);
        WorkQueue real = store.workQueue();
        WorkQueue dying = (WorkQueue) Proxy.newProxyInstance(WorkQueue.class.getClassLoader(),
            new Class<?>[] {WorkQueue.class}, (proxy, method, args) -> {
              boolean kill = method.getName().equals("enqueueClaimed") && killNext.getAndSet(false);
              if (kill && !afterRecording) {
                throw new Killed();
              }
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (kill) {
                throw new Killed();
              }
              return result;
            });
        // The same owner after the "restart", so work recorded by the killed run is its own to resume.
        StudyBotApp bot = new StudyBotApp(f.settings(false, Duration.ofMillis(1500)), f.answerer, f.feedback,
            SlackLauncher.ledger(store, f.log::add), dying, "replica-a", f.clock, f.log::add, (wait, task) -> task.run());
        try {
          String ts = afterRecording ? "1700000000.0012" : "1700000000.0011";
          String body = SlackFixture.callback(
              SlackFixture.mention("<@UBOT> what is osmosis", SlackFixture.STUDENT, "CK", ts), "EvKill" + ts).toString();
          assertNotEquals(200, deliver(bot, body, 0), "acked by a replica killed before its ack");
          bot.startIntake();
          assertEquals(200, deliver(bot, body, 1));
          f.api.await(c -> c.method().equals("chat.postMessage") && ts.equals(c.param("thread_ts")));
          // One more event answered after it, so a second answer of the first would have been posted by now.
          String next = SlackFixture.callback(
              SlackFixture.mention("<@UBOT> what is a cell", SlackFixture.STUDENT, "CK2", "1700000000.0013"), "EvNext"
                  + ts).toString();
          assertEquals(200, deliver(bot, next, 0));
          f.api.await(c -> c.method().equals("chat.postMessage") && "CK2".equals(c.param("channel")));
          assertEquals(1, f.api.calls("chat.postMessage").stream().filter(c -> ts.equals(c.param("thread_ts"))).count(),
              "answered " + (afterRecording ? "twice" : "never"));
        } finally {
          bot.intake().stop();
          bot.close();
        }
      }
    }
  }

  /** One delivery of an Events API body to the Bolt app (retry {@code retry}): the ack's status. */
  private static int deliver(StudyBotApp bot, String body, int retry) throws Exception {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    if (retry > 0) {
      headers.put("X-Slack-Retry-Num", List.of(Integer.toString(retry)));
      headers.put("X-Slack-Retry-Reason", List.of("timeout"));
    }
    try {
      return bot.app().run(new EventRequest(body, new RequestHeaders(headers))).getStatusCode();
    } catch (Killed e) {
      return -1;
    }
  }

  @StoreTest
  void aRetryThatReachesTheOtherReplicaIsAnsweredOnce(TestDb db) throws Exception {
    try (SlackFixture f = new SlackFixture(Files.createDirectories(db.dir().resolve("bot")));
        SlackLauncher.Running a = replica(f, db);
        SlackLauncher.Running b = replica(f, db)) {
      SignedClient toA = new SignedClient(a.port());
      SignedClient toB = new SignedClient(b.port());
      String first = SlackFixture.callback(
          SlackFixture.mention("<@UBOT> what is osmosis", SlackFixture.STUDENT, "C1", "1700000000.0001"), "Ev1").toString();
      assertEquals(200, toA.post(first, true, SlackFixture.NOW, Map.of()).statusCode());
      // Slack did not see A's ack in time and sends the same event again, to B this time.
      assertEquals(200, toB.post(first, true, SlackFixture.NOW,
          Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")).statusCode());
      f.api.await(c -> c.method().equals("chat.postMessage") && "C1".equals(c.param("channel")));
      // A later event on B is answered, so B was serving; Ev1 still has one answer.
      String second = SlackFixture.callback(
          SlackFixture.mention("<@UBOT> what is a cell", SlackFixture.STUDENT, "C2", "1700000000.0002"), "Ev2").toString();
      assertEquals(200, toB.post(second, true, SlackFixture.NOW, Map.of()).statusCode());
      f.api.await(c -> c.method().equals("chat.postMessage") && "C2".equals(c.param("channel")));
      assertEquals(1, f.api.calls("chat.postMessage").stream().filter(c -> "C1".equals(c.param("channel"))).count(),
          "the retry was answered again by the other replica");
      String health = toB.get("/healthz").body();
      assertEquals(true, health.contains("\"store\":{\"ready\":true"), health);
    }
  }
}

package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.store.Store;
import org.studybot.store.StoreTarget;
import org.studybot.usage.Week;

/**
 * The admins' counts on the packaged jar, which counts in memory and writes every {@code
 * store.counts_every} (here an hour, so only the stop writes): a SIGTERM writes everything counted
 * as the bot stops; a {@code kill -9} loses what was not written yet, and nothing else.
 */
class AdminStatsIT {
  private static final List<String> SESSION = List.of("how does photosynthesis work", "how does photosynthesis work",
      "how does photosynthesis work", "what happened in peru in 1800", "zebra ukulele", "thanks");

  private static Path config(Path dir) throws Exception {
    Path config = dir.resolve("studybot.yml");
    Files.writeString(config, "data_dir: " + dir.resolve("data").toAbsolutePath()
        + "\nstore:\n  counts_every: 1h\nintake:\n  drain: 5s\n");
    return config;
  }

  /**
   * Asks the session's questions one by one, each answered before the next, and checks that what
   * was acknowledged is what was answered, by Slack's count and by the bot's.
   */
  private static void session(JarBot bot, FakeSlackApi api) throws Exception {
    int i = 0;
    int accepted = 0;
    for (String q : SESSION) {
      Burst.Request r = Burst.mention(SlackFixture.STUDENT, "C1", i++, q);
      HttpResponse<String> ack = bot.client().post(r.body(), true, Instant.now(), Map.of());
      accepted += ack.statusCode() == 200 ? 1 : 0;
      api.await("chat.postMessage");
    }
    assertEquals(SESSION.size(), accepted, "every message acknowledged");
    assertEquals(accepted, api.calls("chat.postMessage").size(), "acked vs answered, as Slack saw them");
    // The bot counts an item answered just after its post returns: wait for it, then compare.
    Burst.until("the bot counted every acknowledged message answered", Duration.ofSeconds(30), () -> {
      try {
        Map<String, Long> counts = bot.intakeCounts();
        return counts.get("held") == 0 && counts.get("accepted") == SESSION.size()
            && counts.get("answered").equals(counts.get("accepted"));
      } catch (Exception e) {
        return false; // health not answering for a moment: ask again
      }
    });
  }

  /** The last 7 days in the bot's store, read by another process as a replica would. */
  private static Week stored(Path dir) {
    try (Store store = Store.open(StoreTarget.sqlite(dir.resolve("data")), Clock.systemUTC())) {
      return Week.of(store.counters(), null);
    }
  }

  private static List<Long> figures(Week w) {
    return List.of(w.questions(), w.answered(), w.unsure(), w.none(), w.chat(), w.cacheHits());
  }

  @Test
  void aSigtermWritesEveryQuestionCounted(@TempDir Path dir) throws Exception {
    try (FakeSlackApi api = new FakeSlackApi();
        JarBot bot = new JarBot(config(dir), api)) {
      session(bot, api);
      assertEquals(0, stored(dir).questions(), "counted in memory, not written yet");
      assertEquals(143, bot.terminate(), "SIGTERM ends the JVM with 128 + 15");
    }
    Week w = stored(dir);
    assertEquals(List.of(5L, 3L, 1L, 1L, 1L, 2L), figures(w), "questions, answered, unsure, none, chat, cache hits");
    assertEquals(List.of(new Week.SubjectCount("", 1), new Week.SubjectCount("History", 1)), w.unanswered());
  }

  @Test
  void aKillMinus9LosesOnlyTheCountsNotYetWritten(@TempDir Path dir) throws Exception {
    try (FakeSlackApi api = new FakeSlackApi();
        JarBot bot = new JarBot(config(dir), api)) {
      session(bot, api);
      bot.kill();
    }
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), figures(stored(dir)), "the counts of the last counts_every are lost");
    try (Store store = Store.open(StoreTarget.sqlite(dir.resolve("data")), Clock.systemUTC())) {
      assertEquals(2, store.feedback().gaps(10, 10).size(), "the unanswered questions were written at once");
    }
  }
}

package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the store cannot record (here: its database closed under the bot) are not
 * acknowledged as accepted: an event gets 503, so Slack sends it again (Bolt's auto-ack used to
 * turn the handler's 503 into a 200, losing the event), and a slash command is told to try again.
 * The full disk itself is tested on the packaged jar ({@code DiskFullIT}).
 */
class SlackUnrecordedTest {
  @Test
  void eventsTheStoreCannotRecordAreRefusedAndCommandsToldToTryAgain(@TempDir Path dir) throws Exception {
    SlackFixture f = new SlackFixture(dir);
    try (SlackLauncher.Running bot = f.start(false, Duration.ofMillis(1500))) {
      SignedClient client = new SignedClient(bot.port());
      f.store.close();
      HttpResponse<String> mention = client.post(SlackFixture.callback(SlackFixture.mention(
          "<@UBOT> how does DNA replication work?", SlackFixture.STUDENT, "C1", "1700000000.000900"), "EvU1").toString(),
          true, SlackFixture.NOW, Map.of());
      assertEquals(503, mention.statusCode(), "a mention that was not recorded must not be acknowledged");
      HttpResponse<String> dm = client.post(SlackFixture.callback(SlackFixture.dm(
          "how does DNA replication work?", SlackFixture.STUDENT, "1700000000.000901"), "EvU2").toString(),
          true, SlackFixture.NOW, Map.of());
      assertEquals(503, dm.statusCode(), "nor a DM");
      HttpResponse<String> ask = client.post(SlackFixture.form(f.slash("/ask", "what is osmosis", SlackFixture.STUDENT)),
          false, SlackFixture.NOW, Map.of());
      assertEquals(200, ask.statusCode());
      assertTrue(ask.body().contains("take questions right now"), "a command is told to try again: " + ask.body());
      assertEquals(0, f.api.calls("chat.postMessage").size(), "nothing answered that was not recorded");
    } finally {
      f.close();
    }
  }
}

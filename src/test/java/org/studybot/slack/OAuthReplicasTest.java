package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;

/**
 * Two real {@code serve} processes on one store (a shared SQLite file, and PostgreSQL) against the
 * stand-in Slack: a workspace installs through one, and the other answers its events with that
 * workspace's token; an uninstall received by one is honoured by the other.
 */
class OAuthReplicasTest {
  private static final String SECRET = "replicas-signing-secret";
  private static final String TOKEN = "xoxb-installed-in-process-a";

  private final Browser browser = new Browser();

  private static Path config(Path dir, String name) throws Exception {
    Path c = dir.resolve(name + ".yml");
    Files.writeString(c, """
        content_dir: %s
        data_dir: %s
        search:
          semantic: off
        http:
          bind_address: 127.0.0.1
        slack:
          api_timeout: 2s
        """.formatted(SlackFixture.CORPUS.toAbsolutePath(), dir.resolve(name + "-data")));
    return c;
  }

  @StoreTest
  void installedThroughOneProcessAnsweredByTheOther(TestDb db) throws Exception {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 5);
    try (FakeSlackApi api = new FakeSlackApi()) {
      api.installable("code-a", "111.222", "replicas-client-secret", "T1", "School One", TOKEN, "UBOT1", "UINSTALL");
      Map<String, String> env = Map.of(
          "SLACK_CLIENT_ID", "111.222", "SLACK_CLIENT_SECRET", "replicas-client-secret",
          "SLACK_SIGNING_SECRET", SECRET, "SLACK_API_URL", api.apiUrl(), "PORT", "0",
          "STUDYBOT_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key),
          "STUDYBOT_DATABASE_URL", db.target().url());
      try (BotJvm a = BotJvm.start(env, "serve", "--config", config(db.dir(), "a").toString());
          BotJvm b = BotJvm.start(env, "serve", "--config", config(db.dir(), "b").toString())) {
        int portA = a.awaitPort();
        int portB = b.awaitPort();

        // The install, started and finished on process A.
        HttpResponse<String> start = browser.get(portA, OAuthInstall.INSTALL_PATH, null);
        assertEquals(302, start.statusCode());
        String location = start.headers().firstValue("Location").orElseThrow();
        String state = URLDecoder.decode(location.replaceAll(".*[?&]state=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> done = browser.get(portA, OAuthInstall.REDIRECT_PATH + "?code=code-a&state="
            + URLEncoder.encode(state, StandardCharsets.UTF_8), cookie);
        assertEquals(200, done.statusCode(), done.body());

        // Its workspace's mention, sent to process B, answered with its own token.
        SignedClient toB = new SignedClient(portB, SECRET);
        assertEquals(200, mention(toB, "T1", "C1", "EvR1").statusCode());
        FakeSlackApi.Call post = api.await(c -> c.method().equals("chat.postMessage"));
        assertEquals("Bearer " + TOKEN, post.authorization());
        assertEquals("C1", post.param("channel"));

        // A workspace that never installed, at B: not answered, logged.
        assertEquals(200, mention(toB, "T9", "C9", "EvR2").statusCode());
        b.await(l -> l.contains("not answered: team T9"), Duration.ofSeconds(20));

        // Uninstalled, as B hears it; A (which never served T1's events) then refuses T1.
        JsonObject gone = new JsonObject();
        gone.addProperty("type", "app_uninstalled");
        gone.addProperty("event_ts", "1700000002.0001");
        assertEquals(200, event(toB, "T1", gone, "EvR3").statusCode());
        b.await(l -> l.contains("app_uninstalled: team T1 removed"), Duration.ofSeconds(20));
        assertEquals(200, mention(new SignedClient(portA, SECRET), "T1", "C1", "EvR4").statusCode());
        a.await(l -> l.contains("not answered: team T1"), Duration.ofSeconds(20));
        assertEquals(1, api.calls("chat.postMessage").size(), "only the installed workspace's mention was answered");
        for (BotJvm p : new BotJvm[] {a, b}) {
          for (String line : p.lines()) {
            assertTrue(!line.contains(TOKEN) && !line.contains("replicas-client-secret") && !line.contains("code-a"),
                "a log line shows a secret: " + line);
          }
        }
      }
    }
  }


  private static HttpResponse<String> mention(SignedClient to, String team, String channel, String id) throws Exception {
    return event(to, team, SlackPayloads.mention("<@UBOT1> what is osmosis", SlackFixture.STUDENT, channel,
        "1700000000.0001"), id);
  }

  private static HttpResponse<String> event(SignedClient to, String team, JsonObject e, String id) throws Exception {
    JsonObject cb = SlackPayloads.callback(e, id, Instant.now());
    cb.addProperty("team_id", team);
    JsonArray auth = cb.getAsJsonArray("authorizations");
    auth.get(0).getAsJsonObject().addProperty("team_id", team);
    return to.post(cb.toString(), true, Instant.now(), Map.of());
  }
}

package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.studybot.ops.HttpSettings;
import org.studybot.store.Store;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;

/**
 * Installs in many workspaces through OAuth, on SQLite and PostgreSQL: two bots (replicas) on one
 * store against the stand-in Slack; an install finished on one is served by the other, each
 * workspace answered with its own bot token (the {@code Authorization} the Web API saw), the
 * installer an admin of that workspace only, an uninstall removes it, and a workspace that never
 * installed is not answered.
 */
class SlackOAuthTest {
  static final String CLIENT_ID = "1234.5678";
  static final String CLIENT_SECRET = "client-secret-0123456789abcdef";
  static final byte[] KEY = new byte[32];
  static final String TOKEN_ONE = "xoxb-team-one-111111";
  static final String TOKEN_TWO = "xoxb-team-two-222222";

  private final Browser browser = new Browser();

  static {
    java.util.Arrays.fill(KEY, (byte) 42);
  }

  /** A replica: its own store connection and bot, sharing the database and the fake Slack. */
  private SlackLauncher.Running replica(SlackFixture f, TestDb db) throws Exception {
    return replica(f, db, KEY);
  }

  private SlackLauncher.Running replica(SlackFixture f, TestDb db, byte[] key) throws Exception {
    Store store = db.open(f.clock, key);
    SlackSettings settings = new SlackSettings(null, null, SlackFixture.SIGNING_SECRET, f.api.apiUrl(), 0,
        Duration.ofMillis(1500), new OAuthSettings(CLIENT_ID, CLIENT_SECRET, null));
    return SlackLauncher.start(settings, HttpSettings.defaults(0).withBindAddress("127.0.0.1"), f.answerer,
        f.feedback, f.log::add, f.clock, (wait, task) -> task.run(), null, store);
  }

  @StoreTest
  void eachWorkspaceIsAnsweredWithItsOwnTokenOnEveryReplica(TestDb db) throws Exception {
    try (SlackFixture f = new SlackFixture(Files.createDirectories(db.dir().resolve("bot")));
        SlackLauncher.Running a = replica(f, db);
        SlackLauncher.Running b = replica(f, db)) {
      f.api.installable("code-one", CLIENT_ID, CLIENT_SECRET, "T1", "School One", TOKEN_ONE, "UBOT1", "UINSTALL1");
      f.api.installable("code-two", CLIENT_ID, CLIENT_SECRET, "T2", "School Two", TOKEN_TWO, "UBOT2", "UINSTALL2");
      SignedClient toA = new SignedClient(a.port());
      SignedClient toB = new SignedClient(b.port());

      // A workspace that has not installed: acknowledged, not answered, logged by team id.
      assertEquals(200, mention(toA, "T9", "C9", "what is osmosis", "Ev9").statusCode());
      assertTrue(f.log.stream().anyMatch(l -> l.contains("not answered") && l.contains("team T9")), f.log.toString());

      // Install T1 through replica A, T2 through replica B.
      HttpResponse<String> done = install(a.port(), "code-one");
      assertEquals(200, done.statusCode(), done.body());
      assertTrue(done.body().contains("installed in School One"), done.body());
      FakeSlackApi.Call exchange = f.api.await("oauth.v2.access");
      assertEquals("code-one", exchange.param("code"));
      assertEquals(200, install(b.port(), "code-two").statusCode());

      // Each workspace's events, on the other replica, answered with its own token.
      assertEquals(200, mention(toB, "T1", "C1", "what is osmosis", "Ev1").statusCode());
      FakeSlackApi.Call one = f.api.await(c -> c.method().equals("chat.postMessage") && "C1".equals(c.param("channel")));
      assertEquals("Bearer " + TOKEN_ONE, one.authorization());
      assertEquals(200, mention(toA, "T2", "C2", "what is osmosis", "Ev2").statusCode());
      FakeSlackApi.Call two = f.api.await(c -> c.method().equals("chat.postMessage") && "C2".equals(c.param("channel")));
      assertEquals("Bearer " + TOKEN_TWO, two.authorization());
      assertTrue(f.api.calls("chat.postMessage").stream().noneMatch(c -> "C9".equals(c.param("channel"))),
          "the workspace that never installed was answered");

      // The installer is an admin of the workspace they installed in, and of no other.
      HttpResponse<String> own = command(toA, "T2", "/studybot", "stats", "UINSTALL2", f.api.responseUrl("stats-own"));
      assertFalse(own.body().contains("admins only"), own.body());
      assertTrue(f.api.await("respond/stats-own").all().contains("articles"), "the stats were not sent");
      HttpResponse<String> other = command(toA, "T1", "/studybot", "stats", "UINSTALL2", f.api.responseUrl("stats-other"));
      assertTrue(other.body().contains("admins only"), other.body());

      // Uninstalled from T1 (the event reaches replica A): neither replica answers T1 any more.
      assertEquals(200, event(toA, "T1", uninstalled(), "EvU").statusCode());
      assertTrue(f.log.stream().anyMatch(l -> l.contains("app_uninstalled: team T1 removed")), f.log.toString());
      assertEquals(200, mention(toA, "T1", "C1", "what is osmosis", "Ev3").statusCode());
      assertTrue(f.log.stream().anyMatch(l -> l.contains("not answered") && l.contains("team T1")));
      assertEquals(200, mention(toB, "T2", "C2", "what is a cell", "Ev4").statusCode());
      FakeSlackApi.Call still = f.api.await(c -> c.method().equals("chat.postMessage") && "C2".equals(c.param("channel")));
      assertEquals("Bearer " + TOKEN_TWO, still.authorization());
      assertEquals(1, f.api.calls("chat.postMessage").stream().filter(c -> "C1".equals(c.param("channel"))).count(),
          "T1 answered after it uninstalled");

      f.assertLogsClean(TOKEN_ONE, TOKEN_TWO, CLIENT_SECRET, "code-one", "code-two");
    }
  }

  @StoreTest
  void anInstallIsFinishedOnceAndOnlyByTheBrowserThatStartedIt(TestDb db) throws Exception {
    try (SlackFixture f = new SlackFixture(Files.createDirectories(db.dir().resolve("bot")));
        SlackLauncher.Running a = replica(f, db);
        SlackLauncher.Running b = replica(f, db)) {
      f.api.installable("code-one", CLIENT_ID, CLIENT_SECRET, "T1", "School One", TOKEN_ONE, "UBOT1", "UINSTALL1");
      HttpResponse<String> start = browser.get(a.port(), OAuthInstall.INSTALL_PATH, null);
      assertEquals(302, start.statusCode());
      URI slack = URI.create(start.headers().firstValue("Location").orElseThrow());
      assertEquals("https://slack.com/oauth/v2/authorize", slack.getScheme() + "://" + slack.getHost() + slack.getPath());
      Map<String, String> q = query(slack.getRawQuery());
      assertEquals(CLIENT_ID, q.get("client_id"));
      assertEquals("app_mentions:read,chat:write,commands,im:history", q.get("scope"));
      String state = q.get("state");
      String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

      // Another browser (no cookie, or another install's) cannot finish it.
      assertEquals(400, browser.get(b.port(), redirect("code-one", state), null).statusCode());
      assertEquals(400, browser.get(b.port(), redirect("code-one", state), OAuthInstall.COOKIE + "=someone-else").statusCode());
      // A forged state with a matching cookie is unknown to the store.
      assertEquals(400, browser.get(b.port(), redirect("code-one", "forged"), OAuthInstall.COOKIE + "=forged").statusCode());
      assertTrue(f.api.calls("oauth.v2.access").isEmpty(), "a refused return exchanged the code");
      // The right browser finishes it on the other replica, once.
      assertEquals(200, browser.get(b.port(), redirect("code-one", state), cookie).statusCode());
      assertEquals(400, browser.get(a.port(), redirect("code-one", state), cookie).statusCode());
      assertEquals(1, f.api.calls("oauth.v2.access").size());
      // Slack refusing the code (a stale one) installs nothing.
      HttpResponse<String> stale = install(a.port(), "code-unknown");
      assertEquals(400, stale.statusCode());
      assertTrue(stale.body().contains("invalid_code"), stale.body());
      // The user cancelling on Slack's page.
      HttpResponse<String> cancelled = browser.get(a.port(), OAuthInstall.REDIRECT_PATH + "?error=access_denied&state=x", null);
      assertTrue(cancelled.body().contains("not installed"), cancelled.body());
      // A replica given another encryption key cannot read the token: 503, so Slack sends it again.
      byte[] otherKey = KEY.clone();
      otherKey[0] ^= 1;
      try (SlackLauncher.Running wrongKey = replica(f, db, otherKey)) {
        assertEquals(503, mention(new SignedClient(wrongKey.port()), "T1", "C1", "what is osmosis", "EvK").statusCode());
        assertTrue(f.log.stream().anyMatch(l -> l.contains("cannot serve team T1") && l.contains("STUDYBOT_ENCRYPTION_KEY")),
            f.log.toString());
      }
      assertEquals(200, mention(new SignedClient(a.port()), "T1", "C1", "what is osmosis", "EvK").statusCode());
      assertEquals("Bearer " + TOKEN_ONE,
          f.api.await(c -> c.method().equals("chat.postMessage") && "C1".equals(c.param("channel"))).authorization());
      f.assertLogsClean(TOKEN_ONE, CLIENT_SECRET, "code-one", state);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** A whole install: start on {@code port}, then come back from Slack with {@code code}. */
  private HttpResponse<String> install(int port, String code) throws Exception {
    HttpResponse<String> start = browser.get(port, OAuthInstall.INSTALL_PATH, null);
    assertEquals(302, start.statusCode());
    String state = query(URI.create(start.headers().firstValue("Location").orElseThrow()).getRawQuery()).get("state");
    String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    return browser.get(port, redirect(code, state), cookie);
  }

  private static String redirect(String code, String state) {
    return OAuthInstall.REDIRECT_PATH + "?code=" + code + "&state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8);
  }


  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  static HttpResponse<String> mention(SignedClient to, String team, String channel, String text, String id)
      throws Exception {
    return event(to, team, SlackFixture.mention("<@UBOT> " + text, SlackFixture.STUDENT, channel, "1700000000.0001"), id);
  }

  /** An Events API callback from workspace {@code team}. */
  static HttpResponse<String> event(SignedClient to, String team, JsonObject event, String id) throws Exception {
    JsonObject cb = SlackFixture.callback(event, id);
    cb.addProperty("team_id", team);
    JsonArray auth = cb.getAsJsonArray("authorizations");
    auth.get(0).getAsJsonObject().addProperty("team_id", team);
    return to.post(cb.toString(), true, SlackFixture.NOW, Map.of());
  }

  private static JsonObject uninstalled() {
    JsonObject e = new JsonObject();
    e.addProperty("type", "app_uninstalled");
    e.addProperty("event_ts", "1700000002.0001");
    return e;
  }

  /** A slash command from workspace {@code team}. */
  static HttpResponse<String> command(
      SignedClient to, String team, String command, String text, String user, String responseUrl) throws Exception {
    Map<String, String> fields = new HashMap<>(SlackPayloads.slash(command, text, user, responseUrl,
        // Unique per command (as Slack's are): the intake takes a repeated trigger id for a retry.
        "trigger-" + team + user + "-" + responseUrl.substring(responseUrl.lastIndexOf('/') + 1)));
    fields.put("team_id", team);
    return to.post(SlackFixture.form(fields), false, SlackFixture.NOW, Map.of());
  }

}

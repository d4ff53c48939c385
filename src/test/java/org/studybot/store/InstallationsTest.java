package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Slack installations (tokens encrypted at rest) and OAuth state, on SQLite and PostgreSQL. */
class InstallationsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private static final byte[] KEY = key(7);

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return k;
  }

  static Installation install(String team, String token) {
    return new Installation(
        null, team, "School " + team, "A1", "B1", "UBOT", "app_mentions:read,chat:write,commands",
        token, null, null, "UADMIN", false, T0);
  }

  @StoreTest
  void anInstallOnOneReplicaIsServedByAnother(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = Store.open(db.target(), Optional.of(KEY), clock);
    Store b = Store.open(db.target(), Optional.of(KEY), clock);
    try (a; b) {
      a.installations().save(install("T1", "xoxb-team-one"));
      a.installations().save(install("T2", "xoxb-team-two"));
      assertEquals("xoxb-team-one", b.installations().find(null, "T1").orElseThrow().botToken());
      assertEquals("xoxb-team-two", b.installations().find(null, "T2").orElseThrow().botToken());
      assertTrue(b.installations().find(null, "T3").isEmpty(), "a team with no installation");
      a.installations().save(install("T1", "xoxb-reinstalled"));
      assertEquals("xoxb-reinstalled", b.installations().find(null, "T1").orElseThrow().botToken());
      assertEquals(List.of("-:T1", "-:T2"), b.installations().keys());
      assertTrue(b.installations().delete(null, "T1"), "app_uninstalled");
      assertFalse(a.installations().delete(null, "T1"));
      assertTrue(a.installations().find(null, "T1").isEmpty());
    }
  }

  @StoreTest
  void tokensAreNotStoredInClearAndNeedTheKey(TestDb db) throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (Store s = Store.open(db.target(), Optional.of(KEY), clock)) {
      Installation i =
          new Installation("E1", "T1", "x", "A", "B", "U", "chat:write", "xoxb-secret-1", "xoxe-refresh-1",
              T0.plus(Duration.ofHours(12)), "U9", false, T0);
      s.installations().save(i);
      assertEquals(i, s.installations().find("E1", "T1").orElseThrow());
      assertFalse(i.toString().contains("xoxb-secret-1") || i.toString().contains("xoxe-refresh-1"));
    }
    try (Connection c = DriverManager.getConnection(db.target().url());
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT bot_token, bot_refresh_token FROM slack_installation")) {
      assertTrue(r.next());
      for (int col = 1; col <= 2; col++) {
        String raw = new String(r.getBytes(col), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("xoxb-secret-1") || raw.contains("xoxe-refresh-1"), "ciphertext only");
      }
    }
    try (Store wrongKey = Store.open(db.target(), Optional.of(key(8)), clock)) {
      StoreException e = assertThrows(StoreException.class, () -> wrongKey.installations().find("E1", "T1"));
      assertTrue(e.getMessage().contains("STUDYBOT_ENCRYPTION_KEY is not the key it was stored with"), e.getMessage());
    }
    try (Store noKey = Store.open(db.target(), Optional.empty(), clock)) {
      assertFalse(noKey.installations().available());
      StoreException e = assertThrows(StoreException.class, () -> noKey.installations().save(install("T5", "xoxb-5")));
      assertTrue(e.getMessage().startsWith("Slack installations need STUDYBOT_ENCRYPTION_KEY"), e.getMessage());
    }
  }

  @StoreTest
  void anOrganisationWideInstallServesItsWorkspaces(TestDb db) {
    try (Store s = Store.open(db.target(), Optional.of(KEY), new MutableClock(T0))) {
      s.installations().save(
          new Installation("E1", null, null, "A", "B", "U", "chat:write", "xoxb-org", null, null, "U9", true, T0));
      assertEquals("xoxb-org", s.installations().find("E1", "T7").orElseThrow().botToken());
      assertTrue(s.installations().find("E2", "T7").isEmpty());
    }
  }

  @StoreTest
  void anOAuthStateIsGoodOnceOnAnyReplicaUntilItExpires(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    OAuthStates a = db.open(clock).oauthStates();
    OAuthStates b = db.open(clock).oauthStates();
    String state = a.issue(Duration.ofMinutes(10));
    assertTrue(state.length() >= 32);
    assertTrue(b.consume(state), "the redirect landed on the other replica");
    assertFalse(a.consume(state), "used once");
    String late = a.issue(Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(10));
    assertFalse(b.consume(late), "expired");
    assertFalse(b.consume("forged"));
    assertEquals(1, a.purgeExpired());
  }
}

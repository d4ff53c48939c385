package org.studybot.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The {@code state} values of OAuth installs in progress, shared by every replica so the redirect
 * back from Slack may land on any of them. Each is valid once, until it expires. Thread-safe.
 */
public final class OAuthStates {
  private final Store store;
  private final SecureRandom random = new SecureRandom();

  OAuthStates(Store store) {
    this.store = store;
  }

  /** Issues a new random state valid for {@code ttl}. */
  public String issue(Duration ttl) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    add(state, store.clock().instant().plus(ttl));
    return state;
  }

  /** Remembers a state someone else generated, valid until {@code expiresAt}. */
  public void add(String state, Instant expiresAt) {
    if (state == null || state.isEmpty() || state.length() > 200) {
      throw new IllegalArgumentException("OAuth state: must be 1-200 characters");
    }
    store.update(
        "save an OAuth state",
        "INSERT INTO oauth_state (state, expires_at) VALUES (?, ?)",
        state,
        expiresAt.toEpochMilli());
  }

  /**
   * Uses up {@code state}: true for exactly one caller across replicas, and only before it
   * expires; false for an unknown, expired or already used state.
   */
  public boolean consume(String state) {
    if (state == null || state.isEmpty()) {
      return false;
    }
    long now = store.clock().millis();
    return store.update(
            "use an OAuth state", "DELETE FROM oauth_state WHERE state = ? AND expires_at > ?", state, now)
        == 1;
  }

  /** Forgets expired states; returns how many. */
  public int purgeExpired() {
    long now = store.clock().millis();
    return store.update("purge OAuth states", Store.Commit.RELAXED, "DELETE FROM oauth_state WHERE expires_at <= ?", now);
  }
}

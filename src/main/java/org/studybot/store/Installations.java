package org.studybot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Slack workspaces that installed the app (OAuth), shared by every replica so an install
 * finished on one is served by all. Tokens are encrypted at rest ({@link TokenCipher}); without
 * {@code STUDYBOT_ENCRYPTION_KEY} nothing can be saved or read here, and the error says so, since
 * storing workspace tokens in clear is not an option. Thread-safe.
 */
public final class Installations {
  private final Store store;
  private final Optional<TokenCipher> cipher;

  Installations(Store store, Optional<TokenCipher> cipher) {
    this.store = store;
    this.cipher = cipher;
  }

  /** Whether tokens can be stored (an encryption key was given). */
  public boolean available() {
    return cipher.isPresent();
  }

  private TokenCipher cipher() {
    return cipher.orElseThrow(
        () ->
            new StoreException(
                "Slack installations need STUDYBOT_ENCRYPTION_KEY (32 random bytes in base64,"
                    + " `openssl rand -base64 32`): tokens are never stored unencrypted"));
  }

  /** Saves {@code i}, replacing an earlier install of the same workspace (a reinstall). */
  public void save(Installation i) {
    TokenCipher tc = cipher();
    String key = i.key();
    byte[] token = tc.seal(i.botToken(), key);
    byte[] refresh = i.botRefreshToken() == null ? null : tc.seal(i.botRefreshToken(), key);
    long now = store.clock().millis();
    store.write(
        "save the installation of " + key,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO slack_installation (install_key, enterprise_id, team_id, team_name,"
                      + " app_id, bot_id, bot_user_id, bot_scopes, bot_token, bot_refresh_token,"
                      + " bot_token_expires_at, installer_user_id, enterprise_install,"
                      + " installed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (install_key) DO UPDATE SET team_name = excluded.team_name,"
                      + " app_id = excluded.app_id, bot_id = excluded.bot_id,"
                      + " bot_user_id = excluded.bot_user_id, bot_scopes = excluded.bot_scopes,"
                      + " bot_token = excluded.bot_token, bot_refresh_token = excluded.bot_refresh_token,"
                      + " bot_token_expires_at = excluded.bot_token_expires_at,"
                      + " installer_user_id = excluded.installer_user_id,"
                      + " enterprise_install = excluded.enterprise_install,"
                      + " updated_at = excluded.updated_at")) {
            ps.setString(1, key);
            ps.setString(2, i.enterpriseId());
            ps.setString(3, i.teamId());
            ps.setString(4, i.teamName());
            ps.setString(5, i.appId());
            ps.setString(6, i.botId());
            ps.setString(7, i.botUserId());
            ps.setString(8, i.botScopes());
            ps.setBytes(9, token);
            if (refresh == null) {
              ps.setNull(10, store.dialect() == Dialect.POSTGRESQL ? Types.BINARY : Types.BLOB);
            } else {
              ps.setBytes(10, refresh);
            }
            if (i.botTokenExpiresAt() == null) {
              ps.setNull(11, Types.BIGINT);
            } else {
              ps.setLong(11, i.botTokenExpiresAt().toEpochMilli());
            }
            ps.setString(12, i.installerUserId());
            ps.setBoolean(13, i.enterpriseInstall());
            ps.setLong(14, i.installedAt().toEpochMilli());
            ps.setLong(15, now);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * The installation serving a team: the workspace's own, else (inside an Enterprise Grid
   * organisation) the organisation-wide one.
   */
  public Optional<Installation> find(String enterpriseId, String teamId) {
    Optional<Installation> own = byKey(Installation.key(enterpriseId, teamId));
    if (own.isPresent() || enterpriseId == null || teamId == null) {
      return own;
    }
    return byKey(Installation.key(enterpriseId, null));
  }

  private Optional<Installation> byKey(String key) {
    TokenCipher tc = cipher();
    return store.read(
        "find the installation of " + key,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT * FROM slack_installation WHERE install_key = ?")) {
            ps.setString(1, key);
            try (ResultSet r = ps.executeQuery()) {
              return r.next() ? Optional.of(row(r, tc)) : Optional.empty();
            }
          }
        });
  }

  /** Removes the installation of a workspace (app uninstalled, tokens revoked). */
  public boolean delete(String enterpriseId, String teamId) {
    String key = Installation.key(enterpriseId, teamId);
    return store.update(
            "delete the installation of " + key,
            "DELETE FROM slack_installation WHERE install_key = ?",
            key)
        == 1;
  }

  /** The row keys of every installation ({@code enterprise:team}), sorted; tokens not read. */
  public List<String> keys() {
    return store.read(
        "list installations",
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT install_key FROM slack_installation ORDER BY install_key");
              ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              out.add(r.getString(1));
            }
          }
          return List.copyOf(out);
        });
  }

  private static Installation row(ResultSet r, TokenCipher tc) throws SQLException {
    String key = r.getString("install_key");
    byte[] refresh = r.getBytes("bot_refresh_token");
    long expires = r.getLong("bot_token_expires_at");
    Instant expiresAt = r.wasNull() ? null : Instant.ofEpochMilli(expires);
    return new Installation(
        r.getString("enterprise_id"),
        r.getString("team_id"),
        r.getString("team_name"),
        r.getString("app_id"),
        r.getString("bot_id"),
        r.getString("bot_user_id"),
        r.getString("bot_scopes"),
        tc.open(r.getBytes("bot_token"), key),
        refresh == null ? null : tc.open(refresh, key),
        expiresAt,
        r.getString("installer_user_id"),
        r.getBoolean("enterprise_install"),
        Instant.ofEpochMilli(r.getLong("installed_at")));
  }
}

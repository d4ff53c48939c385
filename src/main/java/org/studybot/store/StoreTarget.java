package org.studybot.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which database the store opens and how: a JDBC URL ({@code jdbc:sqlite:FILE} or {@code
 * jdbc:postgresql://HOST:PORT/DB}), the credentials (from the environment only, never the config
 * file) and the connection pool's size. {@link #toString()} never shows a password. Immutable and
 * thread-safe.
 *
 * @param url the JDBC URL
 * @param user the database user ({@code STUDYBOT_DATABASE_USER}), or empty
 * @param password the database password ({@code STUDYBOT_DATABASE_PASSWORD}), or empty
 * @param poolSize the most connections this process holds (PostgreSQL; SQLite uses at most 4)
 */
public record StoreTarget(String url, Optional<String> user, Optional<String> password, int poolSize) {
  /** The file name of the embedded database under the data directory. */
  public static final String SQLITE_FILE = "studybot.db";

  /** The default pool size: enough for the answer workers of one replica. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

  public StoreTarget {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Dialect.of(url);
    if (poolSize < 1 || poolSize > 200) {
      throw new StoreException("store.pool_size: " + poolSize + " is out of range (1-200)");
    }
  }

  /** The embedded database {@code <dataDir>/studybot.db}. */
  public static StoreTarget sqlite(Path dataDir) {
    return new StoreTarget(
        Dialect.SQLITE.prefix() + dataDir.resolve(SQLITE_FILE), Optional.empty(), Optional.empty(),
        DEFAULT_POOL_SIZE);
  }

  /**
   * The database to use: {@code envUrl} ({@code STUDYBOT_DATABASE_URL}) wins over {@code
   * configUrl} ({@code store.url}), which wins over the embedded file under {@code dataDir}.
   */
  public static StoreTarget resolve(
      Optional<String> configUrl,
      Optional<String> envUrl,
      Optional<String> user,
      Optional<String> password,
      int poolSize,
      Path dataDir) {
    if (envUrl.isPresent()) {
      Dialect.of(envUrl.get(), "STUDYBOT_DATABASE_URL");
    }
    String url =
        envUrl.or(() -> configUrl)
            .orElse(Dialect.SQLITE.prefix() + dataDir.resolve(SQLITE_FILE));
    return new StoreTarget(url, user, password, poolSize);
  }

  /** SQLite or PostgreSQL. */
  public Dialect dialect() {
    return Dialect.of(url);
  }

  /** The SQLite database file, for an embedded target. */
  Optional<Path> sqliteFile() {
    if (dialect() != Dialect.SQLITE) {
      return Optional.empty();
    }
    String rest = url.substring(Dialect.SQLITE.prefix().length());
    int q = rest.indexOf('?');
    String file = q >= 0 ? rest.substring(0, q) : rest;
    if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(file));
  }

  /** The URL with any password in it masked, for messages and logs. */
  public String safeUrl() {
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("//$1:***@");
  }

  @Override
  public String toString() {
    return "StoreTarget[url="
        + safeUrl()
        + ", user="
        + user.orElse("<unset>")
        + ", password="
        + (password.isPresent() ? "<set>" : "<unset>")
        + ", poolSize="
        + poolSize
        + "]";
  }
}

package org.studybot.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.studybot.config.ConfigException;
import org.studybot.config.Section;
import org.studybot.config.Secrets;

/**
 * The {@code store} section of the configuration. Immutable and thread-safe.
 *
 * @param url {@code store.url}: a JDBC URL, or empty for the embedded SQLite file
 * @param poolSize {@code store.pool_size}: the most connections one replica holds
 * @param retentionDays {@code store.retention_days}: how long question text is kept
 * @param countsEvery {@code store.counts_every}: how often a replica writes the stats it counted
 */
public record StoreSettings(Optional<String> url, int poolSize, int retentionDays, Duration countsEvery) {

  /**
   * Reads the section; a URL of another database, or one carrying a password (which belongs in
   * the environment), is refused with the key named.
   */
  public static StoreSettings from(Section store) throws ConfigException {
    Optional<String> url = store.optionalString("url");
    if (url.isPresent()) {
      try {
        Dialect.of(url.get(), store.dotted("url"));
      } catch (StoreException e) {
        throw store.invalid("url", url.get(), "jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
      }
      if (url.get().toLowerCase(Locale.ROOT).contains("password=") || url.get().matches(".*//[^/@]*:[^/@]*@.*")) {
        throw store.invalid(
            "url",
            new StoreTarget(url.get(), Optional.empty(), Optional.empty(), 1).safeUrl(),
            "no password in the config file: set " + Secrets.DATABASE_PASSWORD + " (or "
                + Secrets.DATABASE_URL + ") in the environment");
      }
    }
    Duration countsEvery = store.duration("counts_every");
    if (countsEvery.isZero()) {
      throw store.invalid("counts_every", "0", "a duration above zero");
    }
    return new StoreSettings(
        url, store.integer("pool_size", 1, 200), store.integer("retention_days", 1, 3650), countsEvery);
  }

  /** The database to open: the environment's URL, else {@code url}, else SQLite under {@code dataDir}. */
  public StoreTarget target(Secrets secrets, Path dataDir) {
    return StoreTarget.resolve(
        url, secrets.databaseUrl(), secrets.databaseUser(), secrets.databasePassword(), poolSize, dataDir);
  }

  /** How long each kind of row is kept. */
  public Retention retention() {
    return Retention.days(retentionDays);
  }
}

package org.studybot.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the schema this code knows, with Flyway: the versioned scripts under {@code
 * db/migration} (one set for both databases; {@link Dialect} fills in the few type names that
 * differ). A database already at a newer version than the code knows is refused, never used: its
 * tables may mean something this code would get wrong.
 */
final class Migrations {
  /** Where the scripts are, on the class path. */
  static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /**
   * What a migration did. Immutable.
   *
   * @param from the schema version before ("0" for an empty database)
   * @param to the schema version now
   * @param applied how many scripts ran
   */
  record Outcome(String from, String to, int applied) {}

  /**
   * Applies what is pending.
   *
   * @throws StoreException when the database is newer than the code, or a script fails
   */
  static Outcome migrate(DataSource ds, Dialect dialect, String where) {
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(ds)
            .locations(LOCATION)
            .placeholders(dialect.placeholders())
            .table("schema_history")
            .cleanDisabled(true)
            .load();
    try {
      refuseNewer(flyway.info(), where);
      MigrateResult r = flyway.migrate();
      String from = r.initialSchemaVersion == null ? "0" : r.initialSchemaVersion;
      String to = r.targetSchemaVersion == null ? from : r.targetSchemaVersion;
      return new Outcome(from, to, r.migrationsExecuted);
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the store at " + where + ": " + e.getMessage(), e);
    }
  }

  /** The newest version among the scripts this code carries. */
  static String known(Dialect dialect) {
    // Flyway lists the scripts only beside a database: an empty one in memory will do.
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource("jdbc:sqlite::memory:", null, null)
            .locations(LOCATION)
            .placeholders(dialect.placeholders())
            .load();
    return Arrays.stream(flyway.info().all())
        .map(MigrationInfo::getVersion)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder())
        .map(MigrationVersion::getVersion)
        .orElse("0");
  }

  private static void refuseNewer(MigrationInfoService info, String where) {
    Optional<MigrationVersion> future =
        Arrays.stream(info.all())
            .filter(
                i ->
                    i.getState() == MigrationState.FUTURE_SUCCESS
                        || i.getState() == MigrationState.FUTURE_FAILED)
            .map(MigrationInfo::getVersion)
            .max(Comparator.naturalOrder());
    if (future.isPresent()) {
      String knownUpTo =
          Arrays.stream(info.all())
              .filter(i -> i.getState() != MigrationState.FUTURE_SUCCESS
                  && i.getState() != MigrationState.FUTURE_FAILED)
              .map(MigrationInfo::getVersion)
              .filter(Objects::nonNull)
              .max(Comparator.naturalOrder())
              .map(MigrationVersion::getVersion)
              .orElse("0");
      throw new StoreException(
          "the store at "
              + where
              + " is at schema version "
              + future.get().getVersion()
              + ", newer than this StudyBot knows (up to "
              + knownUpTo
              + "): run the newer StudyBot that migrated it, or point store.url /"
              + " STUDYBOT_DATABASE_URL at another database");
    }
  }
}

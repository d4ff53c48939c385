package org.studybot.cli;

import java.io.PrintStream;
import java.time.Clock;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.Secrets;
import org.studybot.store.Store;
import org.studybot.store.StoreException;
import org.studybot.store.StoreSettings;

/**
 * {@code studybot migrate}: brings the store's schema up to date and exits, without serving, so a
 * deployment can migrate once before it starts (or restarts) its replicas.
 */
final class Migrate {
  private Migrate() {}

  static int run(BotConfig config, StoreSettings settings, Secrets secrets, PrintStream out, PrintStream err)
      throws ConfigException {
    try (Store store = Store.open(settings.target(secrets, config.dataDir()), Clock.systemUTC())) {
      out.println(
          "store "
              + store.where()
              + ": schema version "
              + store.schemaVersion()
              + (store.migrationsApplied() == 0
                  ? " (up to date)"
                  : " (from " + store.schemaVersionBefore() + ", " + store.migrationsApplied()
                      + (store.migrationsApplied() == 1 ? " migration" : " migrations") + " applied)"));
      return Main.OK;
    } catch (StoreException e) {
      err.println("studybot: " + e.getMessage());
      return Main.FAILURE;
    }
  }
}

package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.ConfigException;
import org.studybot.config.ConfigLoader;
import org.studybot.config.Secrets;

/** The {@code store} section of the configuration. */
class StoreSettingsTest {
  @TempDir Path tmp;

  private StoreSettings read(String yaml) throws Exception {
    Path file = tmp.resolve("studybot.yml");
    Files.writeString(file, yaml);
    return StoreSettings.from(ConfigLoader.load(file, true, Map.of()).section("store"));
  }

  @Test
  void defaultsAreTheEmbeddedFileAndHalfAYearOfQuestions() throws Exception {
    StoreSettings s = read("data_dir: /srv/bot\n");
    assertEquals(new StoreSettings(Optional.empty(), 10, 180, java.time.Duration.ofSeconds(10)), s);
    assertEquals(
        "jdbc:sqlite:/srv/bot/studybot.db", s.target(Secrets.fromEnv(Map.of()), Path.of("/srv/bot")).url());
    assertEquals(java.time.Duration.ofDays(180), s.retention().feedback());
  }

  @Test
  void theEnvironmentOverridesTheConfigAndBringsTheCredentials() throws Exception {
    StoreSettings s = read("store:\n  url: jdbc:postgresql://db:5432/bot\n  pool_size: 4\n  retention_days: 30\n");
    StoreTarget fromConfig =
        s.target(Secrets.fromEnv(Map.of("STUDYBOT_DATABASE_USER", "bot", "STUDYBOT_DATABASE_PASSWORD", "pw")), Path.of("data"));
    assertEquals("jdbc:postgresql://db:5432/bot", fromConfig.url());
    assertEquals(Optional.of("pw"), fromConfig.password());
    assertEquals(4, fromConfig.poolSize());
    assertEquals(
        "jdbc:postgresql://other/bot",
        s.target(Secrets.fromEnv(Map.of("STUDYBOT_DATABASE_URL", "jdbc:postgresql://other/bot")), Path.of("data")).url());
  }

  @Test
  void aPasswordInTheConfigFileIsRefusedWithoutShowingIt() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("store:\n  url: jdbc:postgresql://db/bot?user=a&password=hunter2\n"));
    assertTrue(e.getMessage().contains("store.url"), e.getMessage());
    assertTrue(e.getMessage().contains("STUDYBOT_DATABASE_PASSWORD"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    ConfigException userInfo =
        assertThrows(ConfigException.class, () -> read("store:\n  url: jdbc:postgresql://a:hunter2@db/bot\n"));
    assertFalse(userInfo.getMessage().contains("hunter2"), userInfo.getMessage());
  }

  @Test
  void anotherDatabaseOrABadNumberIsNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> read("store:\n  url: jdbc:mysql://db/bot\n"));
    assertTrue(e.getMessage().contains("store.url") && e.getMessage().contains("jdbc:mysql://db/bot"), e.getMessage());
    ConfigException days = assertThrows(ConfigException.class, () -> read("store:\n  retention_days: 0\n"));
    assertTrue(days.getMessage().contains("store.retention_days"), days.getMessage());
  }
}

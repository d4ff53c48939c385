package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.store.Dialect;
import org.studybot.store.Store;

/** {@code studybot migrate}: creates or upgrades the store, then exits. */
class MigrateTest {
  @TempDir Path tmp;

  private MainTest.Run migrate(Map<String, String> env) throws Exception {
    return main(env, "migrate");
  }

  private MainTest.Run main(Map<String, String> env, String command) throws Exception {
    Path config = tmp.resolve("studybot.yml");
    Files.writeString(config, "content_dir: content\ndata_dir: " + tmp.resolve("data") + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Main(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env)
            .run(command, "--config", config.toString(), "--semantic", "off");
    return new MainTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void createsTheEmbeddedStoreThenFindsItUpToDate() throws Exception {
    String latest = Store.knownSchemaVersion(Dialect.SQLITE);
    MainTest.Run first = migrate(Map.of());
    assertEquals(0, first.code(), first.err());
    assertTrue(
        first.out().matches("(?s)store jdbc:sqlite:.*/data/studybot\\.db: schema version " + latest
            + " \\(from 0, \\d+ migrations? applied\\)\n"),
        first.out());
    assertTrue(Files.exists(tmp.resolve("data/studybot.db")));
    MainTest.Run second = migrate(Map.of());
    assertEquals(0, second.code());
    assertTrue(second.out().endsWith("schema version " + latest + " (up to date)\n"), second.out());
  }

  @Test
  void theEnvironmentChoosesTheDatabaseAndABadOneIsNamed() throws Exception {
    MainTest.Run r = migrate(Map.of("STUDYBOT_DATABASE_URL", "jdbc:sqlite:" + tmp.resolve("elsewhere.db")));
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(tmp.resolve("elsewhere.db")));
    MainTest.Run bad = migrate(Map.of("STUDYBOT_DATABASE_URL", "jdbc:mysql://db/x"));
    assertEquals(1, bad.code());
    assertEquals(
        "studybot: STUDYBOT_DATABASE_URL: \"jdbc:mysql:\" is not a supported database (expected jdbc:sqlite:FILE or"
            + " jdbc:postgresql://HOST/DB)\n",
        bad.err());
  }

  @Test
  void serveStopsAtStartWhenTheStoreCannotBeOpened() throws Exception {
    MainTest.Run r =
        main(
            Map.of(
                "SLACK_BOT_TOKEN", "xoxb-test",
                "SLACK_SIGNING_SECRET", "secret",
                "STUDYBOT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2",
                "STUDYBOT_DATABASE_PASSWORD", "hunter2"),
            "serve");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("studybot: cannot connect to the store at jdbc:postgresql://127.0.0.1:1/x"), r.err());
    assertTrue(!r.err().contains("hunter2"), r.err());
  }
}

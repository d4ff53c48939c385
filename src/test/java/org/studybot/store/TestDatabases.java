package org.studybot.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.TestAbortedException;

/**
 * Runs each {@link StoreTest} on SQLite and on PostgreSQL.
 *
 * <p>PostgreSQL: {@code STUDYBOT_TEST_PG_URL} (a JDBC URL with user and password), else {@value
 * #DEFAULT_PG_URL} (what {@code .ci/postgres} sets up). Each test gets a schema of its own, dropped
 * afterwards. When no server answers, the PostgreSQL runs are skipped with a notice on standard
 * error, unless {@code STUDYBOT_REQUIRE_PG=1} (set by CI), when they fail.
 */
final class TestDatabases implements TestTemplateInvocationContextProvider {
  static final String PG_URL_ENV = "STUDYBOT_TEST_PG_URL";
  static final String REQUIRE_PG_ENV = "STUDYBOT_REQUIRE_PG";
  static final String DEFAULT_PG_URL =
      "jdbc:postgresql://127.0.0.1:5432/studybot_test?user=studybot_test&password=studybot_test";

  private static volatile Optional<String> pgProblem;

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return true;
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return Stream.of(invocation(Dialect.SQLITE), invocation(Dialect.POSTGRESQL));
  }

  private static TestTemplateInvocationContext invocation(Dialect dialect) {
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int index) {
        return dialect == Dialect.SQLITE ? "[SQLite]" : "[PostgreSQL]";
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(new Resolver(dialect), (BeforeEachCallback) ctx -> requireServer(dialect));
      }
    };
  }

  /** The test PostgreSQL's URL. */
  static String pgUrl() {
    String url = System.getenv(PG_URL_ENV);
    return url == null || url.isBlank() ? DEFAULT_PG_URL : url.strip();
  }

  /** Whether CI demands the PostgreSQL runs. */
  static boolean pgRequired() {
    return "1".equals(System.getenv(REQUIRE_PG_ENV)) || "true".equalsIgnoreCase(System.getenv(REQUIRE_PG_ENV));
  }

  static void requireServer(Dialect dialect) {
    if (dialect != Dialect.POSTGRESQL) {
      return;
    }
    Optional<String> problem = pgProblem();
    if (problem.isEmpty()) {
      return;
    }
    if (pgRequired()) {
      throw new AssertionError(
          REQUIRE_PG_ENV + "=1 but the test PostgreSQL cannot be used: " + problem.get());
    }
    throw new TestAbortedException("PostgreSQL store tests skipped: " + problem.get());
  }

  private static synchronized Optional<String> pgProblem() {
    if (pgProblem == null) {
      String safe = new StoreTarget(pgUrl(), Optional.empty(), Optional.empty(), 1).safeUrl();
      try (Connection c = connect(pgUrl())) {
        pgProblem = Optional.empty();
      } catch (SQLException e) {
        pgProblem = Optional.of("no server at " + safe + " (" + e.getMessage() + "); set " + PG_URL_ENV);
        if (!pgRequired()) {
          System.err.println(
              "NOTICE: PostgreSQL store tests are SKIPPED: "
                  + pgProblem.get()
                  + ", or run .ci/postgres; CI sets "
                  + REQUIRE_PG_ENV
                  + "=1 and fails instead.");
        }
      }
    }
    return pgProblem;
  }

  private static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(url, p);
  }

  /** Makes a fresh database for one test. */
  static TestDb create(Dialect dialect) {
    Path dir;
    try {
      dir = Files.createTempDirectory("studybot-store-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runnable deleteDir = () -> deleteTree(dir);
    if (dialect == Dialect.SQLITE) {
      return new TestDb(dialect, StoreTarget.sqlite(dir.resolve("data")), dir, deleteDir);
    }
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    String base = pgUrl();
    exec(base, "CREATE SCHEMA " + schema);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    StoreTarget target = new StoreTarget(url, Optional.empty(), Optional.empty(), 4);
    return new TestDb(
        dialect,
        target,
        dir,
        () -> {
          exec(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          deleteDir.run();
        });
  }

  private static void exec(String url, String sql) {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on the test PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** Hands each test its {@link TestDb}, created before and dropped after it. */
  private static final class Resolver implements ParameterResolver {
    private final Dialect dialect;

    Resolver(Dialect dialect) {
      this.dialect = dialect;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == TestDb.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      ExtensionContext.Store s = e.getStore(ExtensionContext.Namespace.create(TestDatabases.class, e.getUniqueId()));
      // JUnit closes an AutoCloseable in the test's store after the test: the database is dropped.
      return s.getOrComputeIfAbsent("db", k -> create(dialect), TestDb.class);
    }
  }
}

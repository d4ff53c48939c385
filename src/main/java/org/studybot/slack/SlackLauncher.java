package org.studybot.slack;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.studybot.answer.Answerer;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.Secrets;
import org.studybot.feedback.FeedbackLog;
import org.studybot.feedback.FeedbackStore;
import org.studybot.intake.Intake;
import org.studybot.ops.HealthCheck;
import org.studybot.ops.HttpServer;
import org.studybot.ops.HttpSettings;
import org.studybot.search.CorpusIndex;
import org.studybot.store.Store;
import org.studybot.store.StoreException;
import org.studybot.store.StoreTarget;

/**
 * Starts the Slack front end: Socket Mode when {@code SLACK_APP_TOKEN} is set, else HTTP mode, a
 * route at {@value EventsRoute#PATH} of the bot's {@link HttpServer}. Both serve {@value
 * HttpServer#HEALTH_PATH} from that server: the content ({@code content}) and, in Socket Mode, the
 * connection to Slack ({@code slack}), and the intake ({@code intake}: not ready while stopping).
 *
 * <p>Every request is recorded in the store (SQLite under {@code data_dir}, or {@code store.url} /
 * {@code STUDYBOT_DATABASE_URL}) before it is acknowledged; on start the bot resumes what an earlier
 * run left pending. On SIGTERM the intake stops first: requests that still arrive are recorded and
 * acknowledged but left for the next start (or another replica), the work held is answered for at
 * most {@code intake.drain}, the rest stays pending; then the server and Slack connection close.
 *
 * <p>With {@code SLACK_CLIENT_ID} and {@code SLACK_CLIENT_SECRET} instead of a bot token, the app
 * is installed in many workspaces ({@link OAuthInstall}: {@value OAuthInstall#INSTALL_PATH} and
 * {@value OAuthInstall#REDIRECT_PATH} on the same server), the installations kept in the store,
 * their tokens encrypted with {@code STUDYBOT_ENCRYPTION_KEY}.
 */
public final class SlackLauncher {
  private SlackLauncher() {}

  /** Runs the Slack bot until the JVM is shut down; returns the exit code. */
  public static int run(
      BotConfig config, Secrets secrets, Function<BotConfig, Answerer> engine, PrintStream out, PrintStream err) {
    Consumer<String> log = line -> err.println("studybot: " + line);
    SlackSettings settings;
    HttpSettings http;
    try {
      settings = SlackSettings.from(secrets).withApiTimeout(apiTimeout(config.section("slack")));
      http = HttpSettings.from(config.section("http"), settings.port());
      if (!settings.socketMode() && settings.signingSecret() == null) {
        throw new IllegalArgumentException(
            "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN to use Socket Mode)");
      }
    } catch (IllegalArgumentException | org.studybot.config.ConfigException e) {
      err.println("studybot: " + e.getMessage());
      return 1;
    }
    if (settings.oauth() != null && secrets.encryptionKey().isEmpty()) {
      err.println("studybot: installs in many workspaces (SLACK_CLIENT_ID) need STUDYBOT_ENCRYPTION_KEY"
          + " (32 random bytes in base64, `openssl rand -base64 32`, the same on every replica):"
          + " workspace tokens are only stored encrypted");
      return 1;
    }
    // The store holds every acknowledged request until it is answered (and, with OAuth, the
    // installations).
    Store store;
    try {
      store = Store.open(storeTarget(config, secrets, StoreTarget.DEFAULT_POOL_SIZE), secrets.encryptionKey(),
          Clock.systemUTC());
    } catch (ConfigException | StoreException e) {
      err.println("studybot: " + e.getMessage());
      return 1;
    }
    log.accept("store: " + store);
    Answerer answerer = engine.apply(config);
    Running running;
    try {
      running = start(settings, http, answerer,
          new FeedbackLog(config.dataDir(), Clock.systemUTC(), log), log, Clock.systemUTC(), null, null, store,
          Intake.ownerFor(config.dataDir()));
    } catch (Exception e) {
      store.close();
      err.println("studybot: could not start the Slack bot: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
    CorpusIndex index = answerer.library().current();
    String base = "http://" + running.http.host() + ":" + running.port();
    out.println(
        "studybot: Slack " + (settings.socketMode() ? "Socket Mode" : "HTTP mode") + ", "
            + (index == null
                ? "no articles yet (allow_empty: on)"
                : index.size() + " articles in " + index.subjects().size() + " subjects")
            + "; "
            + (settings.socketMode()
                ? (running.socket.connected() ? "connected" : "connecting") + "; health check on " + base
                    + HttpServer.HEALTH_PATH
                : "listening on " + base + EventsRoute.PATH + " (health " + HttpServer.HEALTH_PATH + ")")
            + (settings.oauth() == null ? "" : "; installs in many workspaces from " + base + OAuthInstall.INSTALL_PATH + " ("
                + store.installations().keys().size() + " installed)"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  store.close();
                  stopped.countDown();
                },
                "studybot-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * How long a replica keeps a workspace's bot in memory: the longest a removal on another replica
   * takes to reach this one.
   */
  static final java.time.Duration TOKEN_CACHE = java.time.Duration.ofSeconds(30);

  /**
   * The database the config ({@code store.url}) and the environment ({@code STUDYBOT_DATABASE_URL},
   * which wins) name, else SQLite under {@code data_dir}: the one place that decides.
   */
  public static StoreTarget storeTarget(BotConfig config, Secrets secrets, int poolSize) throws ConfigException {
    return StoreTarget.resolve(
        config.section("store").optionalString("url"), secrets.databaseUrl(), secrets.databaseUser(),
        secrets.databasePassword(), poolSize, config.dataDir());
  }

  private static java.time.Duration apiTimeout(org.studybot.config.Section slack)
      throws org.studybot.config.ConfigException {
    java.time.Duration d = slack.duration("api_timeout");
    if (d.isZero()) {
      throw slack.invalid("api_timeout", "0", "a duration above zero");
    }
    return d;
  }

  /**
   * Starts the bot over an answerer already loaded and returns it running, its HTTP server on
   * {@code settings.port()} with the default limits, recording requests in {@code store}.
   *
   * @throws Exception when Slack refuses the tokens or the port is taken
   */
  public static Running start(
      SlackSettings settings, Answerer answerer, FeedbackStore feedback, Store store, Consumer<String> log, Clock clock)
      throws Exception {
    return start(settings, HttpSettings.defaults(settings.port()), answerer, feedback, log, clock, null, null, store);
  }

  /**
   * As above, with the HTTP server's settings; {@code later} (tests) replaces retry waits and
   * {@code socketBackoff} (tests) the Socket Mode reconnect backoff ({@code null} for the
   * defaults); with {@code settings.oauth()}, workspaces install the app through OAuth and {@code
   * store} (opened with the encryption key) holds their installations and the installs in progress.
   * The replica's owner name in the work queue is unique to this start (its work is taken over
   * by lease if it dies).
   */
  static Running start(
      SlackSettings settings, HttpSettings httpSettings, Answerer answerer, FeedbackStore feedback,
      Consumer<String> log, Clock clock, WebApi.Later later, Backoff socketBackoff, Store store) throws Exception {
    return start(settings, httpSettings, answerer, feedback, log, clock, later, socketBackoff, store,
        "replica-" + java.util.UUID.randomUUID());
  }

  /**
   * As above, {@code owner} naming this replica in the work queue ({@link Intake#ownerFor}: the
   * same across its restarts, so a restart takes back its own work at once).
   */
  static Running start(
      SlackSettings settings, HttpSettings httpSettings, Answerer answerer, FeedbackStore feedback,
      Consumer<String> log, Clock clock, WebApi.Later later, Backoff socketBackoff, Store store, String owner)
      throws Exception {
    if (settings.oauth() != null && (store == null || !store.installations().available())) {
      throw new IllegalArgumentException("installs in many workspaces need the store and STUDYBOT_ENCRYPTION_KEY");
    }
    BotTokens tokens = settings.oauth() == null
        ? BotTokens.single(settings.botToken())
        : BotTokens.installed(store.installations(), TOKEN_CACHE);
    StudyBotApp bot = new StudyBotApp(settings, answerer, feedback, EventLedger.inMemory(), tokens, store.workQueue(),
        owner, clock, log, later);
    SocketFrontEnd socket = null;
    HttpServer http = new HttpServer(httpSettings, log);
    try {
      if (settings.oauth() != null) {
        OAuthSettings o = settings.oauth();
        OAuthInstall install = new OAuthInstall(o.clientId(), o.clientSecret(), o.redirectUri(),
            bot.app().config().getSlack(), store.oauthStates(), store.installations(), tokens, clock, log);
        install.handleRemovals(bot.app());
        install.routes().forEach(http::route);
      }
      http.health("content", () -> content(answerer));
      Intake intake = bot.intake();
      http.health("intake", () -> new HealthCheck.Status(!intake.stopping(),
          (intake.stopping() ? "intake stopping: " : "intake: ") + intake.counts().summary()));
      bot.startIntake();
      if (settings.socketMode()) {
        socket = socketBackoff == null
            ? new SocketFrontEnd(bot.app(), settings.appToken(), log)
            : new SocketFrontEnd(bot.app(), settings.appToken(), log, null, socketBackoff, Clock.systemUTC());
        SocketFrontEnd s = socket;
        http.health("slack", s::health);
        socket.start();
      } else {
        bot.app().start();
        http.route(EventsRoute.PATH, new EventsRoute(bot.app(), new SignatureCheck(settings.signingSecret(), clock), log));
      }
      // Routes that drive the content (the push webhook, when content comes from Git).
      answerer.library().routes().forEach(http::route);
      http.start();
      return new Running(bot, http, httpSettings, socket);
    } catch (Exception | Error e) {
      http.close();
      if (socket != null) {
        socket.close();
      }
      bot.close();
      throw e;
    }
  }

  private static HealthCheck.Status content(Answerer answerer) {
    CorpusIndex index = answerer.library().current();
    if (index == null || index.size() == 0) {
      return new HealthCheck.Status(false, "content not loaded yet");
    }
    return new HealthCheck.Status(true, index.size() + " articles, corpus version " + index.version());
  }

  /** A running bot: its port, and {@link #close()} to stop it. */
  public static final class Running implements AutoCloseable {
    private final StudyBotApp bot;
    private final HttpServer server;
    private final HttpSettings http;
    private final SocketFrontEnd socket;

    Running(StudyBotApp bot, HttpServer server, HttpSettings http, SocketFrontEnd socket) {
      this.bot = bot;
      this.server = server;
      this.http = http;
      this.socket = socket;
    }

    /** The HTTP port (events in HTTP mode; the health check in both). */
    public int port() {
      return server.port();
    }

    StudyBotApp bot() {
      return bot;
    }

    /**
     * Stops the intake first (it drains while requests are still recorded), then the Slack
     * connection, the server and the app.
     */
    @Override
    public void close() {
      bot.intake().stop();
      if (socket != null) {
        socket.close();
      }
      server.close();
      bot.close();
    }
  }
}

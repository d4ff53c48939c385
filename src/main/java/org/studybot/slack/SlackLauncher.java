package org.studybot.slack;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.studybot.answer.Answerer;
import org.studybot.answer.ReplicaSync;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.Secrets;
import org.studybot.feedback.FeedbackLog;
import org.studybot.feedback.FeedbackStore;
import org.studybot.intake.Intake;
import org.studybot.logging.AnswerLog;
import org.studybot.metrics.Instruments;
import org.studybot.metrics.Metrics;
import org.studybot.metrics.MetricsRoute;
import org.studybot.metrics.MetricsSettings;
import org.studybot.ops.HealthCheck;
import org.studybot.ops.HttpServer;
import org.studybot.ops.HttpSettings;
import org.studybot.search.CorpusIndex;
import org.studybot.store.ContentVersions;
import org.studybot.store.Store;
import org.studybot.store.StoreException;
import org.studybot.store.StoreFeedback;
import org.studybot.store.StoreSettings;

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

  /** Runs the Slack bot until the JVM is shut down, feedback in JSON-lines files; returns the exit code. */
  public static int run(
      BotConfig config, Secrets secrets, Function<BotConfig, Answerer> engine, PrintStream out, PrintStream err) {
    return run(config, secrets, engine, null, out, err, line -> err.println("studybot: " + line));
  }

  /**
   * Runs the Slack bot until the JVM is shut down; returns the exit code.
   *
   * @param store the store the caller opened (feedback, {@code /healthz}'s {@code store} part, and
   *     the installations of many workspaces, every request until it is answered), closed at
   *     shutdown; null (tests) to open the one the configuration names, feedback then in JSON-lines
   *     files and a single workspace
   * @param log where the bot's log lines go (text or JSON, see {@code org.studybot.logging})
   */
  public static int run(
      BotConfig config, Secrets secrets, Function<BotConfig, Answerer> engine, Store store, PrintStream out,
      PrintStream err, Consumer<String> log) {
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
    MetricsSettings metricsSettings;
    try {
      metricsSettings = MetricsSettings.from(config.section("metrics"));
    } catch (ConfigException e) {
      err.println("studybot: " + e.getMessage());
      return 1;
    }
    if (settings.oauth() != null && (store == null || !store.installations().available())) {
      err.println("studybot: installs in many workspaces (SLACK_CLIENT_ID) need STUDYBOT_ENCRYPTION_KEY"
          + " (32 random bytes in base64, `openssl rand -base64 32`, the same on every replica):"
          + " workspace tokens are only stored encrypted");
      return 1;
    }
    // The store holds every acknowledged request until it is answered: a caller without one
    // (tests) gets the one the configuration names, closed at shutdown with the rest.
    Store opened = null;
    if (store == null) {
      try {
        opened = Store.open(StoreSettings.from(config.section("store")).target(secrets, config.dataDir()),
            secrets.encryptionKey(), Clock.systemUTC());
      } catch (ConfigException | StoreException e) {
        err.println("studybot: " + e.getMessage());
        return 1;
      }
      log.accept("store: " + opened);
    }
    Store serving = opened != null ? opened : store;
    FeedbackStore feedback = opened != null
        ? new FeedbackLog(config.dataDir(), Clock.systemUTC(), log)
        : new StoreFeedback(serving, "slack", log);
    Answerer answerer = engine.apply(config);
    // Replicas on one store follow each other's reloads (polling, ReplicaSync.INTERVAL).
    ReplicaSync replicas = store == null ? null : replicaSync(store, answerer, ReplicaSync.defaultId(), log)
        .start(ReplicaSync.INTERVAL);
    Running running;
    try {
      running = start(settings, http, answerer, feedback, log, Clock.systemUTC(), null, null, serving, metricsSettings,
          Intake.ownerFor(config.dataDir()));
    } catch (Exception e) {
      if (opened != null) {
        opened.close();
      }
      err.println("studybot: could not start the Slack bot: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (replicas != null) {
        replicas.close();
      }
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
                + store.installations().keys().size() + " installed)")
            + running.metricsLine());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  if (replicas != null) {
                    replicas.close();
                  }
                  serving.close(); // counters still in memory are written; Store.close is idempotent
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
   * defaults), no metrics. The replica's owner name in the work queue is unique to this start (its
   * work is taken over by lease if it dies).
   */
  static Running start(
      SlackSettings settings, HttpSettings httpSettings, Answerer answerer, FeedbackStore feedback,
      Consumer<String> log, Clock clock, WebApi.Later later, Backoff socketBackoff, Store store) throws Exception {
    return start(settings, httpSettings, answerer, feedback, log, clock, later, socketBackoff, store,
        new MetricsSettings(false, 0));
  }

  /** As above, with metrics as {@code metricsSettings} say. */
  static Running start(
      SlackSettings settings, HttpSettings httpSettings, Answerer answerer, FeedbackStore feedback,
      Consumer<String> log, Clock clock, WebApi.Later later, Backoff socketBackoff, Store store,
      MetricsSettings metricsSettings) throws Exception {
    return start(settings, httpSettings, answerer, feedback, log, clock, later, socketBackoff, store,
        metricsSettings, "replica-" + java.util.UUID.randomUUID());
  }

  /**
   * As above; {@code store} records every request before it is acknowledged (and its seen event
   * ids filter Slack's retries first); with {@code settings.oauth()}, workspaces install the app
   * through OAuth and {@code store} (opened with the encryption key) holds their installations and
   * the installs in progress. When {@code metricsSettings} enable them, {@value MetricsRoute#PATH}
   * is served on the bot's port, or on a management port of its own when {@code
   * metricsSettings.port()} is not 0. {@code owner} names this replica in the work queue ({@link
   * Intake#ownerFor}: the same across its restarts, so a restart takes back its own work at once).
   */
  static Running start(
      SlackSettings settings, HttpSettings httpSettings, Answerer answerer, FeedbackStore feedback,
      Consumer<String> log, Clock clock, WebApi.Later later, Backoff socketBackoff, Store store,
      MetricsSettings metricsSettings, String owner) throws Exception {
    if (store == null) {
      throw new IllegalArgumentException("the Slack bot needs the store: it records every request before the ack");
    }
    if (settings.oauth() != null && (store == null || !store.installations().available())) {
      throw new IllegalArgumentException("installs in many workspaces need the store and STUDYBOT_ENCRYPTION_KEY");
    }
    BotTokens tokens = settings.oauth() == null
        ? BotTokens.single(settings.botToken())
        : BotTokens.installed(store.installations(), TOKEN_CACHE);
    StudyBotApp bot = new StudyBotApp(settings, answerer, feedback, ledger(store, log), tokens, store.workQueue(),
        owner, clock, log, later);
    SocketFrontEnd socket = null;
    HttpServer http = new HttpServer(httpSettings, log);
    HttpServer management = null;
    Metrics metrics = metricsSettings.create();
    List<AutoCloseable> listeners = new ArrayList<>();
    try {
      bot.metrics(metrics);
      // Every answer and vote counted per workspace and day in the store, for the admins' 7-day view.
      bot.countUsage(store.counters());
      Intake queued = bot.intake();
      metrics.watch(Metrics.Backlog.INTAKE_QUEUE, queued::waiting);
      metrics.watch(Metrics.Backlog.INTAKE_PENDING, () -> queued.counts().held());
      if (feedback instanceof StoreFeedback held) {
        metrics.watchHeld("votes", held::heldVotes, held::droppedVotes);
        metrics.watchHeld("unanswered", held::heldQuestions, held::droppedQuestions);
      }
      listeners.add(Instruments.answerer(metrics, answerer));
      listeners.add(answerer.listen(new AnswerLog()));
      if (metrics.route().isPresent()) {
        if (metricsSettings.port() == 0) {
          http.route(MetricsRoute.PATH, metrics.route().get());
        } else {
          HttpSettings m = HttpSettings.defaults(metricsSettings.port());
          management = new HttpServer(
              new HttpSettings(httpSettings.bindAddress(), m.port(), m.headerTimeout(), m.bodyTimeout(), m.idleTimeout(),
                  16, 2, 8, 1024),
              log);
          management.route(MetricsRoute.PATH, metrics.route().get());
          // Its /healthz says what the bot's does about the content (Slack's state is on the bot's port).
          management.health("content", () -> content(answerer));
        }
      }
      if (settings.oauth() != null) {
        OAuthSettings o = settings.oauth();
        OAuthInstall install = new OAuthInstall(o.clientId(), o.clientSecret(), o.redirectUri(),
            bot.app().config().getSlack(), store.oauthStates(), store.installations(), tokens, clock, log);
        install.handleRemovals(bot.app());
        install.routes().forEach(http::route);
      }
      http.health("content", () -> content(answerer));
      http.health("store", store.health());
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
      if (management != null) {
        management.start();
      }
      return new Running(bot, http, httpSettings, socket, management, metrics, listeners);
    } catch (Exception | Error e) {
      closeAll(listeners);
      http.close();
      if (management != null) {
        management.close();
      }
      metrics.close();
      if (socket != null) {
        socket.close();
      }
      bot.close();
      throw e;
    }
  }

  /** Keeps {@code answerer}'s content on the version the replicas on {@code store} agree on. */
  static ReplicaSync replicaSync(Store store, Answerer answerer, String id, Consumer<String> log) {
    return new ReplicaSync(answerer.library(), new ContentVersions(store, id), store.replicas(), id, log);
  }

  private static void closeAll(List<AutoCloseable> all) {
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // Answerer.listen's handle only removes the listener from a list: it cannot fail.
      }
    }
  }

  /**
   * The events already recorded, in the store, so a retry that reaches another replica (or this
   * one after a restart) is answered once: the first filter, before the intake records the
   * request. The work item the intake recorded under the event's key is the memory (finished items
   * are kept a day, longer than Slack retries), so nothing else is written per event: a replica
   * that dies or a disk that fills between recording and remembering can leave no mark that acks a
   * later delivery unanswered. Events the intake refused are not recorded and go to it again.
   * When the store cannot be read the event goes on to the intake, whose record (idempotent on the
   * key: two replicas racing on it still answer once) decides, and which refuses it unacknowledged
   * if that fails too. Failures the store has already reported (a full disk) are not logged again.
   */
  static EventLedger ledger(Store store, Consumer<String> log) {
    return new EventLedger() {
      @Override
      public boolean seen(String eventId) {
        if (eventId == null || eventId.isEmpty()) {
          return false;
        }
        try {
          return store.workQueue().recorded(StudyBotApp.eventKey(eventId));
        } catch (StoreException e) {
          if (!e.reported()) {
            log.accept("event ledger unavailable, passing the event to the intake: " + e.getMessage());
          }
          return false;
        }
      }

      @Override
      public void remember(String eventId) {
        // The intake's record is the memory (see above).
      }
    };
  }

  private static HealthCheck.Status content(Answerer answerer) {
    return answerer.library().health();
  }

  /** A running bot: its port, and {@link #close()} to stop it. */
  public static final class Running implements AutoCloseable {
    private final StudyBotApp bot;
    private final HttpServer server;
    private final HttpSettings http;
    private final SocketFrontEnd socket;
    private final HttpServer management;
    private final Metrics metrics;
    private final List<AutoCloseable> listeners;

    Running(StudyBotApp bot, HttpServer server, HttpSettings http, SocketFrontEnd socket, HttpServer management,
        Metrics metrics, List<AutoCloseable> listeners) {
      this.bot = bot;
      this.server = server;
      this.http = http;
      this.socket = socket;
      this.management = management;
      this.metrics = metrics;
      this.listeners = List.copyOf(listeners);
    }

    /** The port {@value MetricsRoute#PATH} is served on: the bot's own, or the management port. */
    public int metricsPort() {
      return management != null ? management.port() : server.port();
    }

    /** {@code "; metrics on <url>"} for the start-up line, or empty when metrics are off. */
    String metricsLine() {
      if (metrics.route().isEmpty()) {
        return "";
      }
      return "; metrics on http://" + http.host() + ":" + metricsPort() + MetricsRoute.PATH;
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
      if (management != null) {
        management.close();
      }
      bot.close();
      closeAll(listeners);
      metrics.close();
    }
  }
}

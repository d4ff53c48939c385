package org.studybot.slack;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.studybot.answer.Answerer;
import org.studybot.config.BotConfig;
import org.studybot.config.Secrets;
import org.studybot.feedback.FeedbackLog;
import org.studybot.search.CorpusIndex;

/**
 * Starts the Slack front end: Socket Mode when {@code SLACK_APP_TOKEN} is set, else HTTP mode on
 * {@code PORT} at {@value HttpFrontEnd#EVENTS_PATH}. Both serve {@code GET /healthz} on {@code
 * PORT}.
 */
public final class SlackLauncher {
  private SlackLauncher() {}

  /** Runs the Slack bot until the JVM is shut down, logging {@code studybot: } lines to {@code err}. */
  public static int run(
      BotConfig config, Secrets secrets, Function<BotConfig, Answerer> engine, PrintStream out, PrintStream err) {
    return run(config, secrets, engine, out, err, line -> err.println("studybot: " + line));
  }

  /**
   * Runs the Slack bot until the JVM is shut down; returns the exit code.
   *
   * @param log where the bot's log lines go (text or JSON, see {@code org.studybot.logging})
   */
  public static int run(
      BotConfig config, Secrets secrets, Function<BotConfig, Answerer> engine, PrintStream out, PrintStream err,
      Consumer<String> log) {
    SlackSettings settings;
    try {
      settings = SlackSettings.from(secrets);
      if (!settings.socketMode() && settings.signingSecret() == null) {
        throw new IllegalArgumentException(
            "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN to use Socket Mode)");
      }
    } catch (IllegalArgumentException e) {
      err.println("studybot: " + e.getMessage());
      return 1;
    }
    Answerer answerer = engine.apply(config);
    Running running;
    try {
      running = start(settings, answerer, new FeedbackLog(config.dataDir(), Clock.systemUTC(), log), log, Clock.systemUTC());
    } catch (Exception e) {
      err.println("studybot: could not start the Slack bot: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
    CorpusIndex index = answerer.library().current();
    out.println(
        "studybot: Slack " + (settings.socketMode() ? "Socket Mode" : "HTTP mode") + ", " + index.size()
            + " articles in " + index.subjects().size() + " subjects; "
            + (settings.socketMode()
                ? "connected; health check on http://0.0.0.0:" + running.port() + HttpFrontEnd.HEALTH_PATH
                : "listening on http://0.0.0.0:" + running.port() + HttpFrontEnd.EVENTS_PATH + " (health "
                    + HttpFrontEnd.HEALTH_PATH + ")"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
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
   * Starts the bot over an answerer already loaded and returns it running.
   *
   * @throws Exception when Slack refuses the tokens or the port is taken
   */
  public static Running start(
      SlackSettings settings, Answerer answerer, FeedbackLog feedback, Consumer<String> log, Clock clock)
      throws Exception {
    return start(settings, answerer, feedback, log, clock, null);
  }

  static Running start(
      SlackSettings settings, Answerer answerer, FeedbackLog feedback, Consumer<String> log, Clock clock,
      WebApi.Later later) throws Exception {
    StudyBotApp bot = new StudyBotApp(settings, answerer, feedback, log, later);
    SocketFrontEnd socket = null;
    HttpFrontEnd http = null;
    try {
      InetSocketAddress address = new InetSocketAddress(settings.port());
      if (settings.socketMode()) {
        socket = new SocketFrontEnd(bot.app(), settings.appToken(), log);
        SocketFrontEnd s = socket;
        http = new HttpFrontEnd(address, null, null, () -> health(answerer, s), log);
        socket.start();
      } else {
        bot.app().start();
        http = new HttpFrontEnd(address, bot.app(), new SignatureCheck(settings.signingSecret(), clock),
            () -> health(answerer, null), log);
      }
      http.start();
      return new Running(bot, http, socket);
    } catch (Exception | Error e) {
      if (http != null) {
        http.close();
      }
      if (socket != null) {
        socket.close();
      }
      bot.close();
      throw e;
    }
  }

  private static Health.Status health(Answerer answerer, SocketFrontEnd socket) {
    CorpusIndex index = answerer.library().current();
    if (index == null) {
      return new Health.Status(false, "content not loaded yet");
    }
    if (socket != null && !socket.connected()) {
      return new Health.Status(false, "Socket Mode connection to Slack is down");
    }
    return new Health.Status(true, index.size() + " articles, corpus version " + index.version());
  }

  /** A running bot: its port, and {@link #close()} to stop it. */
  public static final class Running implements AutoCloseable {
    private final StudyBotApp bot;
    private final HttpFrontEnd http;
    private final SocketFrontEnd socket;

    Running(StudyBotApp bot, HttpFrontEnd http, SocketFrontEnd socket) {
      this.bot = bot;
      this.http = http;
      this.socket = socket;
    }

    /** The HTTP port (events in HTTP mode; the health check in both). */
    public int port() {
      return http.port();
    }

    StudyBotApp bot() {
      return bot;
    }

    @Override
    public void close() {
      if (socket != null) {
        socket.close();
      }
      http.close();
      bot.close();
    }
  }
}

package org.studybot.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.queue.impl.ConcurrentLinkedMessageQueue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.studybot.ops.HealthCheck;

/**
 * Slack's Socket Mode: a WebSocket to Slack (Java-WebSocket backend) that carries events, slash
 * commands and clicks to the Bolt app, kept open by this class rather than by the SDK. Thread-safe.
 *
 * <p>Each connection is a fresh SDK client with its own reconnection and session monitor turned
 * off: this class asks {@code apps.connections.open} for a URL, connects, and counts the
 * connection up when Slack says {@code hello}. Every way a connection ends (a close, a refused or
 * failed connect, no {@code hello} within {@link #CONNECT_TIMEOUT}, an {@code ok:false} or HTTP
 * error from {@code apps.connections.open}, a ping that goes unanswered, Slack's own {@code
 * disconnect} request) leads to one reconnect after an exponential backoff with jitter (about 1 s,
 * 2 s, 4 s, ... up to {@link #MAX_BACKOFF}); a connection that lived less than {@link #STABLE}
 * counts as a failure, so a server that accepts and drops at once is not hammered either. A
 * monitor pings the live connection every {@link #CHECK_EVERY} and starts a reconnect when
 * nothing else has; it catches everything a check can throw, so it never dies. {@link #health()}
 * says whether the connection is up and, when not, why.
 */
final class SocketFrontEnd implements AutoCloseable {
  /** How often the monitor checks the connection. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  /** How long a new connection may take to say {@code hello}. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** A connection that lasts this long resets the backoff. */
  static final Duration STABLE = Duration.ofSeconds(30);
  /** The longest wait between two tries. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  /** {@code apps.connections.open} errors that no retry will fix: the start fails on them. */
  static final Set<String> PERMANENT =
      Set.of("invalid_auth", "not_authed", "token_revoked", "account_inactive", "not_allowed_token_type",
          "missing_scope", "invalid_token");

  /** Threads per connection that hand Slack's messages to Bolt. */
  private static final int PROCESSORS = 4;

  private final App app;
  private final Slack slack;
  private final String appToken;
  private final Consumer<String> log;
  private final WebApi.Later later;
  private final Backoff backoff;
  private final Clock clock;
  private final SocketModeRequestParser parser;
  private final ScheduledExecutorService own;
  private final AtomicInteger opens = new AtomicInteger();

  // Guarded by this.
  private Connection current;
  private boolean connected;
  private Instant connectedAt;
  private Instant connectingSince;
  private int failures;
  private boolean reconnectScheduled;
  private String problem = "not connected yet";
  private Instant nextTry;
  private boolean closing;

  SocketFrontEnd(App app, String appToken, Consumer<String> log) {
    this(app, appToken, log, null,
        new Backoff(Duration.ofSeconds(1), MAX_BACKOFF, () -> ThreadLocalRandom.current().nextDouble()),
        Clock.systemUTC());
  }

  /**
   * @param later runs the monitor and reconnects after a delay; {@code null} for a thread of this
   *     class's own (tests pass one they drive)
   */
  SocketFrontEnd(App app, String appToken, Consumer<String> log, WebApi.Later later, Backoff backoff, Clock clock) {
    this.app = app;
    this.slack = app.slack();
    this.appToken = appToken;
    this.log = log;
    this.backoff = backoff;
    this.clock = clock;
    this.parser = new SocketModeRequestParser(app.config());
    if (later == null) {
      this.own = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "studybot-socket-mode");
        t.setDaemon(true);
        return t;
      });
      this.later = (delay, task) -> {
        try {
          own.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // Closing.
        }
      };
    } else {
      this.own = null;
      this.later = later;
    }
  }

  /**
   * Connects for the first time and starts the monitor. A token Slack refuses ({@link #PERMANENT})
   * fails the start; any other failure is retried in the background (health says so meanwhile).
   *
   * @throws IllegalStateException when Slack refuses the app token
   */
  void start() throws Exception {
    app.start();
    String why = null;
    try {
      connect(openUrl());
    } catch (Refused e) {
      if (e.permanent) {
        throw new IllegalStateException("Socket Mode: apps.connections.open refused the app token (" + e.getMessage()
            + "); check SLACK_APP_TOKEN (an xapp- token with connections:write)");
      }
      why = e.getMessage();
    } catch (IOException | RuntimeException e) {
      why = describe(e);
    }
    later.run(CHECK_EVERY, this::monitor);
    if (why != null) {
      try {
        failed(null, why);
      } catch (RuntimeException e) {
        // The monitor will schedule the retry this could not.
        log.accept("Socket Mode: " + why + "; could not schedule a retry (" + e.getClass().getSimpleName() + ")");
      }
    }
  }

  // ---------------------------------------------------------------- connecting

  /** A failure of {@code apps.connections.open}. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean permanent;

    Refused(String reason, boolean permanent) {
      super(reason, null, false, false);
      this.permanent = permanent;
    }
  }

  private String openUrl() throws Refused, IOException {
    opens.incrementAndGet();
    AppsConnectionsOpenResponse r;
    try {
      r = slack.methods().appsConnectionsOpen(req -> req.token(appToken));
    } catch (SlackApiException e) {
      int code = e.getResponse() == null ? 0 : e.getResponse().code();
      throw new Refused("apps.connections.open: HTTP " + code, false);
    }
    if (!r.isOk() || r.getUrl() == null) {
      String error = r.getError() == null ? "no url" : r.getError();
      throw new Refused("apps.connections.open: " + error, PERMANENT.contains(error));
    }
    return r.getUrl();
  }

  private void connect(String url) throws URISyntaxException {
    Connection c = new Connection(url);
    Connection old;
    synchronized (this) {
      if (closing) {
        c.quietly();
        return;
      }
      old = current;
      current = c;
      connected = false;
      connectingSince = clock.instant();
    }
    if (old != null) {
      old.quietly();
    }
    c.connect();
    later.run(CONNECT_TIMEOUT, () -> {
      synchronized (this) {
        if (current != c || connected) {
          return;
        }
      }
      failed(c, "no hello within " + CONNECT_TIMEOUT.toSeconds() + " s");
    });
  }

  /** One try: a new URL, a new connection. Runs on the scheduler; never throws. */
  private void attempt() {
    synchronized (this) {
      reconnectScheduled = false;
      nextTry = null;
      if (closing) {
        return;
      }
    }
    try {
      connect(openUrl());
    } catch (Refused e) {
      failed(null, e.getMessage());
    } catch (Exception | LinkageError | AssertionError e) {
      failed(null, describe(e));
    }
  }

  /**
   * A try or a connection failed: count it and schedule the next try. {@code from} is the
   * connection that failed ({@code null}: the URL could not be had); news from a connection
   * already replaced is ignored.
   */
  private void failed(Connection from, String why) {
    synchronized (this) {
      if (closing || (from != null && (from != current || from.failed))) {
        return;
      }
      if (from != null) {
        // A connection fails once, however many ways it reports it (error, close, timeout).
        from.failed = true;
      }
      boolean wasUp = connected;
      connected = false;
      connectingSince = null;
      boolean lived = wasUp && connectedAt != null && Duration.between(connectedAt, clock.instant()).compareTo(STABLE) >= 0;
      failures = lived ? 0 : failures + 1;
      problem = why;
    }
    scheduleReconnect(why);
  }

  private void scheduleReconnect(String why) {
    Duration wait;
    synchronized (this) {
      if (closing || reconnectScheduled) {
        return;
      }
      wait = backoff.delay(Math.max(1, failures));
      reconnectScheduled = true;
      nextTry = clock.instant().plus(wait);
    }
    log.accept("Socket Mode: " + why + "; reconnecting in "
        + String.format(java.util.Locale.ROOT, "%.1f", wait.toMillis() / 1000.0) + " s");
    later.run(wait, this::attempt);
  }

  private void onHello(Connection c) {
    boolean again;
    synchronized (this) {
      if (c != current || closing) {
        return;
      }
      again = failures > 0 || connectedAt != null;
      connected = true;
      connectingSince = null;
      connectedAt = clock.instant();
      problem = null;
    }
    if (again) {
      log.accept("Socket Mode: connected again");
    }
  }

  private void onClose(Connection c, Integer code) {
    failed(c, "connection closed (code " + code + ")");
  }

  private void onDisconnectRequested(Connection c) {
    // Slack retires connections now and then and asks for a new one: a planned refresh, so it
    // does not count as a failure when the connection had lived.
    failed(c, "Slack asked to reconnect");
  }

  // ---------------------------------------------------------------- the monitor

  /** Pings the live connection; starts a reconnect when nothing else has. Never dies. */
  private void monitor() {
    try {
      Connection c;
      boolean up;
      boolean stuck;
      synchronized (this) {
        if (closing) {
          return;
        }
        c = current;
        up = connected;
        stuck = !connected && !reconnectScheduled
            && (connectingSince == null || Duration.between(connectingSince, clock.instant()).compareTo(CONNECT_TIMEOUT) > 0);
      }
      if (up && c != null && !c.verifyConnection()) {
        failed(c, "no answer to a ping");
      } else if (stuck) {
        failed(c, problem == null ? "not connected" : problem);
      }
    } catch (Throwable t) {
      // Whatever a check throws, the monitor goes on: a dead monitor is what this class replaces.
      log.accept("Socket Mode: connection check failed (" + t.getClass().getSimpleName() + "); checking again");
    } finally {
      synchronized (this) {
        if (!closing) {
          later.run(CHECK_EVERY, this::monitor);
        }
      }
    }
  }

  // ---------------------------------------------------------------- health

  /** Whether the WebSocket is open and Slack has said hello on it. */
  synchronized boolean connected() {
    return connected;
  }

  /** Calls made to {@code apps.connections.open}. */
  int opens() {
    return opens.get();
  }

  /** The connection's health: up, or down and why, and when the next try is. */
  synchronized HealthCheck.Status health() {
    if (connected) {
      return new HealthCheck.Status(true, "Socket Mode connected");
    }
    String next = nextTry == null ? ""
        : "; next try in " + Math.max(0, Duration.between(clock.instant(), nextTry).toSeconds()) + " s";
    return new HealthCheck.Status(false, "Socket Mode connection to Slack is down (" + problem + ")" + next);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  // ---------------------------------------------------------------- one connection

  /** One WebSocket session: the SDK's client with its own reconnecting turned off. */
  private final class Connection extends SocketModeClientJavaWSImpl {
    /** Guarded by the front end's lock. */
    boolean failed;

    Connection(String url) throws URISyntaxException {
      super(slack, appToken, url, PROCESSORS, new ConcurrentLinkedMessageQueue(), false, false,
          CHECK_EVERY.toMillis());
      addWebSocketMessageListener(this::route);
      addWebSocketCloseListener((code, reason) -> onClose(this, code));
      // A refused connect ends in onError (its close code is below 1000, which skips close listeners).
      addWebSocketErrorListener(error -> {
        if (!connected()) {
          failed(this, "connect failed: " + error.getClass().getSimpleName());
        }
      });
    }

    @Override
    public void processMessage(String message) throws IOException {
      String type = type(message);
      if ("disconnect".equals(type)) {
        onDisconnectRequested(this);
        return;
      }
      if ("hello".equals(type)) {
        onHello(this);
      }
      super.processMessage(message);
    }

    private void route(String message) {
      SocketModeRequest req = parser.parse(message);
      if (req == null) {
        return;
      }
      try {
        Response r = app.run(req.getBoltRequest());
        if (r.getStatusCode() == null || r.getStatusCode() != 200) {
          log.accept("a Socket Mode " + req.getEnvelope().getType() + " was not handled (status " + r.getStatusCode() + ")");
          return;
        }
        JsonObject ack = new JsonObject();
        ack.addProperty("envelope_id", req.getEnvelope().getEnvelopeId());
        String body = r.getBody();
        if (body != null && !body.isEmpty()) {
          if (r.getContentType() != null && r.getContentType().startsWith("application/json")) {
            ack.add("payload", JsonParser.parseString(body));
          } else {
            JsonObject text = new JsonObject();
            text.addProperty("text", body);
            ack.add("payload", text);
          }
        }
        sendSocketModeResponse(ack.toString());
      } catch (NotRecorded e) {
        // No ack: Slack sends the event again (the store has logged why, once).
      } catch (Exception e) {
        log.accept("a Socket Mode " + req.getEnvelope().getType() + " failed: " + e.getClass().getSimpleName());
      }
    }

    /** Closes this session without telling anyone (it has been replaced, or the bot stops). */
    void quietly() {
      getWebSocketCloseListeners().clear();
      getWebSocketErrorListeners().clear();
      try {
        close();
      } catch (IOException | RuntimeException e) {
        // Going anyway.
      }
    }
  }

  private static String type(String message) {
    try {
      JsonElement e = JsonParser.parseString(message);
      if (e.isJsonObject() && e.getAsJsonObject().has("type")) {
        return e.getAsJsonObject().get("type").getAsString();
      }
    } catch (RuntimeException e) {
      // Not JSON: the SDK ignores it too.
    }
    return null;
  }

  @Override
  public void close() {
    Connection c;
    synchronized (this) {
      closing = true;
      c = current;
      current = null;
      connected = false;
    }
    if (own != null) {
      own.shutdownNow();
    }
    if (c != null) {
      c.quietly();
    }
  }
}

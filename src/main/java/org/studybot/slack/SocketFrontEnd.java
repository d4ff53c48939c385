package org.studybot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Slack's Socket Mode: a WebSocket to Slack (Java-WebSocket backend) that carries events, slash
 * commands and clicks to the Bolt app. A connection that drops is opened again: at once when the
 * socket closes (after a short pause, if it is still down then), and by the SDK's session monitor,
 * which pings every few seconds. Thread-safe.
 */
final class SocketFrontEnd implements AutoCloseable {
  private static final Duration RECONNECT_PAUSE = Duration.ofMillis(250);

  private final App app;
  private final String appToken;
  private final Consumer<String> log;
  private final ScheduledExecutorService reconnector =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "studybot-socket-reconnect");
            t.setDaemon(true);
            return t;
          });
  private volatile SocketModeClient client;
  private volatile SocketModeApp socketApp;
  private volatile boolean closing;

  SocketFrontEnd(App app, String appToken, Consumer<String> log) {
    this.app = app;
    this.appToken = appToken;
    this.log = log;
  }

  /** Opens the connection (asks Slack for a URL with {@code apps.connections.open}, then connects). */
  void start() throws Exception {
    // This constructor (not the one taking a ready client) is the one that routes messages to Bolt.
    SocketModeApp a = new SocketModeApp(appToken, SocketModeClient.Backend.JavaWebSocket, app);
    socketApp = a;
    a.startAsync();
    SocketModeClient c = a.getClient();
    if (c == null) {
      throw new IllegalStateException("Socket Mode did not start: apps.connections.open failed (see the log above)");
    }
    c.addWebSocketCloseListener((code, reason) -> onClose(code));
    client = c;
  }

  private void onClose(Integer code) {
    if (closing) {
      return;
    }
    log.accept("Socket Mode connection closed (code " + code + "); reconnecting");
    reconnector.schedule(this::reconnectIfDown, RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void reconnectIfDown() {
    SocketModeClient c = client;
    if (closing || c == null || c.verifyConnection()) {
      return;
    }
    try {
      c.connectToNewEndpoint();
      c.setAutoReconnectEnabled(true);
    } catch (Exception e) {
      // The session monitor tries again; say why this attempt failed.
      log.accept("Socket Mode reconnect failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      reconnector.schedule(this::reconnectIfDown, 5, TimeUnit.SECONDS);
    }
  }

  /** Whether the WebSocket is open and answers a ping. */
  boolean connected() {
    SocketModeClient c = client;
    return c != null && c.verifyConnection();
  }

  @Override
  public void close() {
    closing = true;
    reconnector.shutdownNow();
    try {
      SocketModeApp a = socketApp;
      if (a != null) {
        a.close();
      }
      SocketModeClient c = client;
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      log.accept("closing the Socket Mode connection failed: " + e.getClass().getSimpleName());
    }
  }
}

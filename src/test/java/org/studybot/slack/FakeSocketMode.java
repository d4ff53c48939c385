package org.studybot.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A stand-in for Slack's Socket Mode server on loopback: says {@code hello} to each connection,
 * sends envelopes, records what the bot sends back (acks), asks for a {@code disconnect} or drops
 * the socket outright.
 */
final class FakeSocketMode extends WebSocketServer {
  private final CountDownLatch started = new CountDownLatch(1);
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile WebSocket current;
  private volatile boolean deaf;

  FakeSocketMode() {
    super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    setReuseAddr(true);
  }

  void startAndWait() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the fake Socket Mode server did not start");
    }
  }

  String url() {
    return "ws://127.0.0.1:" + getPort() + "/link";
  }

  int connections() {
    return connections.get();
  }

  /** Waits until at least {@code n} connections have been opened in total. */
  void awaitConnections(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    synchronized (connections) {
      while (connections.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + n + " Socket Mode connections, saw " + connections.get());
        }
        connections.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  void send(JsonObject envelope) {
    current.send(envelope.toString());
  }

  /** Waits for a message from the bot matching {@code which}. */
  JsonObject await(Predicate<JsonObject> which) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonObject o = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (o == null) {
        throw new AssertionError("the bot sent nothing matching within 20 s");
      }
      if (which.test(o)) {
        return o;
      }
    }
  }

  /** The ack for one envelope. */
  JsonObject ack(String envelopeId) throws InterruptedException {
    return await(o -> o.has("envelope_id") && o.get("envelope_id").getAsString().equals(envelopeId));
  }

  /** Asks the bot to reconnect, as Slack does before it retires a connection. */
  void requestDisconnect() {
    current.send(disconnect("refresh_requested").toString());
  }

  /** Drops the connection without a goodbye (a network failure). */
  void drop() {
    current.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test");
  }

  /** Stops (or resumes) answering pings: a connection gone stale without a close. */
  void deaf(boolean on) {
    deaf = on;
  }

  @Override
  public void onWebsocketPing(WebSocket conn, org.java_websocket.framing.Framedata f) {
    if (!deaf) {
      super.onWebsocketPing(conn, f);
    }
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    current = conn;
    conn.send(hello(1).toString());
    synchronized (connections) {
      connections.incrementAndGet();
      connections.notifyAll();
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onMessage(WebSocket conn, String message) {
    received.add(JsonParser.parseString(message).getAsJsonObject());
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {}

  @Override
  public void onStart() {
    started.countDown();
  }

  /** Slack's first message on a connection; {@code connections}: the app's open connections. */
  static JsonObject hello(int connections) {
    JsonObject hello = new JsonObject();
    hello.addProperty("type", "hello");
    hello.addProperty("num_connections", connections);
    JsonObject debug = debugInfo();
    debug.addProperty("build_number", 1);
    debug.addProperty("approximate_connection_time", 18060);
    hello.add("debug_info", debug);
    JsonObject info = new JsonObject();
    info.addProperty("app_id", "A1");
    hello.add("connection_info", info);
    return hello;
  }

  /** Slack asking a connection to go: {@code reason} {@code refresh_requested}, {@code warning}... */
  static JsonObject disconnect(String reason) {
    JsonObject o = new JsonObject();
    o.addProperty("type", "disconnect");
    o.addProperty("reason", reason);
    o.add("debug_info", debugInfo());
    return o;
  }

  private static JsonObject debugInfo() {
    JsonObject debug = new JsonObject();
    debug.addProperty("host", "applink-stand-in");
    return debug;
  }

  /** An envelope of {@code type} around {@code payload}. */
  static JsonObject envelope(String id, String type, JsonObject payload, int retryAttempt) {
    JsonObject o = new JsonObject();
    o.addProperty("envelope_id", id);
    o.addProperty("type", type);
    o.addProperty("accepts_response_payload", !type.equals("events_api"));
    if (type.equals("events_api")) {
      o.addProperty("retry_attempt", retryAttempt);
      o.addProperty("retry_reason", retryAttempt > 0 ? "timeout" : "");
    }
    o.add("payload", payload);
    return o;
  }
}

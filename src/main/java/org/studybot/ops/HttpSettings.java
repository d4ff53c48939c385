package org.studybot.ops;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.studybot.config.ConfigException;
import org.studybot.config.Section;

/**
 * How the bot's HTTP server listens and what it tolerates from a client. Immutable and
 * thread-safe.
 *
 * @param bindAddress the interface to listen on ({@code 127.0.0.1}, {@code ::1}, a host name), or
 *     empty for all interfaces ({@code bind_address})
 * @param port the port; 0 picks a free one ({@code PORT})
 * @param headerTimeout the longest a connection may take to send a whole request head, counted from
 *     when it opens or its previous response was sent; then it is closed
 * @param bodyTimeout the longest a request body may take to arrive once its head is in; then the
 *     client gets 408 and the connection is closed
 * @param idleTimeout a connection on which nothing moves for this long is closed
 * @param maxConnections connections open at once; more wait in the kernel's accept queue
 * @param routeThreads threads that run routes ({@code /slack/events}); health has none of its own
 *     to wait for, it is answered on the server's I/O threads
 * @param routeQueue requests waiting for a route thread; past that the client gets 503
 * @param maxBodyBytes the largest request body; larger ones get 413
 */
public record HttpSettings(
    String bindAddress,
    int port,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    int maxConnections,
    int routeThreads,
    int routeQueue,
    int maxBodyBytes) {

  /** Slack's payloads are small; anything bigger is not from Slack. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  public HttpSettings {
    bindAddress = bindAddress == null ? "" : bindAddress.strip();
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " is not a port number (0-65535)");
    }
    positive("header timeout", headerTimeout);
    positive("body timeout", bodyTimeout);
    positive("idle timeout", idleTimeout);
    atLeast("max connections", maxConnections, 1);
    atLeast("route threads", routeThreads, 1);
    atLeast("route queue", routeQueue, 0);
    atLeast("max body bytes", maxBodyBytes, 1);
  }

  /** The defaults: all interfaces, 10 s for a head or a body, 30 s idle, 256 connections. */
  public static HttpSettings defaults(int port) {
    return new HttpSettings(
        "", port, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 8, 64,
        MAX_BODY_BYTES);
  }

  /**
   * The {@code http} section of {@code config/studybot.yml}, on {@code port} ({@code PORT}).
   *
   * @throws ConfigException naming the key, the value and the rule
   */
  public static HttpSettings from(Section http, int port) throws ConfigException {
    Duration header = positive(http, "header_timeout");
    Duration body = positive(http, "body_timeout");
    Duration idle = positive(http, "idle_timeout");
    return new HttpSettings(
        http.optionalString("bind_address").orElse(""), port, header, body, idle,
        http.integer("max_connections", 1, 100_000), http.integer("route_threads", 1, 1_000),
        http.integer("route_queue", 0, 100_000), MAX_BODY_BYTES);
  }

  private static Duration positive(Section s, String key) throws ConfigException {
    Duration d = s.duration(key);
    if (d.isZero()) {
      throw s.invalid(key, "0", "a duration above zero");
    }
    return d;
  }

  /** A copy listening on {@code address} (empty: all interfaces). */
  public HttpSettings withBindAddress(String address) {
    return new HttpSettings(
        address, port, headerTimeout, bodyTimeout, idleTimeout, maxConnections, routeThreads, routeQueue,
        maxBodyBytes);
  }

  /** A copy with other client timeouts (tests shorten them). */
  public HttpSettings withTimeouts(Duration header, Duration body, Duration idle) {
    return new HttpSettings(
        bindAddress, port, header, body, idle, maxConnections, routeThreads, routeQueue, maxBodyBytes);
  }

  /** Where to listen. */
  public InetSocketAddress address() {
    return bindAddress.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress, port);
  }

  /** The host part of a URL for the log: the bind address, or {@code 0.0.0.0} for all. */
  public String host() {
    if (bindAddress.isEmpty()) {
      return "0.0.0.0";
    }
    return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
  }

  private static void positive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + ": " + d + " must be more than zero");
    }
  }

  private static void atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + ": " + value + " must be at least " + min);
    }
  }
}

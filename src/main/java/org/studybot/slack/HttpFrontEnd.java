package org.studybot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Slack's HTTP mode on the JDK's own HTTP server: {@code POST /slack/events} (events, slash
 * commands, interactivity), each request's signature checked before Bolt sees it, and {@code GET
 * /healthz}. In Socket Mode only the health check is served. Request bodies are never logged.
 * Thread-safe.
 */
final class HttpFrontEnd implements AutoCloseable {
  /** Where Slack posts. */
  static final String EVENTS_PATH = "/slack/events";
  /** The health check. */
  static final String HEALTH_PATH = "/healthz";
  /** Slack's payloads are small; anything bigger is not from Slack. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;
  private final ExecutorService pool;
  private final App app;
  private final SignatureCheck signatures;
  private final SlackRequestParser parser;
  private final Health health;
  private final Consumer<String> log;

  /**
   * @param app the Bolt app, or {@code null} to serve only the health check (Socket Mode)
   * @param signatures checks each request (required with an app)
   */
  HttpFrontEnd(InetSocketAddress address, App app, SignatureCheck signatures, Health health, Consumer<String> log)
      throws IOException {
    this.app = app;
    this.signatures = signatures;
    this.parser = app == null ? null : new SlackRequestParser(app.config());
    this.health = health;
    this.log = log;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "studybot-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(address, 64);
    server.setExecutor(pool);
    server.createContext(HEALTH_PATH, this::health);
    if (app != null) {
      server.createContext(EVENTS_PATH, this::events);
    }
  }

  void start() {
    server.start();
  }

  /** The port listened on. */
  int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET")) {
        send(ex, 405, "text/plain", "use GET");
        return;
      }
      Health.Status s = health.check();
      String json = "{\"status\":\"" + (s.ready() ? "ok" : "unavailable") + "\",\"detail\":\""
          + s.detail().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
      send(ex, s.ready() ? 200 : 503, "application/json", json);
    }
  }

  private void events(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getPath().equals(EVENTS_PATH)) {
        send(ex, 404, "text/plain", "not found");
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        send(ex, 405, "text/plain", "use POST");
        return;
      }
      byte[] body = readBody(ex.getRequestBody());
      if (body == null) {
        send(ex, 413, "text/plain", "request too large");
        return;
      }
      String remote = ex.getRemoteAddress().getAddress().getHostAddress();
      SignatureCheck.Result verdict =
          signatures.check(
              ex.getRequestHeaders().getFirst("X-Slack-Request-Timestamp"),
              ex.getRequestHeaders().getFirst("X-Slack-Signature"),
              body);
      if (verdict != SignatureCheck.Result.OK) {
        log.accept("refused a request from " + remote + " (signature check: " + verdict.name().toLowerCase(java.util.Locale.ROOT) + ")");
        send(ex, 401, "text/plain", "invalid request");
        return;
      }
      Map<String, List<String>> headers = new HashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
      Request<?> request =
          parser.parse(
              SlackRequestParser.HttpRequest.builder()
                  .requestUri(EVENTS_PATH)
                  .queryString(query(ex.getRequestURI().getRawQuery()))
                  .headers(new RequestHeaders(headers))
                  .requestBody(new String(body, StandardCharsets.UTF_8))
                  .remoteAddress(remote)
                  .build());
      Response response;
      try {
        response = app.run(request);
      } catch (Exception e) {
        log.accept("a " + request.getRequestType() + " request failed: " + e.getClass().getSimpleName());
        send(ex, 500, "text/plain", "internal error");
        return;
      }
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((k, v) -> v.forEach(x -> ex.getResponseHeaders().add(k, x)));
      }
      String ct = response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType();
      send(ex, response.getStatusCode() == null ? 200 : response.getStatusCode(), ct,
          response.getBody() == null ? "" : response.getBody());
    }
  }

  /** The body, or {@code null} past {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
    return b.length > MAX_BODY_BYTES ? null : b;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType.contains("charset") ? contentType : contentType + "; charset=utf-8");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

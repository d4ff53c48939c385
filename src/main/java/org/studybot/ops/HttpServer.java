package org.studybot.ops;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The bot's HTTP server (Jetty 12, core API): routes by exact path, {@code GET}/{@code HEAD}
 * {@value #HEALTH_PATH}, and the limits that keep a few bad clients from silencing it. Thread-safe.
 *
 * <p>No thread waits for a client. Request heads and bodies are read by Jetty's non-blocking I/O;
 * a body is gathered asynchronously and only a complete one is handed to a route, on a bounded
 * pool of its own. Health is answered on the I/O thread without waiting for that pool, so it
 * answers while every route thread is busy. A connection that has not sent a whole request head
 * within {@link HttpSettings#headerTimeout()} (of opening, or of its last response) is closed; a
 * body that has not arrived within {@link HttpSettings#bodyTimeout()} gets 408 and the connection
 * is closed; bodies over {@link HttpSettings#maxBodyBytes()} get 413; when the route pool and its
 * queue are full the client gets 503 with {@code Retry-After}. Request bodies are never logged.
 *
 * <p>Use: {@code new HttpServer(settings, log)}, then {@link #route} and {@link #health} for each
 * part, then {@link #start()}; {@link #close()} stops it.
 */
public final class HttpServer implements AutoCloseable {
  /** The health check's path. */
  public static final String HEALTH_PATH = "/healthz";

  /** How often connections are checked against the header timeout. */
  private static final Duration SWEEP = Duration.ofMillis(200);

  private final HttpSettings settings;
  private final Consumer<String> log;
  private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private final Map<Connection, Long> awaitingHead = new ConcurrentHashMap<>();
  private final AtomicLong cutOff = new AtomicLong();
  private final ScheduledExecutorService timers;
  private final ThreadPoolExecutor routePool;
  private Server server;
  private ServerConnector connector;

  /**
   * @param log told about clients cut off and routes that failed, one line at a time (never a
   *     request body)
   */
  public HttpServer(HttpSettings settings, Consumer<String> log) {
    this.settings = settings;
    this.log = log;
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "studybot-http-timer"));
    AtomicInteger n = new AtomicInteger();
    this.routePool =
        new ThreadPoolExecutor(
            settings.routeThreads(), settings.routeThreads(), 60, TimeUnit.SECONDS,
            settings.routeQueue() == 0
                ? new java.util.concurrent.SynchronousQueue<>()
                : new ArrayBlockingQueue<>(settings.routeQueue()),
            r -> daemon(r, "studybot-http-route-" + n.incrementAndGet()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Serves {@code path} (exactly) with {@code route}. */
  public synchronized HttpServer route(String path, HttpRoute route) {
    if (path.equals(HEALTH_PATH)) {
      throw new IllegalArgumentException(HEALTH_PATH + " is the server's own");
    }
    routes.put(path, route);
    return this;
  }

  /** Adds {@code check} to {@value #HEALTH_PATH} under {@code name}; ready only when every check is. */
  public synchronized HttpServer health(String name, HealthCheck check) {
    if (server != null) {
      throw new IllegalStateException("health checks are added before start");
    }
    checks.put(name, check);
    return this;
  }

  /**
   * Starts listening.
   *
   * @throws IOException when the address cannot be bound (the port is taken, the address is not
   *     this machine's); the message names the address
   */
  public synchronized HttpServer start() throws IOException {
    // Jetty's own threads only parse, gather bodies and write answers; they never run a route, so
    // 16 of them (a selector and an acceptor among them) serve every connection the limit allows.
    QueuedThreadPool threads = new QueuedThreadPool(16, 4, 60_000);
    threads.setName("studybot-http");
    threads.setDaemon(true);
    Server s = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    http.setIdleTimeout(settings.idleTimeout().toMillis());
    ServerConnector c = new ServerConnector(s, 1, 1, new HttpConnectionFactory(http));
    c.setHost(settings.bindAddress().isEmpty() ? null : settings.bindAddress());
    c.setPort(settings.port());
    c.setIdleTimeout(settings.idleTimeout().toMillis());
    c.addBean(new HeadTimer());
    s.addConnector(c);
    s.addBean(new NetworkConnectionLimit(settings.maxConnections(), c));
    s.setHandler(new Dispatch());
    s.setStopTimeout(1_000);
    try {
      s.start();
    } catch (Exception e) {
      try {
        s.stop();
      } catch (Exception ignored) {
        // Already failing: the bind error is the one to report.
      }
      throw new IOException(
          "cannot listen on " + settings.host() + ":" + settings.port() + " (bind_address, PORT): " + e.getMessage(), e);
    }
    server = s;
    connector = c;
    timers.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The port listened on (the one picked when the settings said 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Connections closed so far for sending their head or body too slowly. */
  public long cutOff() {
    return cutOff.get();
  }

  /** The health of every check now, as {@value #HEALTH_PATH} reports it. */
  public HealthCheck.Status healthNow() {
    return compose(readings());
  }

  private Map<String, HealthCheck.Status> readings() {
    Map<String, HealthCheck.Status> out = new LinkedHashMap<>();
    List<Map.Entry<String, HealthCheck>> all;
    synchronized (this) {
      all = new ArrayList<>(checks.entrySet());
    }
    for (Map.Entry<String, HealthCheck> e : all) {
      HealthCheck.Status s;
      try {
        s = e.getValue().check();
      } catch (RuntimeException ex) {
        s = new HealthCheck.Status(false, "check failed: " + ex.getClass().getSimpleName());
      }
      out.put(e.getKey(), s == null ? new HealthCheck.Status(false, "no reading") : s);
    }
    return out;
  }

  private static HealthCheck.Status compose(Map<String, HealthCheck.Status> readings) {
    boolean ready = readings.values().stream().allMatch(HealthCheck.Status::ready);
    List<String> details = new ArrayList<>();
    // When something is wrong, say what first.
    readings.values().stream().filter(s -> !s.ready()).forEach(s -> details.add(s.detail()));
    readings.values().stream().filter(HealthCheck.Status::ready).forEach(s -> details.add(s.detail()));
    return new HealthCheck.Status(ready, String.join("; ", details));
  }

  // ---------------------------------------------------------------- the header timeout

  /** Notes when each connection starts waiting for a request head. */
  private final class HeadTimer implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      awaitingHead.put(connection, System.nanoTime() + settings.headerTimeout().toNanos());
    }

    @Override
    public void onClosed(Connection connection) {
      awaitingHead.remove(connection);
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Map.Entry<Connection, Long> e : awaitingHead.entrySet()) {
        if (now - e.getValue() > 0 && awaitingHead.remove(e.getKey(), e.getValue())) {
          Connection c = e.getKey();
          cutOff.incrementAndGet();
          log.accept("closed a connection from " + remote(c) + ": no complete request head within "
              + settings.headerTimeout().toSeconds() + " s");
          c.getEndPoint().close();
        }
      }
    } catch (RuntimeException e) {
      // The sweeper must outlive any one connection's trouble.
      log.accept("header timeout sweep failed: " + e.getClass().getSimpleName());
    }
  }

  private static String remote(Connection c) {
    var a = c.getEndPoint().getRemoteSocketAddress();
    return a instanceof java.net.InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : "?";
  }

  // ---------------------------------------------------------------- dispatch

  private final class Dispatch extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Connection connection = request.getConnectionMetaData().getConnection();
      awaitingHead.remove(connection);
      Request.addCompletionListener(
          request,
          failure -> {
            if (connection.getEndPoint().isOpen()) {
              awaitingHead.put(connection, System.nanoTime() + settings.headerTimeout().toNanos());
            }
          });
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      if (path.equals(HEALTH_PATH)) {
        health(method, response, callback);
        return true;
      }
      HttpRoute route = routes.get(path);
      if (route == null) {
        send(response, callback, HttpResponse.text(404, "not found"), false, false);
        return true;
      }
      long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (length > settings.maxBodyBytes()) {
        send(response, callback, HttpResponse.text(413, "request too large"), false, true);
        return true;
      }
      AtomicBoolean answered = new AtomicBoolean();
      ScheduledFuture<?> timer =
          timers.schedule(
              () -> {
                if (answered.compareAndSet(false, true)) {
                  cutOff.incrementAndGet();
                  log.accept("cut off a request from " + Request.getRemoteAddr(request) + " to " + path
                      + ": body not complete within " + settings.bodyTimeout().toSeconds() + " s");
                  send(response, callback, HttpResponse.text(408, "request body too slow"), false, true);
                }
              },
              settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      Content.Source.asByteArrayAsync(request, settings.maxBodyBytes())
          .whenComplete(
              (body, failure) -> {
                timer.cancel(false);
                if (!answered.compareAndSet(false, true)) {
                  return;
                }
                if (failure != null) {
                  boolean tooBig = failure instanceof IllegalArgumentException
                      || String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("max");
                  send(response, callback, tooBig ? HttpResponse.text(413, "request too large")
                      : HttpResponse.text(400, "could not read the request"), false, true);
                  return;
                }
                HttpRequest r = toRequest(request, path, body);
                try {
                  routePool.execute(() -> run(route, r, response, callback));
                } catch (RejectedExecutionException e) {
                  HttpResponse busy = new HttpResponse(503, "text/plain; charset=utf-8", Map.of("Retry-After", List.of("1")),
                      "busy, try again".getBytes(StandardCharsets.UTF_8));
                  send(response, callback, busy, false, false);
                }
              });
      return true;
    }
  }

  private void health(String method, Response response, Callback callback) {
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      HttpResponse r = new HttpResponse(405, "text/plain; charset=utf-8", Map.of("Allow", List.of("GET, HEAD")),
          "use GET or HEAD".getBytes(StandardCharsets.UTF_8));
      send(response, callback, r, false, false);
      return;
    }
    Map<String, HealthCheck.Status> readings = readings();
    HealthCheck.Status all = compose(readings);
    JsonObject json = new JsonObject();
    json.addProperty("status", all.ready() ? "ok" : "unavailable");
    json.addProperty("detail", all.detail());
    JsonObject parts = new JsonObject();
    readings.forEach(
        (name, s) -> {
          JsonObject o = new JsonObject();
          o.addProperty("ready", s.ready());
          o.addProperty("detail", s.detail());
          parts.add(name, o);
        });
    json.add("checks", parts);
    HttpResponse r = HttpResponse.json(all.ready() ? 200 : 503, json.toString());
    send(response, callback, r, head, false);
  }

  private void run(HttpRoute route, HttpRequest request, Response response, Callback callback) {
    HttpResponse out;
    try {
      out = route.handle(request);
    } catch (Exception | LinkageError | AssertionError e) {
      log.accept("a request to " + request.path() + " failed: " + e.getClass().getSimpleName());
      out = HttpResponse.text(500, "internal error");
    }
    send(response, callback, out, false, false);
  }

  private static HttpRequest toRequest(Request request, String path, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
    }
    return new HttpRequest(
        request.getMethod(), path, request.getHttpURI().getQuery(), headers, body, Request.getRemoteAddr(request));
  }

  private static void send(Response response, Callback callback, HttpResponse r, boolean head, boolean close) {
    try {
      response.setStatus(r.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
      r.headers().forEach((k, values) -> values.forEach(v -> response.getHeaders().add(k, v)));
      if (close) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      byte[] body = r.body();
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    } catch (RuntimeException e) {
      // Committed already, or the connection is gone: nothing more can be said to this client.
      callback.failed(e);
    }
  }

  @Override
  public synchronized void close() {
    timers.shutdownNow();
    routePool.shutdownNow();
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        log.accept("stopping the HTTP server failed: " + e.getClass().getSimpleName());
      }
    }
  }
}

package org.studybot.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stand-in for Slack's Web API on loopback: records every call ({@code chat.postMessage},
 * {@code chat.postEphemeral}, {@code views.publish}, response URLs...), answers {@code auth.test}
 * and {@code apps.connections.open}, exchanges OAuth codes it was told of ({@code oauth.v2.access},
 * {@link #installable}), and plays scripted failures (429 with {@code Retry-After},
 * 5xx, {@code ok:false}, a stall past the client's timeout). The soak driver reuses it with an
 * observer and no history, so a long run keeps nothing per call. Thread-safe.
 */
public final class FakeSlackApi implements AutoCloseable {
  static final String BOT_USER = "UBOT";
  static final String BOT_ID = "BBOT";

  /** One request the bot made: the method (or {@code respond/<id>}), its parameters and raw body. */
  public record Call(String method, Map<String, String> params, JsonObject json, String authorization) {
    public String param(String name) {
      if (params.containsKey(name)) {
        return params.get(name);
      }
      return json != null && json.has(name) && !json.get(name).isJsonNull()
          ? (json.get(name).isJsonPrimitive() ? json.get(name).getAsString() : json.get(name).toString())
          : null;
    }

    /** Everything the call carried, for "contains" checks. */
    public String all() {
      return params + " " + (json == null ? "" : json.toString());
    }
  }

  /** A scripted answer. */
  public record Canned(int status, String retryAfter, String body, CountDownLatch stallUntil) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-slack-api");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final List<Call> history = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Canned>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Outage> outages = new ConcurrentHashMap<>();
  private final List<Call> delivered = new CopyOnWriteArrayList<>();
  private final Map<String, String> oauthCodes = new ConcurrentHashMap<>();

  /** A time-bounded failure: every call of a method gets {@code answer} until {@code untilNanos}. */
  private record Outage(long untilNanos, Canned answer) {}
  private final Consumer<Call> observer;
  private final boolean keepHistory;
  private volatile Function<Call, String> socketUrls = call -> "ws://127.0.0.1:1/";
  private volatile long delayNanos;

  /** A fake that keeps every call for {@link #await} and {@link #calls}. */
  FakeSlackApi() throws IOException {
    this(call -> {}, true);
  }

  /**
   * @param observer told of each call that gets the normal answer (no script, no outage), on the
   *     server's threads
   * @param keepHistory whether calls are kept for {@link #await} and {@link #calls}
   */
  public FakeSlackApi(Consumer<Call> observer, boolean keepHistory) throws IOException {
    this.observer = observer;
    this.keepHistory = keepHistory;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The Web API base URL to give the bot ({@code SLACK_API_URL}). */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** A response URL the bot may post to. */
  public String responseUrl(String id) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/respond/" + id;
  }

  void socketUrl(String url) {
    socketUrls = call -> url;
  }

  /**
   * The URL each {@code apps.connections.open} call gets, from the call (its app token in {@link
   * Call#authorization()}): Slack issues a fresh one, with a one-time ticket, per call.
   */
  void socketUrls(Function<Call, String> urls) {
    socketUrls = urls;
  }

  /** The next answers for {@code method}, in order; afterwards the default. */
  void script(String method, Canned... answers) {
    Deque<Canned> q = scripts.computeIfAbsent(method, m -> new ConcurrentLinkedDeque<>());
    for (Canned c : answers) {
      q.add(c);
    }
  }

  /**
   * For {@code length} from now, every call of a method that starts with {@code method} ({@code
   * chat.postMessage}, or {@code respond/} for every response URL) gets {@code answer} (a 429 for
   * 10 s, say), ahead of any script.
   */
  public void outage(String method, Duration length, Canned answer) {
    outages.put(method, new Outage(System.nanoTime() + length.toNanos(), answer));
  }

  /**
   * Answers every call that gets the normal answer {@code delay} late, as a distant or loaded Web
   * API does: the replica benchmark makes the Web API the bottleneck with it. Zero: at once.
   */
  public void delay(Duration delay) {
    delayNanos = delay.toNanos();
  }

  /** Ends the outage of {@code method} now (one given a long length, lasting however many tries). */
  public void restore(String method) {
    outages.remove(method);
  }

  /**
   * Makes {@code code} exchangeable once through {@code oauth.v2.access} (by the app {@code
   * clientId}/{@code clientSecret}) for a bot token of workspace {@code team}, installed by
   * {@code installer}, as Slack answers it.
   */
  void installable(String code, String clientId, String clientSecret, String team, String teamName, String botToken,
      String botUser, String installer) {
    JsonObject r = new JsonObject();
    r.addProperty("ok", true);
    r.addProperty("app_id", "A1");
    JsonObject authed = new JsonObject();
    authed.addProperty("id", installer);
    r.add("authed_user", authed);
    r.addProperty("scope", "app_mentions:read,chat:write,commands,im:history");
    r.addProperty("token_type", "bot");
    r.addProperty("access_token", botToken);
    r.addProperty("bot_user_id", botUser);
    JsonObject t = new JsonObject();
    t.addProperty("id", team);
    t.addProperty("name", teamName);
    r.add("team", t);
    r.add("enterprise", com.google.gson.JsonNull.INSTANCE);
    r.addProperty("is_enterprise_install", false);
    oauthCodes.put(code, clientId + ":" + clientSecret + "\n" + r);
  }

  /** The answer to {@code oauth.v2.access}: the code's installation, once, to its own app only. */
  private String oauthAccess(Call call) {
    String code = call.param("code");
    String id = call.param("client_id");
    String secret = call.param("client_secret");
    String auth = call.authorization();
    if (auth != null && auth.startsWith("Basic ")) {
      String pair = new String(java.util.Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
      id = pair.substring(0, pair.indexOf(':'));
      secret = pair.substring(pair.indexOf(':') + 1);
    }
    String entry = code == null ? null : oauthCodes.get(code);
    if (entry == null) {
      return "{\"ok\":false,\"error\":\"invalid_code\"}";
    }
    int nl = entry.indexOf('\n');
    if (!entry.substring(0, nl).equals(id + ":" + secret)) {
      return "{\"ok\":false,\"error\":\"invalid_client_id\"}";
    }
    oauthCodes.remove(code);
    return entry.substring(nl + 1);
  }

  /** Calls of {@code method} that got the normal, successful answer (no script, no outage). */
  public List<Call> delivered(String method) {
    return delivered.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Waits for the next call matching {@code which}; calls skipped on the way stay in the history. */
  Call await(Predicate<Call> which) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Call c = calls.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (c == null) {
        throw new AssertionError("no matching call to the fake Slack API within 20 s; saw " + methods());
      }
      if (which.test(c)) {
        return c;
      }
    }
  }

  Call await(String method) throws InterruptedException {
    return await(c -> c.method().equals(method));
  }

  /** Calls of {@code method} so far. */
  List<Call> calls(String method) {
    return history.stream().filter(c -> c.method().equals(method)).toList();
  }

  List<String> methods() {
    return history.stream().map(Call::method).toList();
  }

  /** Forgets calls seen so far. */
  void clear() {
    calls.clear();
    history.clear();
    delivered.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = path.startsWith("/api/") ? path.substring(5) : path.substring(1);
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String ct = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
      Map<String, String> params = new LinkedHashMap<>();
      JsonObject json = null;
      if (ct.contains("json") || body.startsWith("{")) {
        json = JsonParser.parseString(body).getAsJsonObject();
      } else {
        for (String pair : body.split("&")) {
          if (!pair.isEmpty()) {
            int eq = pair.indexOf('=');
            params.put(
                URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      Call call = new Call(method, params, json, ex.getRequestHeaders().getFirst("Authorization"));
      Canned canned = null;
      for (Map.Entry<String, Outage> o : outages.entrySet()) {
        if (method.startsWith(o.getKey()) && System.nanoTime() - o.getValue().untilNanos() < 0) {
          canned = o.getValue().answer();
        }
      }
      if (canned == null) {
        Deque<Canned> script = scripts.get(method);
        canned = script == null ? null : script.poll();
      }
      if (canned != null && canned.stallUntil() != null) {
        try {
          canned.stallUntil().await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (keepHistory) {
        if (canned == null) {
          // Before the call is announced, so a waiter that sees it finds it delivered.
          delivered.add(call);
        }
        history.add(call);
        calls.add(call);
      }
      if (canned == null && delayNanos > 0) {
        // A slow Web API: this exchange's thread is held, as Slack holds the caller's connection.
        java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
      }
      if (canned == null) {
        // The observer (the soak's ledger) hears of calls that got through, not of scripted failures.
        observer.accept(call);
      }
      if (canned != null) {
        if (canned.retryAfter() != null) {
          ex.getResponseHeaders().set("Retry-After", canned.retryAfter());
        }
        send(ex, canned.status(), canned.body());
        return;
      }
      send(ex, 200, method.equals("oauth.v2.access") ? oauthAccess(call) : defaultAnswer(call));
    }
  }

  private String defaultAnswer(Call call) {
    String method = call.method();
    return switch (method) {
      case "auth.test" -> "{\"ok\":true,\"url\":\"https://t.slack.example/\",\"team\":\"Test\",\"user\":\"studybot\","
          + "\"team_id\":\"T1\",\"user_id\":\"" + BOT_USER + "\",\"bot_id\":\"" + BOT_ID + "\"}";
      case "apps.connections.open" -> "{\"ok\":true,\"url\":\"" + socketUrls.apply(call) + "\"}";
      case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}";
      default -> method.startsWith("respond/") ? "ok" : "{\"ok\":true}";
    };
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json; charset=utf-8" : "text/plain");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  public static Canned status(int status, String retryAfter) {
    return new Canned(status, retryAfter, "{\"ok\":false,\"error\":\"http_" + status + "\"}", null);
  }

  public static Canned error(String error) {
    return new Canned(200, null, "{\"ok\":false,\"error\":\"" + error + "\"}", null);
  }

  public static Canned stall(CountDownLatch until) {
    return new Canned(200, null, "{\"ok\":true}", until);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  /** The calls recorded, for messages. */
  @Override
  public String toString() {
    return new ArrayList<>(methods()).toString();
  }
}

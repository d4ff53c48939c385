package org.studybot.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server's limits, tried on raw sockets as a slow or hostile client would. */
class HttpServerTest {
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<HttpServer> servers = new ArrayList<>();
  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    servers.forEach(HttpServer::close);
  }

  private HttpServer start(HttpSettings settings, HttpRoute echo, HealthCheck... checks) throws IOException {
    HttpServer s = new HttpServer(settings, log::add).route("/echo", echo);
    for (int i = 0; i < checks.length; i++) {
      s.health("part" + i, checks[i]);
    }
    servers.add(s);
    return s.start();
  }

  private static HttpSettings fast() {
    return HttpSettings.defaults(0)
        .withBindAddress("127.0.0.1")
        .withTimeouts(Duration.ofMillis(800), Duration.ofMillis(800), Duration.ofSeconds(5));
  }

  private static HttpRoute echo() {
    return r -> HttpResponse.text(200, r.method() + " " + r.path() + " " + r.rawQuery() + " " + r.bodyText().length()
        + " " + r.header("x-test"));
  }

  private Socket open(HttpServer s) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port());
    socket.setSoTimeout(10_000);
    sockets.add(socket);
    return socket;
  }

  /** Sends {@code request} whole and reads the whole response (the server closes or sends its length). */
  private String exchange(HttpServer s, String request) throws IOException {
    try (Socket socket = open(s)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return readResponse(socket.getInputStream());
    }
  }

  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    boolean isHead = false;
    byte[] body = head.toString().startsWith("HTTP") && !isHead ? in.readNBytes(length) : new byte[0];
    return head + new String(body, StandardCharsets.UTF_8);
  }

  /** Whether the server closes the socket (reads end) within {@code within}. */
  private static boolean closedWithin(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // Drain a 408 or whatever comes before the close.
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Test
  void routesByPathAndReadsTheWholeRequest() throws Exception {
    HttpServer s = start(fast(), echo());
    String r = exchange(s, "POST /echo?a=1 HTTP/1.1\r\nHost: x\r\nX-Test: yes\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assertTrue(r.startsWith("HTTP/1.1 200"), r);
    assertTrue(r.endsWith("POST /echo a=1 5 yes"), r);
    assertTrue(exchange(s, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 404"));
  }

  @Test
  void healthComposesEveryCheckAndAnswersHead() throws Exception {
    AtomicBoolean slackUp = new AtomicBoolean(true);
    HttpServer s = start(fast(), echo(),
        () -> new HealthCheck.Status(true, "10 articles"),
        () -> new HealthCheck.Status(slackUp.get(), slackUp.get() ? "connected" : "Slack connection down"));
    String ok = exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
    JsonObject json = JsonParser.parseString(ok.substring(ok.indexOf("\r\n\r\n") + 4)).getAsJsonObject();
    assertEquals("ok", json.get("status").getAsString());
    assertTrue(json.getAsJsonObject("checks").getAsJsonObject("part0").get("ready").getAsBoolean());
    assertEquals("connected", json.getAsJsonObject("checks").getAsJsonObject("part1").get("detail").getAsString());

    slackUp.set(false);
    String down = exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(down.startsWith("HTTP/1.1 503"), down);
    assertTrue(down.contains("\"detail\":\"Slack connection down; 10 articles\""), down);

    String head = exchange(s, "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(head.startsWith("HTTP/1.1 503"), head);
    assertFalse(head.contains("{"), "HEAD has no body: " + head);
    assertTrue(exchange(s, "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .startsWith("HTTP/1.1 405"));
  }

  @Test
  void refusesBodiesOverTheLimit() throws Exception {
    HttpServer s = start(fast(), echo());
    String big = exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (HttpSettings.MAX_BODY_BYTES + 1)
        + "\r\n\r\n");
    assertTrue(big.startsWith("HTTP/1.1 413"), big);
    // Chunked, so the length is only known as it arrives.
    try (Socket socket = open(s)) {
      OutputStream out = socket.getOutputStream();
      out.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      String size = Integer.toHexString(chunk.length) + "\r\n";
      try {
        for (int i = 0; i < 17; i++) {
          out.write(size.getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException closedOnUs) {
        // The server may stop reading once it has said no.
      }
      String r = readResponse(socket.getInputStream());
      assertTrue(r.startsWith("HTTP/1.1 413"), r);
    }
  }

  @Test
  void cutsOffASlowHeadAndASlowBody() throws Exception {
    HttpServer s = start(fast(), echo());
    Socket slowHead = open(s);
    slowHead.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    Socket slowBody = open(s);
    slowBody.getOutputStream().write(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
    assertTrue(closedWithin(slowHead, Duration.ofSeconds(5)), "a slow head was not cut off");
    assertTrue(closedWithin(slowBody, Duration.ofSeconds(5)), "a slow body was not cut off");
    assertEquals(2, s.cutOff());
    assertTrue(log.stream().anyMatch(l -> l.contains("no complete request head within")), log.toString());
    assertTrue(log.stream().anyMatch(l -> l.contains("body not complete within")), log.toString());
  }

  @Test
  void healthAndRoutesAnswerWhileSlowClientsHoldConnections() throws Exception {
    HttpServer s = start(fast().withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(30)),
        echo(), () -> new HealthCheck.Status(true, "fine"));
    for (int i = 0; i < 12; i++) {
      Socket slow = open(s);
      String start = i % 2 == 0 ? "POST /echo HTTP/1.1\r\nHost: x\r\n" : "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab";
      slow.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
    }
    long t0 = System.nanoTime();
    assertTrue(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
    String r = exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
    assertTrue(r.endsWith("POST /echo  2 null"), r);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 3_000, "answered in " + ms + " ms beside 12 slow clients");
  }

  @Test
  void healthAnswersWhileEveryRouteThreadIsBusyAndAFullQueueGets503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(2);
    HttpSettings few = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(5),
        Duration.ofSeconds(30), 64, 2, 0, HttpSettings.MAX_BODY_BYTES);
    HttpServer s = start(few, r -> {
      busy.countDown();
      release.await(20, TimeUnit.SECONDS);
      return HttpResponse.text(200, "done");
    }, () -> new HealthCheck.Status(true, "fine"));
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Socket c = open(s);
        c.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        held.add(c);
      }
      assertTrue(busy.await(10, TimeUnit.SECONDS));
      assertTrue(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
      String refused = exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertTrue(refused.startsWith("HTTP/1.1 503") && refused.contains("Retry-After: 1"), refused);
    } finally {
      release.countDown();
    }
    for (Socket c : held) {
      assertTrue(readResponse(c.getInputStream()).startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void theConnectionLimitHoldsAndTheHeaderTimeoutFreesItsSlots() throws Exception {
    HttpSettings two = new HttpSettings("127.0.0.1", 0, Duration.ofMillis(800), Duration.ofSeconds(5),
        Duration.ofSeconds(30), 2, 2, 2, HttpSettings.MAX_BODY_BYTES);
    HttpServer s = start(two, echo(), () -> new HealthCheck.Status(true, "fine"));
    Socket idle1 = open(s);
    Socket idle2 = open(s);
    // A third connection waits in the accept queue: nobody reads its request while two are open...
    Socket third = open(s);
    long t0 = System.nanoTime();
    third.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    // ...until the header timeout closes the two silent ones; then it is served.
    String r = readResponse(third.getInputStream());
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(r.startsWith("HTTP/1.1 200"), r);
    assertTrue(waitedMs >= 500, "served after " + waitedMs + " ms: the limit of 2 connections did not hold");
    assertTrue(closedWithin(idle1, Duration.ofSeconds(5)) && closedWithin(idle2, Duration.ofSeconds(5)));
    assertTrue(s.cutOff() >= 2, "cut off: " + s.cutOff());
  }

  @Test
  void aRouteThatThrowsGets500AndTheLogNamesNoBody() throws Exception {
    HttpServer s = start(fast(), r -> {
      throw new IllegalStateException(r.bodyText());
    });
    String r = exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret");
    assertTrue(r.startsWith("HTTP/1.1 500"), r);
    assertFalse(r.contains("secret"));
    assertTrue(log.stream().anyMatch(l -> l.contains("IllegalStateException")), log.toString());
    assertTrue(log.stream().noneMatch(l -> l.contains("secret")), log.toString());
  }

  @Test
  void aTakenPortIsNamedInTheError() throws Exception {
    HttpServer first = start(fast(), echo());
    HttpSettings same = new HttpSettings("127.0.0.1", first.port(), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 8, 1, 1, 1024);
    HttpServer second = new HttpServer(same, log::add);
    servers.add(second);
    IOException e = assertThrows(IOException.class, second::start);
    assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
  }

  @Test
  void theHttpSectionIsReadAndABadValueNamed() throws Exception {
    HttpSettings d = HttpSettings.from(org.studybot.config.BotConfig.defaults().section("http"), 3000);
    assertEquals(HttpSettings.defaults(3000), d);
    HttpSettings set = HttpSettings.from(org.studybot.config.BotConfig.builder().set("http.bind_address", "127.0.0.1")
        .set("http.header_timeout", "2s").build().section("http"), 0);
    assertEquals("127.0.0.1", set.bindAddress());
    assertEquals(Duration.ofSeconds(2), set.headerTimeout());
    org.studybot.config.ConfigException e = assertThrows(org.studybot.config.ConfigException.class,
        () -> HttpSettings.from(org.studybot.config.BotConfig.builder().set("http.body_timeout", "0s").build()
            .section("http"), 0));
    assertTrue(e.getMessage().contains("http.body_timeout") && e.getMessage().contains("above zero"), e.getMessage());
  }

  @Test
  void settingsNameTheBadValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HttpSettings("", 70000, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, 1, 1));
    assertTrue(e.getMessage().contains("70000"), e.getMessage());
    assertEquals("0.0.0.0", HttpSettings.defaults(3000).host());
    assertEquals("[::1]", HttpSettings.defaults(3000).withBindAddress("::1").host());
  }
}

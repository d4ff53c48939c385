package org.studybot.slack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts to the bot's HTTP endpoint on loopback as Slack does: signed with HMAC-SHA256 over {@code
 * v0:timestamp:body}. Thread-safe (the soak driver shares one across its senders).
 */
public final class SignedClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String secret;

  /** A client signing with the tests' secret ({@link SlackFixture#SIGNING_SECRET}). */
  SignedClient(int port) {
    this(port, SlackFixture.SIGNING_SECRET);
  }

  public SignedClient(int port, String secret) {
    this.port = port;
    this.secret = secret;
  }

  static String signature(String secret, String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
    return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  /** A correctly signed request at {@code at}. */
  public HttpResponse<String> post(String body, boolean json, Instant at, Map<String, String> extra) throws Exception {
    HttpRequest.Builder b = signed(body, json, at);
    extra.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A correctly signed request at {@code at}, sent without waiting for the answer: for open-loop
   * load (the Slack benchmark sends on a schedule, whatever the bot's pace).
   */
  public CompletableFuture<HttpResponse<String>> postAsync(String body, boolean json, Instant at) throws Exception {
    return http.sendAsync(signed(body, json, at).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder signed(String body, boolean json, Instant at) throws Exception {
    String ts = Long.toString(at.getEpochSecond());
    return request(body, json)
        .header("X-Slack-Request-Timestamp", ts)
        .header("X-Slack-Signature", signature(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** A request with whatever headers the caller gives (forged, unsigned...). */
  HttpResponse<String> raw(String body, boolean json, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = request(body, json);
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String body, boolean json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + EventsRoute.PATH))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }
}

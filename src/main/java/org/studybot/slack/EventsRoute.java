package org.studybot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.studybot.ops.HttpRequest;
import org.studybot.ops.HttpResponse;
import org.studybot.ops.HttpRoute;

/**
 * Slack's HTTP mode as a route of the bot's server: {@code POST /slack/events} (events, slash
 * commands, interactivity), each request's signature checked before Bolt sees it. The server has
 * already bounded the body's size and the time it took to arrive. Request bodies are never logged.
 * Thread-safe.
 */
final class EventsRoute implements HttpRoute {
  /** Where Slack posts. */
  static final String PATH = "/slack/events";

  private final App app;
  private final SignatureCheck signatures;
  private final SlackRequestParser parser;
  private final Consumer<String> log;

  EventsRoute(App app, SignatureCheck signatures, Consumer<String> log) {
    this.app = app;
    this.signatures = signatures;
    this.parser = new SlackRequestParser(app.config());
    this.log = log;
  }

  @Override
  public HttpResponse handle(HttpRequest ex) {
    if (!ex.method().equals("POST")) {
      return new HttpResponse(405, "text/plain; charset=utf-8", Map.of("Allow", List.of("POST")),
          "use POST".getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = ex.body();
    SignatureCheck.Result verdict =
        signatures.check(ex.header("X-Slack-Request-Timestamp"), ex.header("X-Slack-Signature"), body);
    if (verdict != SignatureCheck.Result.OK) {
      log.accept("refused a request from " + ex.remoteAddress() + " (signature check: "
          + verdict.name().toLowerCase(Locale.ROOT) + ")");
      return HttpResponse.text(401, "invalid request");
    }
    Map<String, List<String>> headers = new HashMap<>();
    ex.headers().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    Request<?> request =
        parser.parse(
            SlackRequestParser.HttpRequest.builder()
                .requestUri(PATH)
                .queryString(query(ex.rawQuery()))
                .headers(new RequestHeaders(headers))
                .requestBody(new String(body, StandardCharsets.UTF_8))
                .remoteAddress(ex.remoteAddress())
                .build());
    Response response;
    try {
      response = app.run(request);
    } catch (NotRecorded e) {
      // Not acknowledged: Slack sends it again (the store has logged why, once).
      return HttpResponse.text(503, "try again");
    } catch (Exception e) {
      log.accept("a " + request.getRequestType() + " request failed: " + e.getClass().getSimpleName());
      return HttpResponse.text(500, "internal error");
    }
    Map<String, List<String>> out = new HashMap<>();
    if (response.getHeaders() != null) {
      response.getHeaders().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) {
          out.put(k, List.copyOf(v));
        }
      });
    }
    String ct = response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType();
    if (!ct.contains("charset")) {
      ct = ct + "; charset=utf-8";
    }
    byte[] b = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(response.getStatusCode() == null ? 200 : response.getStatusCode(), ct, out, b);
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
}

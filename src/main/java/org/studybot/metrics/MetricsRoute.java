package org.studybot.metrics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.studybot.ops.HttpRequest;
import org.studybot.ops.HttpResponse;
import org.studybot.ops.HttpRoute;

/** {@code GET /metrics} (and {@code HEAD}): the Prometheus text format. Thread-safe. */
public final class MetricsRoute implements HttpRoute {
  /** Where Prometheus scrapes. */
  public static final String PATH = "/metrics";

  /** The text format's media type, as Prometheus asks for it. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMetrics metrics;

  public MetricsRoute(PrometheusMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return new HttpResponse(405, "text/plain; charset=utf-8", Map.of("Allow", List.of("GET, HEAD")),
          "GET or HEAD only\n".getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(200, CONTENT_TYPE, Map.of("Cache-Control", List.of("no-store")),
        request.method().equals("HEAD") ? new byte[0] : body);
  }
}

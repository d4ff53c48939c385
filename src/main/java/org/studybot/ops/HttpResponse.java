package org.studybot.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers. Immutable and thread-safe.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type}, with its charset where it has one
 * @param headers further headers to send
 * @param body the response body; empty for none
 */
public record HttpResponse(int status, String contentType, Map<String, List<String>> headers, byte[] body) {

  public HttpResponse {
    Objects.requireNonNull(contentType, "contentType");
    headers = Map.copyOf(headers);
    body = body == null ? new byte[0] : body.clone();
  }

  /** A plain-text response. */
  public static HttpResponse text(int status, String text) {
    return new HttpResponse(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON response; {@code json} must already be valid JSON. */
  public static HttpResponse json(int status, String json) {
    return new HttpResponse(status, "application/json; charset=utf-8", Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}

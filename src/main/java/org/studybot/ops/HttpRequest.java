package org.studybot.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as a route sees it: already read whole (the server bounds its size and the time
 * it may take to arrive). Immutable and thread-safe.
 *
 * @param method the request method, upper case ({@code GET}, {@code POST}, ...)
 * @param path the decoded path, without the query ({@code /slack/events})
 * @param rawQuery the query string as sent, without {@code ?}; empty when there is none
 * @param headers header values by name; look names up with {@link #header(String)}, which ignores
 *     case
 * @param body the request body; empty when there is none
 * @param remoteAddress the peer's IP address, for logs
 */
public record HttpRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    String remoteAddress) {

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    rawQuery = rawQuery == null ? "" : rawQuery;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(h);
    body = body == null ? new byte[0] : body.clone();
    remoteAddress = remoteAddress == null ? "" : remoteAddress;
  }

  /** The first value of a header, whatever the case of its name, or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}

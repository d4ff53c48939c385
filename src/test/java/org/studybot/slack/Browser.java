package org.studybot.slack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A browser on loopback for the OAuth install tests: GETs a bot's path, with a cookie when given. */
final class Browser {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** GETs {@code path} on the bot at {@code port}, sending {@code cookie} when it is not null. */
  HttpResponse<String> get(int port, String path, String cookie) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (cookie != null) {
      r.header("Cookie", cookie);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}

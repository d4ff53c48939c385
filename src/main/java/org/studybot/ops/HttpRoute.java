package org.studybot.ops;

/**
 * Serves one path of the bot's HTTP server ({@code /slack/events}, {@code /metrics}, a webhook).
 * The server has read the whole request within its limits before calling; a route only decides
 * the answer. Implementations are thread-safe: the server calls them from many threads.
 */
@FunctionalInterface
public interface HttpRoute {
  /**
   * Answers one request. An exception becomes a 500 whose body names no detail (the server logs
   * the exception's class, never the request body).
   */
  HttpResponse handle(HttpRequest request) throws Exception;
}

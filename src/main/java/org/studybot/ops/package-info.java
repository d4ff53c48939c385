/**
 * Operations: the bot's HTTP server and what it serves besides Slack ({@code /healthz}; {@code
 * metrics} adds {@code /metrics}, {@code source} the push webhook). Front ends and other capabilities plug in an {@link org.studybot.ops.HttpRoute}
 * for a path; the server owns sockets, threads and timeouts, so no route can starve another.
 *
 * <p>Start with {@link org.studybot.ops.HttpServer} (Jetty 12: the limits, the timeouts and
 * {@code /healthz}), then {@link org.studybot.ops.HttpRoute} (what a route is), {@link
 * org.studybot.ops.HealthCheck} (what {@code /healthz} reports) and {@link
 * org.studybot.ops.HttpSettings} (bind address, port, limits).
 */
package org.studybot.ops;

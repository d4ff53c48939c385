/**
 * Operations: the bot's HTTP server and what it serves besides Slack (health, and later metrics
 * and webhooks). Front ends and other capabilities plug in an {@link org.studybot.ops.HttpRoute}
 * for a path; the server owns sockets, threads and timeouts, so no route can starve another.
 *
 * <p>Start with {@link org.studybot.ops.HttpRoute} (what a route is), then {@link
 * org.studybot.ops.HealthCheck} (what {@code /healthz} reports).
 */
package org.studybot.ops;

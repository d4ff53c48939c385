/**
 * Metrics: what the bot has done and what it holds, for Prometheus at {@code GET /metrics}.
 * Components report through the small {@link org.studybot.metrics.Metrics} interface; {@link
 * org.studybot.metrics.Metrics#NONE} records nothing (the shell, tests, {@code metrics.enabled:
 * false}) and {@link org.studybot.metrics.PrometheusMetrics} keeps them in Micrometer's Prometheus
 * registry, served by {@link org.studybot.metrics.MetricsRoute}.
 *
 * <p>Every name starts with {@code studybot_} and carries its unit ({@code _seconds}, {@code
 * _bytes}, {@code _total}); labels take only a few values each (status, front end, subject of the
 * corpus, Web API method, outcome): never question text, user, channel or team ids.
 *
 * <p>Start with {@link org.studybot.metrics.Metrics}; {@link org.studybot.metrics.MetricsSettings}
 * is the {@code metrics} section of the configuration.
 */
package org.studybot.metrics;

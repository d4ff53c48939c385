package org.studybot.metrics;

import org.studybot.config.ConfigException;
import org.studybot.config.Section;

/**
 * The {@code metrics} section of the configuration. Immutable and thread-safe.
 *
 * @param enabled whether {@code GET /metrics} is served and meters are kept ({@code
 *     metrics.enabled})
 * @param port a separate management port for {@code /metrics} only, or 0 to serve it on the bot's
 *     own port ({@code metrics.port})
 */
public record MetricsSettings(boolean enabled, int port) {
  public MetricsSettings {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("metrics.port: " + port + " is not a port from 0 to 65535");
    }
  }

  /** On, on the bot's own port. */
  public static MetricsSettings defaults() {
    return new MetricsSettings(true, 0);
  }

  /** Reads the {@code metrics} section. */
  public static MetricsSettings from(Section s) throws ConfigException {
    return new MetricsSettings(s.bool("enabled"), s.integer("port", 0, 65_535));
  }

  /** The metrics these settings ask for: Prometheus when enabled, else {@link Metrics#NONE}. */
  public Metrics create() {
    return enabled ? new PrometheusMetrics() : Metrics.NONE;
  }
}

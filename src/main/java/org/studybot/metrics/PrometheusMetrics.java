package org.studybot.metrics;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.studybot.ops.HttpRoute;

/**
 * {@link Metrics} in Micrometer's Prometheus registry, with the JVM's and the process's own
 * meters; {@link #scrape()} gives the Prometheus text format. Every meter's name is prefixed with
 * {@code studybot_} (the JVM's too: {@code studybot_jvm_memory_used_bytes}). Thread-safe.
 *
 * <p>Labels are kept few: a subject outside the corpus's subjects, and any front end, method,
 * outcome or retried-work name beyond the first {@value #MAX_VALUES} seen, are counted as {@code
 * other}, so a bug or a hostile input cannot grow the series without bound.
 */
public final class PrometheusMetrics implements Metrics, AutoCloseable {
  /** The most distinct values a label takes before further ones become {@code other}. */
  static final int MAX_VALUES = 50;

  /** Latency buckets: a cached reply takes well under a millisecond, a cold semantic one tens. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)
  };

  private static final Set<String> OUTCOMES = Set.of("ok", "rate_limited", "error", "http_error", "failed", "rejected");

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
  private volatile Predicate<String> subjects = s -> false;
  private final List<Object> held = new CopyOnWriteArrayList<>();
  private final MultiGauge corpusInfo;

  /** A registry with the JVM's and the process's meters bound. */
  public PrometheusMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(prefix());
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    corpusInfo = MultiGauge.builder("studybot.corpus.info")
        .description("Always 1, labelled with the commit the corpus serving now was read at (none: a local directory)")
        .register(registry);
  }

  private static MeterFilter prefix() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith("studybot.") ? id : id.withName("studybot." + id.getName());
      }
    };
  }

  @Override
  public Optional<HttpRoute> route() {
    return Optional.of(new MetricsRoute(this));
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void question(String frontEnd, String status, String subject, Duration latency) {
    String fe = bounded("front_end", frontEnd);
    String s = subject == null || subject.isEmpty() ? "none" : subjects.test(subject) ? bounded("subject", subject) : "other";
    Counter.builder("studybot.questions")
        .description("Messages answered, by front end, status (answered, unsure, none, chat) and subject")
        .tags("front_end", fe, "status", bounded("status", status), "subject", s)
        .register(registry)
        .increment();
    Timer.builder("studybot.answer.latency")
        .description("Time to answer a message, from question to reply (before it is posted)")
        .tags("front_end", fe)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(latency);
  }

  @Override
  public void feedback(boolean helpful) {
    Counter.builder("studybot.feedback")
        .description("Thumbs on answers")
        .tags("vote", helpful ? "up" : "down")
        .register(registry)
        .increment();
  }

  @Override
  public void slackCall(String method, String outcome) {
    Counter.builder("studybot.slack.api.calls")
        .description("Slack Web API call attempts, by method and outcome (rate_limited is an HTTP 429)")
        .tags("method", bounded("method", method), "outcome", OUTCOMES.contains(outcome) ? outcome : "other")
        .register(registry)
        .increment();
  }

  @Override
  public void reload(boolean swapped, Duration took) {
    Timer.builder("studybot.reload.duration")
        .description("Content loads and reloads, by result (swapped: a new corpus serves; kept: the old one still does)")
        .tags("result", swapped ? "swapped" : "kept")
        .register(registry)
        .record(took);
  }

  @Override
  public void watchCorpus(DoubleSupplier articles, DoubleSupplier version, Predicate<String> subjects) {
    this.subjects = subjects;
    Gauge.builder("studybot.corpus.articles", articles, DoubleSupplier::getAsDouble).strongReference(true)
        .description("Articles in the corpus serving now")
        .register(registry);
    Gauge.builder("studybot.corpus.version", version, DoubleSupplier::getAsDouble).strongReference(true)
        .description("Version of the corpus serving now (one more per reload)")
        .register(registry);
  }

  @Override
  public void corpusCommit(String commit) {
    // One series at a time: the old commit's is dropped, so the label cannot pile up.
    corpusInfo.register(List.of(MultiGauge.Row.of(Tags.of("commit", commit == null || commit.isEmpty() ? "none" : commit), 1)), true);
  }

  @Override
  public void watchReplyCache(Supplier<CacheStats> stats, DoubleSupplier size) {
    held.add(stats); // function counters hold what they read weakly
    FunctionCounter.builder("studybot.reply.cache.requests", stats, s -> s.get().hitCount())
        .description("Reply cache look-ups (Caffeine's statistics)")
        .tags("result", "hit")
        .register(registry);
    FunctionCounter.builder("studybot.reply.cache.requests", stats, s -> s.get().missCount())
        .description("Reply cache look-ups (Caffeine's statistics)")
        .tags("result", "miss")
        .register(registry);
    FunctionCounter.builder("studybot.reply.cache.evictions", stats, s -> s.get().evictionCount())
        .description("Replies evicted from the cache (size or age)")
        .register(registry);
    Gauge.builder("studybot.reply.cache.hit.ratio", stats, s -> s.get().hitRate()).strongReference(true)
        .description("Share of reply cache look-ups that were hits, since start (Caffeine's statistics)")
        .register(registry);
    Gauge.builder("studybot.reply.cache.size", size, DoubleSupplier::getAsDouble).strongReference(true)
        .description("Replies in the cache (estimated)")
        .register(registry);
  }

  @Override
  public void watch(Backlog backlog, DoubleSupplier size) {
    Gauge.builder(backlog.meter, size, DoubleSupplier::getAsDouble).strongReference(true).description(backlog.help).register(registry);
  }

  @Override
  public void watchHeld(String what, DoubleSupplier held, DoubleSupplier dropped) {
    Gauge.builder("studybot.store.held", held, DoubleSupplier::getAsDouble).strongReference(true)
        .description("Writes held in memory while the store cannot write, by kind")
        .tags("what", bounded("what", what))
        .register(registry);
    this.held.add(dropped); // function counters hold what they read weakly
    FunctionCounter.builder("studybot.store.held.dropped", dropped, DoubleSupplier::getAsDouble)
        .description("Writes dropped while the store could not write: no room left to hold them")
        .tags("what", bounded("what", what))
        .register(registry);
  }

  @Override
  public void retried(String what) {
    Counter.builder("studybot.retries")
        .description("Work tried again after a failure, by kind")
        .tags("what", bounded("what", what))
        .register(registry)
        .increment();
  }

  /** {@code value}, or {@code other} once {@code label} has {@value #MAX_VALUES} other values. */
  private String bounded(String label, String value) {
    String v = value == null || value.isEmpty() ? "none" : value;
    Set<String> values = seen.computeIfAbsent(label, k -> ConcurrentHashMap.newKeySet());
    if (values.contains(v)) {
      return v;
    }
    synchronized (values) {
      if (values.size() >= MAX_VALUES) {
        return "other";
      }
      values.add(v);
      return v;
    }
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

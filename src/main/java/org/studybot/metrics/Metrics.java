package org.studybot.metrics;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Where the bot reports what it does. Every method is quick, never throws and is safe to call from
 * any thread; values that already live elsewhere (the corpus, the reply cache, queues) are read
 * when scraped through the suppliers given to the {@code watch...} methods, not pushed.
 */
public interface Metrics extends AutoCloseable {
  /** Records nothing: the shell, the command line and tests that do not look at metrics. */
  Metrics NONE = new Metrics() {};

  /** A question's outcome, for the label {@code status}: answered, unsure, none, or chat. */
  String CHAT = "chat";

  /**
   * One message answered.
   *
   * @param frontEnd where it came from ({@code slack-mention}, {@code slack-ask}, {@code shell}, ...)
   * @param status answered, unsure, none, or {@value #CHAT} for greetings and other non-questions
   * @param subject the subject of the answer, or empty; values outside the corpus's subjects are
   *     counted as {@code other}
   * @param latency the time spent answering
   */
  default void question(String frontEnd, String status, String subject, Duration latency) {}

  /** A 👍 ({@code helpful}) or 👎 on an answer. */
  default void feedback(boolean helpful) {}

  /**
   * One attempt at a Slack Web API call (or a response URL post).
   *
   * @param method the API method ({@code chat.postMessage}, {@code response_url}, ...)
   * @param outcome {@code ok}, {@code rate_limited} (HTTP 429), {@code error} (Slack said
   *     {@code ok:false}), {@code http_error} (another HTTP status), {@code failed} (no answer: a
   *     timeout, a refused connection) or {@code rejected} (the bot's own queue was full)
   */
  default void slackCall(String method, String outcome) {}

  /** One load or reload of the content: whether it swapped in a new corpus, and how long it took. */
  default void reload(boolean swapped, Duration took) {}

  /**
   * The corpus serving now, read at each scrape.
   *
   * @param articles the article count (0 before the first load)
   * @param version the corpus version (it grows by one per reload)
   * @param subjects whether a label value is one of the corpus's subjects
   */
  default void watchCorpus(DoubleSupplier articles, DoubleSupplier version, java.util.function.Predicate<String> subjects) {}

  /** The commit (short id) the corpus serving now was read at, or {@code none} for a local directory. */
  default void corpusCommit(String commit) {}

  /**
   * The reply cache, read at each scrape from Caffeine's own statistics.
   *
   * @param stats the cache's {@link CacheStats} (all zero unless its spec has {@code recordStats})
   * @param size the estimated number of cached replies
   */
  default void watchReplyCache(Supplier<CacheStats> stats, DoubleSupplier size) {}

  /** A queue or backlog, read at each scrape. */
  default void watch(Backlog backlog, DoubleSupplier size) {}

  /**
   * Writes held in memory while the store cannot write, read at each scrape.
   *
   * @param what which ({@code votes}, {@code unanswered}): a label value
   * @param held how many are held now
   * @param dropped how many were dropped since start (no room to hold them)
   */
  default void watchHeld(String what, DoubleSupplier held, DoubleSupplier dropped) {}

  /** One piece of work tried again (an intake event or a Web API call after a failure). */
  default void retried(String what) {}

  /** The route that serves these metrics ({@code GET /metrics}), if they are kept. */
  default Optional<org.studybot.ops.HttpRoute> route() {
    return Optional.empty();
  }

  /** Stops reading the JVM's meters. */
  @Override
  default void close() {}

  /** A backlog whose size the bot reports (or, for {@link #EMBEDDING_PHASE}, a stage it is at). */
  enum Backlog {
    /** Articles waiting for their sentence embedding (of their full text). */
    EMBEDDING("studybot.embedding.backlog", "articles waiting for their sentence embedding"),
    /** Where matching by meaning stands, as a number (see {@code SemanticStatus.level}). */
    EMBEDDING_PHASE("studybot.embedding.phase",
        "matching: 0 words alone, 1 words while embedding, 2 words and quick meaning, 3 words and meaning"),
    /** Slack events accepted and queued, not yet being answered. */
    INTAKE_QUEUE("studybot.intake.queue.depth", "events accepted and queued, not yet being answered"),
    /** Slack events accepted and not yet answered (queued, in progress, or left from the last run). */
    INTAKE_PENDING("studybot.intake.pending", "events accepted and not yet answered");

    final String meter;
    final String help;

    Backlog(String meter, String help) {
      this.meter = meter;
      this.help = help;
    }
  }
}

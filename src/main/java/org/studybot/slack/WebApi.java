package org.studybot.slack;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.MDC;
import org.studybot.metrics.Metrics;
import org.studybot.reply.BlockKitRenderer.Message;

/**
 * The Web API calls the bot makes, run off the request thread on a bounded pool, tried again when
 * Slack has a bad moment. A call that fails with a 5xx, a connection error, a timeout or one of
 * Slack's transient errors ({@code internal_error}, {@code fatal_error}, {@code
 * service_unavailable}, {@code request_timeout}) is tried again after an exponential backoff with
 * jitter (about 0.5 s, 1 s, 2 s, ... up to 30 s); a 429 is tried again after its {@code
 * Retry-After} (plus up to a tenth, so waiters spread out). Retrying stops after {@link
 * #MAX_ATTEMPTS} tries or once the next try would start more than {@link #BUDGET} after the
 * first; then the failure is logged and reported in the returned future, never thrown, so a Slack
 * outage cannot kill a handler. The waits run on a scheduler, not on a pool thread.
 *
 * <p><b>After a read timeout the call is tried again, so a message may be posted twice.</b> A
 * request that timed out after it was sent may or may not have reached Slack, and {@code
 * chat.postMessage} has no idempotency key, so the bot must choose between a possible duplicate
 * and a possible loss. It chooses the duplicate: a question the bot has acknowledged is one Slack
 * will never send again, so a lost answer is lost for good and the student is left waiting, while
 * a duplicate is visible, harmless and rare (it needs Slack to accept a post and then not answer
 * within {@link SlackSettings#apiTimeout()}). Errors before the request was sent (connection
 * refused, unknown host) are retried with no such risk. Errors that say the call itself is wrong
 * ({@code channel_not_found}, {@code invalid_blocks}, a 4xx) are not retried.
 *
 * <p>Each call is made with the token of the workspace current when it is made ({@link Workspace},
 * {@link BotTokens}); a workspace that has not installed the app gets no call ({@code
 * not_installed}). Tasks and the replies to calls run with the workspace that was current when
 * they were handed over, so a follow-up call goes to the same workspace.
 *
 * <p>Nothing logged here carries a token, a response URL or a message body. Thread-safe.
 */
final class WebApi {
  /** Tries per call, at most. */
  static final int MAX_ATTEMPTS = 20;

  /** No retry starts later than this after the first try. */
  static final Duration BUDGET = Duration.ofMinutes(2);

  /** Slack's {@code ok:false} errors that say "try again later". */
  static final java.util.Set<String> TRANSIENT =
      java.util.Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited");

  private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
  /**
   * Slack's {@code parse} mode for every message: only the markup the bot wrote ({@code <url|label>})
   * is acted on; names, channels and URLs in the text are left as text.
   */
  static final String NO_PARSING = "none";
  private static final Duration MAX_RETRY = Duration.ofMinutes(2);

  /** Runs a task after a delay (a scheduler in production; tests record the delay). */
  @FunctionalInterface
  interface Later {
    void run(Duration delay, Runnable task);
  }

  /**
   * How a call ended. Immutable and thread-safe.
   *
   * @param ok whether Slack accepted it
   * @param error Slack's error code, {@code http_<status>}, or the exception's class name
   * @param retryable whether trying again later may succeed (Slack was down or slow past the
   *     retries here); false when the call itself is wrong
   */
  record Outcome(boolean ok, String error, boolean retryable) {
    static final Outcome OK = new Outcome(true, "", false);

    /** A failure that trying again will not mend. */
    static Outcome refused(String error) {
      return new Outcome(false, error, false);
    }

    /** A failure that a later try may mend. */
    static Outcome unavailable(String error) {
      return new Outcome(false, error, true);
    }
  }

  @FunctionalInterface
  private interface Call {
    Outcome run() throws IOException, SlackApiException, Retry;
  }

  /** A failure worth another try: a 429 (with its {@code Retry-After}), a 5xx or a transient error. */
  private static final class Retry extends Exception {
    private static final long serialVersionUID = 1L;
    final String error;
    final String retryAfter;

    Retry(String error, String retryAfter) {
      super(error, null, false, false);
      this.error = error;
      this.retryAfter = retryAfter;
    }
  }

  private final Slack slack;
  private final BotTokens tokens;
  private final ExecutorService workers;
  private final Later later;
  private final Backoff backoff;
  private final LongSupplier nanos;
  private final Consumer<String> log;
  private volatile Consumer<Duration> onRateLimited = wait -> {};
  private volatile Metrics metrics = Metrics.NONE;

  WebApi(Slack slack, String botToken, ExecutorService workers, Later later, Consumer<String> log) {
    this(slack, BotTokens.single(botToken), workers, later, log);
  }

  /** As above, each call made with the token of the workspace it is for. */
  WebApi(Slack slack, BotTokens tokens, ExecutorService workers, Later later, Consumer<String> log) {
    this(slack, tokens, workers, later,
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> ThreadLocalRandom.current().nextDouble()),
        System::nanoTime, log);
  }

  /** As above, with the backoff and the time source given (tests). */
  WebApi(Slack slack, String botToken, ExecutorService workers, Later later, Backoff backoff, LongSupplier nanos,
      Consumer<String> log) {
    this(slack, BotTokens.single(botToken), workers, later, backoff, nanos, log);
  }

  /** As above, with the tokens by workspace. */
  WebApi(Slack slack, BotTokens tokens, ExecutorService workers, Later later, Backoff backoff, LongSupplier nanos,
      Consumer<String> log) {
    this.slack = slack;
    this.tokens = tokens;
    this.workers = workers;
    this.later = later;
    this.backoff = backoff;
    this.nanos = nanos;
    this.log = log;
  }

  /**
   * Told of every 429's wait ({@code Retry-After}), so whoever paces the calls can hold back all of
   * them, not just the one that was refused.
   */
  void onRateLimited(Consumer<Duration> listener) {
    this.onRateLimited = listener;
  }

  /** Counts every try of every call from now on in {@code m}. */
  void metrics(Metrics m) {
    metrics = m;
  }

  /** Runs {@code task} on the pool; a full pool is logged, not thrown. */
  void submit(String what, Runnable task) {
    // The event's id and team (MDC) go with the task, so its log lines carry them.
    Map<String, String> context = MDC.getCopyOfContextMap();
    Workspace workspace = Workspace.current();
    try {
      workers.execute(
          () -> {
            if (context != null) {
              MDC.setContextMap(context);
            }
            try {
              Workspace.run(workspace, task);
            } catch (RuntimeException e) {
              log.accept(what + " failed: " + e);
            } finally {
              MDC.clear();
            }
          });
    } catch (RejectedExecutionException e) {
      log.accept(what + " dropped: the bot is overloaded or shutting down");
    }
  }

  CompletableFuture<Outcome> postMessage(String channel, String threadTs, Message m) {
    return callWithToken(
        "chat.postMessage",
        methods ->
            () -> outcome(
                methods.chatPostMessage(
                    r -> r.channel(channel).threadTs(threadTs).text(m.text()).blocksAsString(m.blocksJson())
                        .unfurlLinks(false).unfurlMedia(false).parse(NO_PARSING).linkNames(false))));
  }

  CompletableFuture<Outcome> postEphemeral(String channel, String user, String threadTs, Message m) {
    return callWithToken(
        "chat.postEphemeral",
        methods ->
            () -> outcome(
                methods.chatPostEphemeral(
                    r -> r.channel(channel).user(user).threadTs(threadTs).text(m.text()).blocksAsString(m.blocksJson())
                        .parse(NO_PARSING).linkNames(false))));
  }

  CompletableFuture<Outcome> publishHome(String user, String viewJson) {
    return callWithToken(
        "views.publish", methods -> () -> outcome(methods.viewsPublish(r -> r.userId(user).viewAsString(viewJson))));
  }

  /**
   * Posts to an interaction's response URL: {@code response_type} {@code ephemeral} or {@code
   * in_channel}, {@code replace_original}, and the message.
   */
  CompletableFuture<Outcome> respond(String responseUrl, String responseType, boolean replaceOriginal, Message m) {
    JsonObject body = new JsonObject();
    body.addProperty("response_type", responseType);
    body.addProperty("replace_original", replaceOriginal);
    body.addProperty("text", m.text());
    body.add("blocks", m.blocks());
    // A shared answer goes to the whole channel: no previews of whatever it links to, and no
    // names or URLs in the text turned into mentions or links.
    body.addProperty("unfurl_links", false);
    body.addProperty("unfurl_media", false);
    body.addProperty("parse", NO_PARSING);
    body.addProperty("link_names", false);
    return respond(responseUrl, body);
  }

  CompletableFuture<Outcome> respond(String responseUrl, JsonObject body) {
    if (responseUrl == null || responseUrl.isBlank()) {
      return CompletableFuture.completedFuture(Outcome.refused("no_response_url"));
    }
    return call(
        "response_url",
        () -> {
          WebhookResponse r = slack.send(responseUrl, body.toString());
          int code = r.getCode() == null ? 0 : r.getCode();
          if (code == 429) {
            throw new Retry("http_429", header(r.getHeaders(), "Retry-After"));
          }
          if (code >= 500) {
            throw new Retry("http_" + code, null);
          }
          return code / 100 == 2 ? Outcome.OK : Outcome.refused("http_" + code);
        });
  }

  private static String header(Map<String, List<String>> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (var e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private static Outcome outcome(SlackApiTextResponse r) throws Retry {
    if (r.isOk()) {
      return Outcome.OK;
    }
    String error = r.getError() == null ? "unknown_error" : r.getError();
    if (TRANSIENT.contains(error)) {
      throw new Retry(error, null);
    }
    return Outcome.refused(error);
  }

  /**
   * A call with the bot token of the current workspace; none when that workspace has not
   * installed the app (or removed it), which is logged with its team id only.
   */
  private CompletableFuture<Outcome> callWithToken(
      String method, java.util.function.Function<MethodsClient, Call> call) {
    Workspace w = Workspace.current();
    java.util.Optional<BotTokens.Bot> bot = tokens.bot(w);
    if (bot.isEmpty()) {
      log.accept(method + " not made: team " + (w == null ? "unknown" : w.label()) + " has not installed the app");
      return CompletableFuture.completedFuture(Outcome.refused("not_installed"));
    }
    return call(method, call.apply(slack.methods(bot.get().token())));
  }

  private CompletableFuture<Outcome> call(String method, Call call) {
    Workspace w = Workspace.current();
    CompletableFuture<Outcome> f = new CompletableFuture<>();
    attempt(method, call, 1, 0, nanos.getAsLong(), f);
    if (w == null) {
      return f;
    }
    // What the caller chains on the outcome (a notice when a post fails) runs for the same workspace.
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    f.whenComplete((o, e) -> Workspace.run(w, () -> {
      if (e != null) {
        out.completeExceptionally(e);
      } else {
        out.complete(o);
      }
    }));
    return out;
  }

  /**
   * @param attempt this try's number, from 1
   * @param errors failures so far other than 429s: the backoff grows with these alone, since a
   *     429 says itself how long to wait
   */
  private void attempt(String method, Call call, int attempt, int errors, long first, CompletableFuture<Outcome> f) {
    try {
      workers.execute(() -> once(method, call, attempt, errors, first, f));
    } catch (RejectedExecutionException e) {
      log.accept(method + " dropped: the bot is overloaded or shutting down");
      metrics.slackCall(method, "rejected");
      f.complete(Outcome.unavailable("rejected"));
    }
  }

  private void once(String method, Call call, int attempt, int errors, long first, CompletableFuture<Outcome> f) {
    String error;
    Duration wait;
    try {
      Outcome o = call.run();
      metrics.slackCall(method, o.ok() ? "ok" : "error");
      if (!o.ok()) {
        log.accept(method + " failed: " + o.error());
      } else if (attempt > 1) {
        log.accept(method + " delivered on try " + attempt);
      }
      f.complete(o);
      return;
    } catch (SlackApiException e) {
      int code = e.getResponse() == null ? 0 : e.getResponse().code();
      error = "http_" + code;
      metrics.slackCall(method, code == 429 ? "rate_limited" : "http_error");
      if (code == 429) {
        wait = backoff.atLeast(retryDelay(e.getResponse().header("Retry-After")));
        onRateLimited.accept(wait);
      } else if (code >= 500) {
        wait = backoff.delay(errors + 1);
      } else {
        log.accept(method + " failed: HTTP " + code);
        f.complete(Outcome.refused(error));
        return;
      }
    } catch (Retry e) {
      error = e.error;
      metrics.slackCall(method, e.error.equals("http_429") ? "rate_limited" : e.error.startsWith("http_") ? "http_error" : "error");
      wait = e.error.equals("http_429") ? backoff.atLeast(retryDelay(e.retryAfter)) : backoff.delay(errors + 1);
      if (e.error.equals("http_429")) {
        onRateLimited.accept(wait);
      }
    } catch (IOException e) {
      // Refused, reset, timed out: the message names no secret. A read timeout may mean Slack did
      // post it; trying again may then post it twice (see the class comment for why).
      error = e.getClass().getSimpleName();
      wait = backoff.delay(errors + 1);
      metrics.slackCall(method, "failed");
    } catch (RuntimeException e) {
      metrics.slackCall(method, "failed");
      // An answer the SDK could not parse: trying again would not change it.
      log.accept(method + " failed: " + e.getClass().getSimpleName());
      f.complete(Outcome.refused(e.getClass().getSimpleName()));
      return;
    }
    long startsAt = nanos.getAsLong() - first + wait.toNanos();
    if (attempt >= MAX_ATTEMPTS || startsAt > BUDGET.toNanos()) {
      log.accept(method + " failed: " + error + " after " + attempt + " tries over "
          + Duration.ofNanos(nanos.getAsLong() - first).toSeconds() + " s; giving up");
      f.complete(Outcome.unavailable(error));
      return;
    }
    log.accept(method + ": " + error + " on try " + attempt + "; trying again in "
        + String.format(java.util.Locale.ROOT, "%.1f", wait.toMillis() / 1000.0) + " s");
    metrics.retried("slack_api");
    int nextErrors = error.equals("http_429") ? errors : errors + 1;
    later.run(wait, () -> attempt(method, call, attempt + 1, nextErrors, first, f));
  }

  /** The wait a {@code Retry-After} header asks for (seconds), within sane bounds. */
  static Duration retryDelay(String header) {
    if (header == null) {
      return DEFAULT_RETRY;
    }
    try {
      long s = Long.parseLong(header.strip());
      return s < 0 ? DEFAULT_RETRY : s > MAX_RETRY.toSeconds() ? MAX_RETRY : Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY;
    }
  }
}

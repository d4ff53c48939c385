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
import java.util.function.Consumer;
import org.studybot.reply.BlockKitRenderer.Message;

/**
 * The Web API calls the bot makes, run off the request thread on a bounded pool. A call that is
 * rate limited (HTTP 429) is tried again after its {@code Retry-After}, up to {@link
 * #MAX_ATTEMPTS} times; any other failure (an {@code ok:false} error, a 5xx, a timeout) is logged
 * and reported in the returned future, never thrown, so a Slack outage cannot kill a handler.
 * Nothing logged here carries a token, a response URL or a message body. Thread-safe.
 */
final class WebApi {
  /** Tries per call when rate limited. */
  static final int MAX_ATTEMPTS = 4;

  private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
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
   */
  record Outcome(boolean ok, String error) {
    static final Outcome OK = new Outcome(true, "");
  }

  @FunctionalInterface
  private interface Call {
    Outcome run() throws IOException, SlackApiException, RateLimited;
  }

  /** A 429 from a response URL, which has no exception of its own. */
  private static final class RateLimited extends Exception {
    private static final long serialVersionUID = 1L;
    final String retryAfter;

    RateLimited(String retryAfter) {
      super("rate limited", null, false, false);
      this.retryAfter = retryAfter;
    }
  }

  private final Slack slack;
  private final MethodsClient methods;
  private final ExecutorService workers;
  private final Later later;
  private final Consumer<String> log;

  WebApi(Slack slack, String botToken, ExecutorService workers, Later later, Consumer<String> log) {
    this.slack = slack;
    this.methods = slack.methods(botToken);
    this.workers = workers;
    this.later = later;
    this.log = log;
  }

  /** Runs {@code task} on the pool; a full pool is logged, not thrown. */
  void submit(String what, Runnable task) {
    try {
      workers.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.accept(what + " failed: " + e);
            }
          });
    } catch (RejectedExecutionException e) {
      log.accept(what + " dropped: the bot is overloaded or shutting down");
    }
  }

  CompletableFuture<Outcome> postMessage(String channel, String threadTs, Message m) {
    return call(
        "chat.postMessage",
        () ->
            outcome(
                methods.chatPostMessage(
                    r -> r.channel(channel).threadTs(threadTs).text(m.text()).blocksAsString(m.blocksJson())
                        .unfurlLinks(false).unfurlMedia(false))));
  }

  CompletableFuture<Outcome> postEphemeral(String channel, String user, String threadTs, Message m) {
    return call(
        "chat.postEphemeral",
        () ->
            outcome(
                methods.chatPostEphemeral(
                    r -> r.channel(channel).user(user).threadTs(threadTs).text(m.text()).blocksAsString(m.blocksJson()))));
  }

  CompletableFuture<Outcome> publishHome(String user, String viewJson) {
    return call("views.publish", () -> outcome(methods.viewsPublish(r -> r.userId(user).viewAsString(viewJson))));
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
    // A shared answer goes to the whole channel: no previews of whatever it links to.
    body.addProperty("unfurl_links", false);
    body.addProperty("unfurl_media", false);
    return respond(responseUrl, body);
  }

  CompletableFuture<Outcome> respond(String responseUrl, JsonObject body) {
    if (responseUrl == null || responseUrl.isBlank()) {
      return CompletableFuture.completedFuture(new Outcome(false, "no_response_url"));
    }
    return call(
        "response_url",
        () -> {
          WebhookResponse r = slack.send(responseUrl, body.toString());
          int code = r.getCode() == null ? 0 : r.getCode();
          if (code == 429) {
            throw new RateLimited(header(r.getHeaders(), "Retry-After"));
          }
          return code / 100 == 2 ? Outcome.OK : new Outcome(false, "http_" + code);
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

  private static Outcome outcome(SlackApiTextResponse r) {
    return r.isOk() ? Outcome.OK : new Outcome(false, r.getError() == null ? "unknown_error" : r.getError());
  }

  private CompletableFuture<Outcome> call(String method, Call call) {
    CompletableFuture<Outcome> f = new CompletableFuture<>();
    attempt(method, call, 1, f);
    return f;
  }

  private void attempt(String method, Call call, int attempt, CompletableFuture<Outcome> f) {
    try {
      workers.execute(() -> once(method, call, attempt, f));
    } catch (RejectedExecutionException e) {
      log.accept(method + " dropped: the bot is overloaded or shutting down");
      f.complete(new Outcome(false, "rejected"));
    }
  }

  private void once(String method, Call call, int attempt, CompletableFuture<Outcome> f) {
    String retryAfter;
    try {
      Outcome o = call.run();
      if (!o.ok()) {
        log.accept(method + " failed: " + o.error());
      }
      f.complete(o);
      return;
    } catch (SlackApiException e) {
      int code = e.getResponse() == null ? 0 : e.getResponse().code();
      if (code != 429) {
        log.accept(method + " failed: HTTP " + code);
        f.complete(new Outcome(false, "http_" + code));
        return;
      }
      retryAfter = e.getResponse().header("Retry-After");
    } catch (RateLimited e) {
      retryAfter = e.retryAfter;
    } catch (IOException | RuntimeException e) {
      // Timeouts, refused connections, unparseable responses: the message names no secret.
      log.accept(method + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      f.complete(new Outcome(false, e.getClass().getSimpleName()));
      return;
    }
    if (attempt >= MAX_ATTEMPTS) {
      log.accept(method + " failed: still rate limited after " + attempt + " attempts");
      f.complete(new Outcome(false, "ratelimited"));
      return;
    }
    Duration wait = retryDelay(retryAfter);
    log.accept(method + " rate limited; trying again in " + wait.toSeconds() + " s");
    later.run(wait, () -> attempt(method, call, attempt + 1, f));
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

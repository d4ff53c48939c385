package org.studybot.slack;

import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.MiddlewareOps;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import java.util.Optional;
import java.util.function.Consumer;
import org.studybot.store.StoreException;

/**
 * The Bolt middleware in front of every handler: makes the request's workspace current ({@link
 * Workspace}) while it is handled, and, when workspaces install through OAuth, lets through only
 * requests from a workspace that has installed the app, with that workspace's bot in Bolt's
 * context. A request from any other workspace is acknowledged (so Slack does not send it again)
 * but not answered, and logged with its team id only. {@code app_uninstalled} and {@code
 * tokens_revoked} always pass: they remove an installation. When the installation cannot be read
 * (the store is down, or the token was encrypted under another key) the request gets 503, so Slack
 * sends it again. Thread-safe.
 *
 * <p>It takes the place of Bolt's own authorization middleware, which answers a request from an
 * unknown workspace with 401 (Slack then retries it, and counts the failures against the app) and
 * checks every token with {@code auth.test}; the installation already names the bot's user.
 */
final class WorkspaceGate implements Middleware {
  private final BotTokens tokens;
  private final Consumer<String> log;

  WorkspaceGate(BotTokens tokens, Consumer<String> log) {
    this.tokens = tokens;
    this.log = log;
  }

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    Context ctx = req.getContext();
    Workspace w = new Workspace(ctx.getEnterpriseId(), ctx.getTeamId());
    if (tokens.oauth()
        && !MiddlewareOps.isNoAuthRequiredRequest(req.getRequestType())
        && !MiddlewareOps.isNoTokenRequiredRequest(req)) {
      Optional<BotTokens.Bot> bot;
      try {
        bot = tokens.bot(w);
      } catch (StoreException e) {
        // The store is down, or the token was stored under another key: not acknowledged, so
        // Slack sends it again (and an outage loses nothing).
        log.accept("cannot serve team " + w.label() + ": " + e.getMessage());
        return Response.builder().statusCode(503).body("try again").build();
      }
      if (bot.isEmpty()) {
        log.accept("not answered: team " + w.label() + " has not installed the app ("
            + String.valueOf(req.getRequestType()).toLowerCase(java.util.Locale.ROOT) + ")");
        return Response.ok();
      }
      ctx.setBotToken(bot.get().token());
      if (bot.get().botUserId() != null) {
        ctx.setBotUserId(bot.get().botUserId());
      }
    }
    try {
      return Workspace.get(w, () -> next(chain, req));
    } catch (Wrapped e) {
      throw (Exception) e.getCause();
    }
  }

  private static Response next(MiddlewareChain chain, Request req) {
    try {
      return chain.next(req);
    } catch (Exception e) {
      throw new Wrapped(e);
    }
  }

  /** Carries a handler's checked exception out of {@link Workspace#get}. */
  private static final class Wrapped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Wrapped(Exception cause) {
      super(cause);
    }
  }
}

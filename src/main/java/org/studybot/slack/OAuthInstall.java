package org.studybot.slack;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.studybot.ops.HttpRequest;
import org.studybot.ops.HttpResponse;
import org.studybot.ops.HttpRoute;
import org.studybot.reply.Mrkdwn;
import org.studybot.store.Installation;
import org.studybot.store.Installations;
import org.studybot.store.OAuthStates;

/**
 * Installing the app in many workspaces through Slack's OAuth flow ({@code SLACK_CLIENT_ID} and
 * {@code SLACK_CLIENT_SECRET}): {@code GET /slack/install} sends the browser to Slack's consent
 * page with a one-time {@code state} (kept in the store, so the way back may reach any replica,
 * and in a cookie, so only the browser that started the install can finish it); {@code GET
 * /slack/oauth_redirect} checks both, exchanges the code with {@code oauth.v2.access} (on {@code
 * SLACK_API_URL} when set) and saves the installation, its token encrypted. The installing user
 * becomes an admin of that workspace. {@code app_uninstalled} and {@code tokens_revoked} (for the
 * bot) remove it. Nothing logged names a token, a code or a state. Thread-safe.
 */
final class OAuthInstall {
  /** Where an install starts. */
  static final String INSTALL_PATH = "/slack/install";

  /** Where Slack sends the browser back (the app's redirect URL ends in this). */
  static final String REDIRECT_PATH = "/slack/oauth_redirect";

  /** Slack's consent page. */
  static final String AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize";

  /** The bot scopes the app asks for: what the manifest asks for, no more. */
  static final List<String> BOT_SCOPES = List.of("app_mentions:read", "chat:write", "commands", "im:history");

  /** How long an install may take between the two steps. */
  static final Duration STATE_TTL = Duration.ofMinutes(10);

  static final String COOKIE = "studybot_oauth_state";

  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final Slack slack;
  private final OAuthStates states;
  private final Installations installations;
  private final BotTokens tokens;
  private final Clock clock;
  private final Consumer<String> log;

  /**
   * @param redirectUri the redirect URL to send Slack, or null for the one in the app's settings
   * @param tokens the same installations as {@code installations}, as the bot reads them (removals
   *     go through it, so this replica forgets a removed workspace at once)
   */
  OAuthInstall(String clientId, String clientSecret, String redirectUri, Slack slack, OAuthStates states,
      Installations installations, BotTokens tokens, Clock clock, Consumer<String> log) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.slack = slack;
    this.states = states;
    this.installations = installations;
    this.tokens = tokens;
    this.clock = clock;
    this.log = log;
  }

  /** The two routes, by path. */
  Map<String, HttpRoute> routes() {
    return Map.of(INSTALL_PATH, this::install, REDIRECT_PATH, this::redirect);
  }

  /** Removes a workspace's installation when Slack says the app was uninstalled or its bot token revoked. */
  void handleRemovals(App app) {
    app.event(AppUninstalledEvent.class, (payload, ctx) -> {
      remove(new Workspace(payload.getEnterpriseId(), payload.getTeamId()), "app_uninstalled");
      return ctx.ack();
    });
    app.event(TokensRevokedEvent.class, (payload, ctx) -> {
      TokensRevokedEvent.Tokens t = payload.getEvent().getTokens();
      if (t != null && t.getBot() != null && !t.getBot().isEmpty()) {
        remove(new Workspace(payload.getEnterpriseId(), payload.getTeamId()), "tokens_revoked");
      }
      return ctx.ack();
    });
  }

  private void remove(Workspace w, String why) {
    boolean removed = tokens.remove(w);
    log.accept(why + ": team " + w.label() + (removed ? " removed" : " had no installation"));
  }

  private HttpResponse install(HttpRequest req) {
    if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
      return HttpResponse.text(405, "use GET");
    }
    String state = states.issue(STATE_TTL);
    StringBuilder url = new StringBuilder(AUTHORIZE_URL)
        .append("?client_id=").append(enc(clientId))
        .append("&scope=").append(enc(String.join(",", BOT_SCOPES)))
        .append("&state=").append(enc(state));
    if (redirectUri != null) {
      url.append("&redirect_uri=").append(enc(redirectUri));
    }
    return new HttpResponse(302, "text/plain; charset=utf-8",
        Map.of("Location", List.of(url.toString()),
            "Set-Cookie", List.of(COOKIE + "=" + state + "; Path=/slack; Max-Age=" + STATE_TTL.toSeconds()
                + "; HttpOnly; Secure; SameSite=Lax"),
            "Cache-Control", List.of("no-store")),
        "Redirecting to Slack…".getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse redirect(HttpRequest req) {
    if (!req.method().equals("GET")) {
      return HttpResponse.text(405, "use GET");
    }
    Map<String, String> q = query(req.rawQuery());
    if (q.containsKey("error")) {
      log.accept("an install was not finished: Slack said " + q.get("error"));
      return page(200, "Not installed", "StudyBot was not installed (" + q.get("error") + ").",
          "Start again");
    }
    String state = q.get("state");
    String code = q.get("code");
    String cookie = cookie(req.header("Cookie"), COOKIE);
    if (state == null || code == null || cookie == null || !cookie.equals(state) || !states.consume(state)) {
      log.accept("refused an install's return from " + req.remoteAddress() + ": "
          + (state == null || code == null ? "no state or code"
              : cookie == null ? "not started in this browser"
              : !cookie.equals(state) ? "state does not match this browser's" : "state unknown, used or expired"));
      return page(400, "Install link expired", "This install link has expired or was already used.",
          "Start again");
    }
    OAuthV2AccessResponse r;
    try {
      r = slack.methods().oauthV2Access(b -> {
        b.clientId(clientId).clientSecret(clientSecret).code(code);
        return redirectUri == null ? b : b.redirectUri(redirectUri);
      });
    } catch (IOException | SlackApiException e) {
      log.accept("oauth.v2.access failed: " + e.getClass().getSimpleName());
      return page(502, "Slack did not answer", "Slack could not be reached to finish the install.", "Try again");
    }
    if (!r.isOk() || r.getAccessToken() == null || !"bot".equals(r.getTokenType())) {
      String error = r.isOk() ? "no bot token" : r.getError();
      log.accept("oauth.v2.access refused the install: " + error);
      return page(400, "Not installed", "Slack refused the install (" + error + ").", "Start again");
    }
    Installation i = installation(r);
    try {
      installations.save(i);
    } catch (RuntimeException e) {
      log.accept("could not save the installation of team " + new Workspace(i.enterpriseId(), i.teamId()).label()
          + ": " + e.getMessage());
      return page(500, "Not installed", "The installation could not be saved. Please try again later.", "Try again");
    }
    log.accept("installed in team " + new Workspace(i.enterpriseId(), i.teamId()).label() + " by "
        + i.installerUserId());
    return page(200, "Installed", "StudyBot is installed in " + (i.teamName() == null ? "your workspace" : i.teamName())
        + ". Mention @StudyBot in a channel, or send it a direct message.", null);
  }

  private Installation installation(OAuthV2AccessResponse r) {
    Instant now = clock.instant();
    String enterprise = r.getEnterprise() == null ? null : r.getEnterprise().getId();
    String team = r.getTeam() == null ? null : r.getTeam().getId();
    String teamName = r.getTeam() == null ? null : r.getTeam().getName();
    return new Installation(
        enterprise,
        r.isEnterpriseInstall() ? null : team,
        teamName,
        r.getAppId(),
        null,
        r.getBotUserId(),
        r.getScope(),
        r.getAccessToken(),
        r.getRefreshToken(),
        r.getExpiresIn() == null ? null : now.plusSeconds(r.getExpiresIn()),
        r.getAuthedUser() == null ? null : r.getAuthedUser().getId(),
        r.isEnterpriseInstall(),
        now);
  }

  private static HttpResponse page(int status, String title, String text, String again) {
    String link = again == null ? "" : "<p><a href=\"" + INSTALL_PATH + "\">" + html(again) + "</a></p>";
    String body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>StudyBot: " + html(title)
        + "</title></head><body><h1>" + html(title) + "</h1><p>" + html(text) + "</p>" + link + "</body></html>";
    return new HttpResponse(status, "text/html; charset=utf-8",
        Map.of("Cache-Control", List.of("no-store"), "Set-Cookie",
            List.of(COOKIE + "=; Path=/slack; Max-Age=0; HttpOnly; Secure; SameSite=Lax")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String html(String s) {
    return Mrkdwn.escape(s).replace("\"", "&quot;");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      q.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  /** A cookie's value from a {@code Cookie} header, or null. */
  static String cookie(String header, String name) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.strip();
      if (p.startsWith(name + "=")) {
        String v = p.substring(name.length() + 1);
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }
}

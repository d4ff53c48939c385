package org.studybot.source;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.studybot.ops.HttpRequest;
import org.studybot.ops.HttpResponse;
import org.studybot.ops.HttpRoute;

/**
 * {@code POST /webhooks/content}: a push notification from the repository's host, turned into a
 * reload. Immutable and thread-safe.
 *
 * <p>Verified either way the hosts sign: GitHub's {@code X-Hub-Signature-256} (HMAC-SHA256 of the
 * raw body keyed with {@code STUDYBOT_WEBHOOK_SECRET}) or GitLab's {@code X-Gitlab-Token} (the
 * secret itself); both compared in constant time. An unsigned or badly signed request gets 401 and
 * is logged with its sender and reason, never its body. Only pushes to the branch served trigger a
 * reload (202); a push to another branch, or another event, is acknowledged and ignored (202), and
 * GitHub's {@code ping} gets 200.
 */
public final class ContentWebhook implements HttpRoute {
  /** Where the route is served. */
  public static final String PATH = "/webhooks/content";

  private final byte[] secret;
  private final Supplier<String> branch;
  private final Runnable onPush;
  private final Consumer<String> log;

  /**
   * @param secret {@code STUDYBOT_WEBHOOK_SECRET}
   * @param branch the branch served now ({@code ""} when not known yet: the push's default branch)
   * @param onPush runs for each accepted push to that branch (a {@link PushCoalescer#push()})
   * @param log told about each request: sender, outcome; never the body or the secret
   */
  public ContentWebhook(String secret, Supplier<String> branch, Runnable onPush, Consumer<String> log) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the content webhook needs a secret (STUDYBOT_WEBHOOK_SECRET)");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.branch = Objects.requireNonNull(branch, "branch");
    this.onPush = Objects.requireNonNull(onPush, "onPush");
    this.log = log;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    if (!request.method().equals("POST")) {
      return new HttpResponse(405, "text/plain; charset=utf-8", java.util.Map.of("Allow", java.util.List.of("POST")),
          "POST only\n".getBytes(StandardCharsets.UTF_8));
    }
    String who = "content webhook from " + (request.remoteAddress().isEmpty() ? "?" : request.remoteAddress());
    String denied = verify(request);
    if (denied != null) {
      log.accept(who + ": rejected (401): " + denied + " (body not logged)");
      return HttpResponse.text(401, "unauthorized\n");
    }
    String githubEvent = request.header("X-GitHub-Event");
    String gitlabEvent = request.header("X-Gitlab-Event");
    if ("ping".equals(githubEvent)) {
      log.accept(who + ": ping");
      return HttpResponse.text(200, "pong\n");
    }
    boolean push = "push".equals(githubEvent) || "Push Hook".equals(gitlabEvent)
        || (githubEvent == null && gitlabEvent == null);
    if (!push) {
      String event = githubEvent != null ? githubEvent : gitlabEvent;
      log.accept(who + ": " + event + " event ignored");
      return HttpResponse.text(202, "ignored: not a push\n");
    }
    JsonObject payload;
    try {
      payload = payload(request);
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      log.accept(who + ": rejected (400): the push payload is not JSON with a \"ref\"");
      return HttpResponse.text(400, "expected a push payload: JSON with \"ref\"\n");
    }
    String ref = text(payload.get("ref"));
    if (ref == null) {
      log.accept(who + ": rejected (400): the push payload has no \"ref\"");
      return HttpResponse.text(400, "expected a push payload: JSON with \"ref\"\n");
    }
    String following = branch.get();
    if (following == null || following.isEmpty()) {
      following = defaultBranch(payload);
    }
    if (following == null || !ref.equals(GitSettings.ref(following))) {
      log.accept(who + ": push to " + ref + " ignored (serving branch " + following + ")");
      return HttpResponse.text(202, "ignored: not the branch served\n");
    }
    log.accept(who + ": push to " + ref + ": reload scheduled");
    onPush.run();
    return HttpResponse.text(202, "reload scheduled\n");
  }

  /** Why the request is not from the host, or {@code null} when it is. */
  private String verify(HttpRequest request) {
    String signature = request.header("X-Hub-Signature-256");
    if (signature != null) {
      String s = signature.strip();
      if (!s.startsWith("sha256=")) {
        return "X-Hub-Signature-256 is not sha256=<hex>";
      }
      byte[] given;
      try {
        given = HexFormat.of().parseHex(s.substring("sha256=".length()).toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return "X-Hub-Signature-256 is not sha256=<hex>";
      }
      return MessageDigest.isEqual(hmac(secret, request.body()), given) ? null : "bad X-Hub-Signature-256";
    }
    String token = request.header("X-Gitlab-Token");
    if (token != null) {
      // Compared as HMACs so that both sides have the same length and the compare leaks nothing.
      byte[] a = hmac(secret, token.getBytes(StandardCharsets.UTF_8));
      byte[] b = hmac(secret, secret);
      return MessageDigest.isEqual(a, b) ? null : "bad X-Gitlab-Token";
    }
    return "unsigned (no X-Hub-Signature-256 or X-Gitlab-Token)";
  }

  /** HMAC-SHA256, as GitHub signs. */
  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static JsonObject payload(HttpRequest request) {
    String type = request.header("Content-Type");
    String body = request.bodyText();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      // GitHub's other content type: payload=<url-encoded JSON>
      for (String pair : body.split("&")) {
        if (pair.startsWith("payload=")) {
          body = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
        }
      }
    }
    return JsonParser.parseString(body).getAsJsonObject();
  }

  private static String defaultBranch(JsonObject payload) {
    for (String holder : new String[] {"repository", "project"}) {
      JsonElement e = payload.get(holder);
      if (e != null && e.isJsonObject()) {
        String b = text(e.getAsJsonObject().get("default_branch"));
        if (b != null) {
          return b;
        }
      }
    }
    return null;
  }

  private static String text(JsonElement e) {
    return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
  }
}

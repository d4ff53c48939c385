package org.studybot.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.answer.Library;
import org.studybot.answer.ReloadReport;
import org.studybot.content.CorpusLoader;
import org.studybot.ops.HttpRequest;
import org.studybot.ops.HttpResponse;
import org.studybot.search.CorpusIndex;

/** The push webhook: signatures checked, other branches ignored, bursts folded into one reload. */
class ContentWebhookTest {
  private static final String SECRET = "webhook-secret-for-tests";
  private static final Duration QUIET = Duration.ofSeconds(3);

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger reloads = new AtomicInteger();
  private final ManualScheduler clock = new ManualScheduler();
  private final PushCoalescer coalescer = new PushCoalescer(QUIET, clock, reloads::incrementAndGet, log::add);
  private final ContentWebhook hook = new ContentWebhook(SECRET, () -> "main", coalescer::push, log::add);

  static String push(String branch) {
    return "{\"ref\":\"refs/heads/" + branch + "\",\"after\":\"1a2b3c4d\",\"repository\":{\"default_branch\":\"main\"},"
        + "\"head_commit\":{\"message\":\"a secret draft title\"}}";
  }

  static HttpRequest github(String body, String signature) {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("X-GitHub-Event", List.of("push"));
    headers.put("Content-Type", List.of("application/json"));
    if (signature != null) {
      headers.put("X-Hub-Signature-256", List.of(signature));
    }
    return new HttpRequest("POST", ContentWebhook.PATH, "", headers, body.getBytes(StandardCharsets.UTF_8), "203.0.113.9");
  }

  static String sign(String secret, String body) {
    return "sha256=" + HexFormat.of().formatHex(
        ContentWebhook.hmac(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
  }

  private HttpRequest gitlab(String body, String token) {
    return new HttpRequest("POST", ContentWebhook.PATH, "",
        Map.of("X-Gitlab-Event", List.of("Push Hook"), "X-Gitlab-Token", List.of(token)),
        body.getBytes(StandardCharsets.UTF_8), "198.51.100.4");
  }

  @Test
  void aGoodGitHubSignatureSchedulesOneReload() throws Exception {
    String body = push("main");
    HttpResponse r = hook.handle(github(body, sign(SECRET, body)));
    assertEquals(202, r.status());
    assertEquals(0, reloads.get(), "not before the quiet window ends");
    clock.advance(QUIET);
    assertEquals(1, reloads.get());
    assertTrue(log.stream().anyMatch(l -> l.contains("from 203.0.113.9: push to refs/heads/main: reload scheduled")), log::toString);
  }

  @Test
  void aBadSignatureIsRefusedAndLoggedWithoutTheBody() throws Exception {
    String body = push("main");
    assertEquals(401, hook.handle(github(body, sign("another-secret", body))).status());
    assertEquals(401, hook.handle(github(body, "sha256=zz")).status());
    assertEquals(401, hook.handle(github(body, "sha1=" + "0".repeat(40))).status());
    String tampered = body.replace("main", "main ");
    assertEquals(401, hook.handle(github(tampered, sign(SECRET, body))).status(), "signature of another body");
    assertEquals(401, hook.handle(github(body, null)).status(), "unsigned");
    clock.advance(QUIET);
    assertEquals(0, reloads.get());
    assertEquals(0, clock.waiting());
    assertEquals(5, log.stream().filter(l -> l.contains("rejected (401)") && l.contains("203.0.113.9")).count(), log::toString);
    assertTrue(log.stream().noneMatch(l -> l.contains("secret draft") || l.contains("refs/heads") || l.contains(SECRET)),
        log::toString);
  }

  @Test
  void gitLabTokenIsCheckedToo() throws Exception {
    assertEquals(202, hook.handle(gitlab(push("main"), SECRET)).status());
    assertEquals(401, hook.handle(gitlab(push("main"), SECRET + "x")).status());
    assertEquals(401, hook.handle(gitlab(push("main"), "")).status());
    clock.advance(QUIET);
    assertEquals(1, reloads.get());
  }

  @Test
  void aPushToAnotherBranchIsIgnored() throws Exception {
    String body = push("drafts");
    HttpResponse r = hook.handle(github(body, sign(SECRET, body)));
    assertEquals(202, r.status());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).startsWith("ignored"));
    clock.advance(QUIET);
    assertEquals(0, reloads.get());
    assertTrue(log.stream().anyMatch(l -> l.contains("push to refs/heads/drafts ignored (serving branch main)")), log::toString);
  }

  @Test
  void pingOtherEventsFormPayloadsAndMethods() throws Exception {
    HttpRequest ping = new HttpRequest("POST", ContentWebhook.PATH, "",
        Map.of("X-GitHub-Event", List.of("ping"), "X-Hub-Signature-256", List.of(sign(SECRET, "{}"))),
        "{}".getBytes(StandardCharsets.UTF_8), "203.0.113.9");
    assertEquals(200, hook.handle(ping).status());
    HttpRequest issue = new HttpRequest("POST", ContentWebhook.PATH, "",
        Map.of("X-GitHub-Event", List.of("issues"), "X-Hub-Signature-256", List.of(sign(SECRET, "{}"))),
        "{}".getBytes(StandardCharsets.UTF_8), "203.0.113.9");
    assertEquals(202, hook.handle(issue).status());
    String form = "payload=" + URLEncoder.encode(push("main"), StandardCharsets.UTF_8);
    HttpRequest formPush = new HttpRequest("POST", ContentWebhook.PATH, "",
        Map.of("X-GitHub-Event", List.of("push"), "Content-Type", List.of("application/x-www-form-urlencoded"),
            "X-Hub-Signature-256", List.of(sign(SECRET, form))),
        form.getBytes(StandardCharsets.UTF_8), "203.0.113.9");
    assertEquals(202, hook.handle(formPush).status());
    String junk = "not json";
    assertEquals(400, hook.handle(github(junk, sign(SECRET, junk))).status());
    assertEquals(405, hook.handle(new HttpRequest("GET", ContentWebhook.PATH, "", Map.of(), null, "")).status());
    clock.advance(QUIET);
    assertEquals(1, reloads.get(), "only the form-encoded push");
  }

  @Test
  void aBurstOfPushesCoalescesIntoOneReload() throws Exception {
    for (int i = 0; i < 5; i++) {
      String body = push("main");
      assertEquals(202, hook.handle(github(body, sign(SECRET, body))).status());
      clock.advance(Duration.ofMillis(500));
    }
    assertEquals(0, reloads.get());
    clock.advance(QUIET);
    assertEquals(1, reloads.get(), "five pushes, one reload");
    assertTrue(log.contains("content pushes (5): reloading"), log::toString);
    String body = push("main");
    hook.handle(github(body, sign(SECRET, body)));
    clock.advance(QUIET);
    assertEquals(2, reloads.get(), "a later push gets its own reload");
  }

  @Test
  void theDefaultBranchComesFromThePushUntilTheSourceKnowsIt() throws Exception {
    ContentWebhook unknown = new ContentWebhook(SECRET, () -> "", coalescer::push, log::add);
    String other = push("drafts");
    assertEquals(202, unknown.handle(github(other, sign(SECRET, other))).status());
    String main = push("main");
    assertEquals(202, unknown.handle(github(main, sign(SECRET, main))).status());
    clock.advance(QUIET);
    assertEquals(1, reloads.get());
  }

  @Test
  void servedByTheBotsHttpServerOnLoopback() throws Exception {
    try (org.studybot.ops.HttpServer server =
        new org.studybot.ops.HttpServer(org.studybot.ops.HttpSettings.defaults(0), log::add)) {
      server.route(ContentWebhook.PATH, hook).start();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.port() + ContentWebhook.PATH);
      String body = push("main");
      java.net.http.HttpResponse<String> good = client.send(
          java.net.http.HttpRequest.newBuilder(uri)
              .header("X-GitHub-Event", "push")
              .header("X-Hub-Signature-256", sign(SECRET, body))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(202, good.statusCode(), good.body());
      java.net.http.HttpResponse<String> bad = client.send(
          java.net.http.HttpRequest.newBuilder(uri)
              .header("X-GitHub-Event", "push")
              .header("X-Hub-Signature-256", sign("wrong", body))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(401, bad.statusCode());
      clock.advance(QUIET);
      assertEquals(1, reloads.get());
      assertTrue(log.stream().anyMatch(l -> l.contains("from 127.0.0.1: rejected (401)")), log::toString);
    }
  }

  @Test
  void aSignedPushReloadsTheLibraryFromTheRepository(@TempDir Path tmp) throws Exception {
    try (GitRemote remote = new GitRemote(tmp.resolve("remote"))) {
      remote.article("", "1", "Entropy");
      remote.commit("Ana Lee", "First");
      remote.push();
      GitContentSource source =
          new GitContentSource(GitSettings.of(remote.daemonUrl()), tmp.resolve("data/content-git"), Optional.empty(), log::add);
      try (Library lib = new Library(source, new CorpusLoader(1 << 20), CorpusIndex::build, log::add)) {
        ReloadReport first = lib.loadNow();
        assertTrue(first.swapped(), first.message());
        AtomicReference<CompletableFuture<ReloadReport>> reload = new AtomicReference<>();
        PushCoalescer toLibrary = new PushCoalescer(QUIET, clock, () -> reload.set(lib.reload()), log::add);
        ContentWebhook route = new ContentWebhook(SECRET, source::branch, toLibrary::push, log::add);
        assertEquals("main", source.branch(), "the remote's default, learnt from the clone");

        remote.article("", "2", "Enthalpy");
        RevCommit pushed = remote.commit("Ben Ode", "Add enthalpy");
        remote.push();
        String body = push("main");
        assertEquals(202, route.handle(github(body, sign(SECRET, body))).status());
        assertEquals(202, route.handle(github(body, sign(SECRET, body))).status());
        clock.advance(QUIET);
        ReloadReport r = reload.get().get(60, TimeUnit.SECONDS);
        assertTrue(r.swapped(), r.message());
        assertEquals(pushed.name(), r.source().version().id());
        assertEquals(2, lib.current().size());
        assertFalse(toLibrary.pending());
      }
    }
  }
}

package org.studybot.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.studybot.answer.Library;
import org.studybot.answer.ReloadReport;
import org.studybot.content.Article;
import org.studybot.content.CorpusChanges;
import org.studybot.content.CorpusLoader;
import org.studybot.content.LastGood;
import org.studybot.content.LoadResult;
import org.studybot.search.CorpusIndex;

/**
 * The bot following a real Git repository: a bare repository made here, served over file:// and
 * over git daemon on loopback, edited and pushed to as a CMS would.
 */
class GitContentSourceTest {
  @TempDir Path tmp;
  private GitRemote remote;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void remote() throws Exception {
    remote = new GitRemote(tmp.resolve("remote"));
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
  }

  private Path checkout(String replica) {
    return tmp.resolve(replica).resolve("content-git");
  }

  private Library library(String replica, GitSettings settings, CorpusLoader loader) {
    GitContentSource source = new GitContentSource(settings, checkout(replica), Optional.empty(), log::add);
    return new Library(source, loader, CorpusIndex::build, log::add);
  }

  private Library library(String url) {
    return library("data", new GitSettings(url, "", "articles", GitSettings.DEFAULT_MAX_BYTES), new CorpusLoader(1 << 20));
  }

  private void oneArticlePushed() throws Exception {
    remote.article("articles", "1", "Entropy");
    remote.commit("Ana Lee", "First");
    remote.push();
  }

  private static ReloadReport reload(Library lib) throws Exception {
    return lib.reload().get(60, TimeUnit.SECONDS);
  }

  private static String title(Library lib, String id) {
    return lib.current().byId(id).map(Article::title).orElse(null);
  }

  /** Makes every checked-out file look an hour old, as it would minutes after a clone. */
  private static void age(Path dir) throws Exception {
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "daemon"})
  void clonesThenFollowsACommitThatAddsChangesAndRemoves(String transport) throws Exception {
    remote.article("articles", "1", "Entropy");
    remote.article("articles", "2", "Enthalpy");
    remote.article("articles", "3", "Osmosis");
    remote.write("README.md", "# The study site\n"); // outside content.git.path: never read
    remote.commit("Ana Lee", "Add three articles\n\nFrom the CMS.");
    remote.push();
    String url = transport.equals("file") ? remote.fileUrl() : remote.daemonUrl();

    try (Library lib = library(url)) {
      ReloadReport first = lib.loadNow();
      assertTrue(first.swapped(), first.message());
      assertEquals(3, first.serving());
      assertTrue(first.message().contains("commit ") && first.message().contains(" by Ana Lee: Add three articles"),
          first.message());
      assertTrue(Files.exists(checkout("data").resolve(".git/shallow")), "a shallow clone");
      assertFalse(Files.readString(checkout("data").resolve(".git/config")).contains("Ana"), "sanity");
      // Minutes later (files older than the loader's racy window), a reload at the same commit
      // remembers every file; then only what the next commit changes is parsed again.
      age(checkout("data"));
      ReloadReport same = reload(lib);
      assertTrue(same.swapped() && same.message().contains("(unchanged)"), same.message());
      assertEquals(CorpusChanges.NONE, same.changes());
      assertEquals(0, same.source().changedFiles());
      Article untouched = lib.current().byId("2").orElseThrow();

      remote.article("articles", "4", "Mitosis");
      remote.article("articles", "1", "Entropy and disorder");
      remote.delete("articles/3.md");
      RevCommit edit = remote.commit("Ben Ode", "Edit the physics articles");
      remote.push();

      ReloadReport r = reload(lib);
      assertTrue(r.swapped(), r.message());
      assertEquals(new CorpusChanges(1, 1, 1), r.changes());
      assertTrue(r.message().contains("1 added, 1 changed, 1 removed"), r.message());
      assertTrue(r.message().contains("commit " + edit.abbreviate(7).name() + " by Ben Ode: Edit the physics articles"),
          r.message());
      assertEquals(edit.name(), r.source().version().id());
      assertFalse(r.source().rewritten(), "a fast-forward is not a rewrite");
      assertEquals(3, r.source().changedFiles());
      assertEquals("Entropy and disorder", title(lib, "1"));
      assertNull(title(lib, "3"));
      assertEquals("Mitosis", title(lib, "4"));
      assertSame(untouched, lib.current().byId("2").orElseThrow(), "an unchanged file is not parsed again");
      assertTrue(log.stream().anyMatch(l -> l.contains("content now at commit " + edit.abbreviate(7).name())), log::toString);
    }
  }

  @Test
  void laterStartsFetchIntoTheSameCheckout() throws Exception {
    oneArticlePushed();
    try (Library lib = library(remote.fileUrl())) {
      assertTrue(lib.loadNow().swapped());
    }
    Object gitDirKey = Files.readAttributes(checkout("data").resolve(".git"), "unix:ino").get("ino");
    remote.article("articles", "2", "Enthalpy");
    RevCommit second = remote.commit("Ana Lee", "Second");
    remote.push();
    try (Library lib = library(remote.fileUrl())) {
      ReloadReport r = lib.loadNow();
      assertEquals(2, r.serving(), r.message());
      assertEquals(second.name(), r.source().version().id());
      assertEquals(1, r.source().changedFiles(), "fetched from the commit served before, not cloned again");
    }
    assertEquals(gitDirKey, Files.readAttributes(checkout("data").resolve(".git"), "unix:ino").get("ino"));
  }

  @Test
  void aBrokenEditKeepsTheLastGoodVersionUntilFixed() throws Exception {
    remote.article("articles", "1", "Entropy");
    remote.article("articles", "2", "Enthalpy");
    remote.commit("Ana Lee", "Two articles");
    remote.push();
    Path kept = tmp.resolve("data/last-good.json");
    GitSettings settings = new GitSettings(remote.fileUrl(), "", "articles", GitSettings.DEFAULT_MAX_BYTES);
    try (Library lib = library("data", settings, new CorpusLoader(1 << 20, LastGood.at(kept)))) {
      assertTrue(lib.loadNow().swapped());
      remote.write("articles/1.md", "---\nid: 1\ntitle: [Entropy, never closed\nanswer: x\n---\n");
      remote.commit("Ben Ode", "Break entropy");
      remote.push();

      ReloadReport r = reload(lib);
      assertTrue(r.swapped(), r.message());
      assertEquals(2, r.serving(), "the broken edit took nothing away");
      assertEquals("Entropy", title(lib, "1"), "its last good version serves");
      assertEquals(List.of("1"), r.load().stale().stream().map(Article::id).toList());
      assertTrue(r.message().contains("1 broken file, its article still served from the last good version (stale)"),
          r.message());
      assertTrue(r.load().problems().stream().anyMatch(p -> p.source().endsWith("articles/1.md")), r.load().problems()::toString);
      assertEquals(CorpusChanges.NONE, r.changes(), "nothing changed for students");
      assertTrue(Files.exists(kept), "kept for a restart");
      if (kept.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)), "owner-only");
      }

      // A restart (a new loader) and validate (read only) both see the stale article.
      LoadResult restarted = new CorpusLoader(1 << 20, LastGood.at(kept)).load(lib.contentDir());
      assertEquals("Entropy", restarted.stale().get(0).title());
      LoadResult validated = new CorpusLoader(1 << 20, LastGood.readOnly(kept)).load(lib.contentDir());
      assertEquals(1, validated.stale().size());
      assertTrue(validated.staleNotes().get(0).contains("articles/1.md: broken, still serving its last good version (id 1"),
          validated.staleNotes()::toString);

      remote.article("articles", "1", "Entropy, fixed");
      remote.commit("Ben Ode", "Fix entropy");
      remote.push();
      ReloadReport fixed = reload(lib);
      assertTrue(fixed.load().stale().isEmpty(), fixed.message());
      assertFalse(fixed.message().contains("stale"), fixed.message());
      assertEquals("Entropy, fixed", title(lib, "1"));
      assertFalse(Files.exists(kept), "nothing stale: nothing kept");
    }
  }

  @Test
  void aForcePushIsFollowedAndReportedAsRewrittenHistory() throws Exception {
    remote.article("articles", "1", "Entropy");
    RevCommit base = remote.commit("Ana Lee", "Base");
    remote.push();
    try (Library lib = library(remote.fileUrl())) {
      lib.loadNow();
      remote.article("articles", "2", "Enthalpy");
      remote.commit("Ana Lee", "Add enthalpy");
      remote.push();
      ReloadReport ff = reload(lib);
      assertFalse(ff.source().rewritten(), ff.message());
      assertFalse(ff.message().contains("rewritten"), ff.message());

      remote.resetTo(base);
      remote.article("articles", "3", "Osmosis");
      RevCommit rewrite = remote.commit("Cy Dee", "Replace enthalpy with osmosis");
      remote.push(); // +HEAD: forced

      ReloadReport r = reload(lib);
      assertTrue(r.swapped(), r.message());
      assertTrue(r.source().rewritten());
      assertEquals(rewrite.name(), r.source().version().id());
      assertTrue(r.message().contains("history was rewritten by a force push"), r.message());
      assertEquals(new CorpusChanges(1, 0, 1), r.changes());
      assertNull(title(lib, "2"));
      assertEquals("Osmosis", title(lib, "3"));
    }
  }

  @Test
  void anUnreachableRemoteKeepsTheLastGoodContentAndIsRetried() throws Exception {
    oneArticlePushed();
    String url = remote.daemonUrl();
    try (Library lib = library(url)) {
      assertTrue(lib.loadNow().swapped());
      remote.stopDaemon();
      remote.article("articles", "2", "Enthalpy");
      RevCommit second = remote.commit("Ana Lee", "Second");
      remote.push();

      ReloadReport down = reload(lib);
      assertFalse(down.swapped());
      assertEquals(1, down.serving());
      assertTrue(down.message().startsWith("cannot reach " + url), down.message());
      assertTrue(down.message().contains("still serving the previous 1 articles"), down.message());
      assertEquals(1, lib.current().size());

      remote.daemonUrl(); // back, on the same port
      ReloadReport up = reload(lib);
      assertTrue(up.swapped(), up.message());
      assertEquals(second.name(), up.source().version().id());
      assertEquals(2, up.serving());
    }
  }

  @Test
  void aFirstStartWithoutTheRemoteSaysWhyAndLeavesNothingBehind() throws Exception {
    String url = "git://127.0.0.1:" + freePort() + "/site.git";
    try (Library lib = library(url)) {
      ReloadReport r = lib.loadNow();
      assertFalse(r.swapped());
      assertTrue(r.message().startsWith("cannot reach " + url), r.message());
      assertNull(lib.current());
    }
    assertFalse(Files.exists(checkout("data")));
    assertFalse(Files.exists(checkout("data").resolveSibling("content-git.clone")));
  }

  @Test
  void aDeletedBranchKeepsTheLastGoodContent() throws Exception {
    remote.article("articles", "1", "Entropy");
    remote.commit("Ana Lee", "First");
    remote.push("main");
    remote.push("content");
    GitSettings settings = new GitSettings(remote.fileUrl(), "content", "articles", GitSettings.DEFAULT_MAX_BYTES);
    try (Library lib = library("data", settings, new CorpusLoader(1 << 20))) {
      assertTrue(lib.loadNow().swapped());
      remote.deleteBranch("content");
      ReloadReport r = reload(lib);
      assertFalse(r.swapped());
      assertTrue(r.message().startsWith("branch content is not on " + remote.fileUrl() + " (deleted or renamed?)"),
          r.message());
      assertEquals(1, lib.current().size());
    }
  }

  @Test
  void aRepositoryOverTheLimitIsRefusedOnCloneAndOnFetch() throws Exception {
    oneArticlePushed();
    GitSettings tiny = new GitSettings(remote.fileUrl(), "", "articles", 100);
    try (Library lib = library("small", tiny, new CorpusLoader(1 << 20))) {
      ReloadReport r = lib.loadNow();
      assertFalse(r.swapped());
      assertTrue(r.message().contains("over the size limit") || r.message().contains("over the limit"), r.message());
      assertTrue(r.message().contains("content.git.max_bytes"), r.message());
    }
    assertFalse(Files.exists(checkout("small")), "a refused clone leaves nothing");

    GitSettings settings = new GitSettings(remote.fileUrl(), "", "articles", 64 * 1024);
    try (Library lib = library("data", settings, new CorpusLoader(1 << 20))) {
      assertTrue(lib.loadNow().swapped());
      byte[] noise = new byte[200 * 1024];
      new Random(7).nextBytes(noise); // does not compress
      Files.write(remote.work.resolve("video.bin"), noise);
      remote.commit("Ana Lee", "Add a video");
      remote.push();
      ReloadReport r = reload(lib);
      assertFalse(r.swapped());
      assertTrue(r.message().contains("content.git.max_bytes") && r.message().contains("still serving"), r.message());
      assertEquals(1, lib.current().size());
    }
  }

  @Test
  void aReplicaMovesToTheExactCommitAnotherRecorded() throws Exception {
    oneArticlePushed();
    try (Library leader = library(remote.fileUrl());
        Library follower = library("replica", new GitSettings(remote.fileUrl(), "", "articles", GitSettings.DEFAULT_MAX_BYTES),
            new CorpusLoader(1 << 20))) {
      leader.loadNow();
      follower.loadNow();
      remote.article("articles", "2", "Enthalpy");
      RevCommit second = remote.commit("Ana Lee", "Second");
      remote.push();
      String recorded = reload(leader).source().version().id(); // what the store would hold
      assertEquals(second.name(), recorded);
      remote.article("articles", "3", "Osmosis");
      remote.commit("Ana Lee", "Third, pushed after the leader reloaded");
      remote.push();

      ReloadReport r = follower.reload(recorded).get(60, TimeUnit.SECONDS);
      assertTrue(r.swapped(), r.message());
      assertEquals(recorded, r.source().version().id(), "the recorded commit, not the newest");
      assertEquals(2, r.serving());

      ReloadReport unknown = follower.reload("0123456789abcdef0123456789abcdef01234567").get(60, TimeUnit.SECONDS);
      assertFalse(unknown.swapped());
      assertTrue(unknown.message().contains("commit 0123456789abcdef0123456789abcdef01234567 is not on branch main"),
          unknown.message());
      assertEquals(recorded, follower.source().served().orElseThrow().id());
    }
  }

  @Test
  void replicasFollowTheCommitTheReloadingReplicaRecorded() throws Exception {
    oneArticlePushed();
    ServedVersions store = ServedVersions.inMemory();
    GitSettings settings = new GitSettings(remote.fileUrl(), "", "articles", GitSettings.DEFAULT_MAX_BYTES);
    try (Library a = library("a", settings, new CorpusLoader(1 << 20));
        Library b = library("b", settings, new CorpusLoader(1 << 20))) {
      a.loadNow();
      b.loadNow();
      java.util.Map<String, String> beats = new java.util.concurrent.ConcurrentSkipListMap<>();
      ReplicaRegistry registry = new ReplicaRegistry() {
        @Override
        public void heartbeat(String id, String version, int articles) {
          beats.put(id, version);
        }

        @Override
        public java.util.Map<String, String> versions(java.time.Duration within) {
          return java.util.Map.copyOf(beats);
        }

        @Override
        public void leave(String id) {
          beats.remove(id);
        }
      };
      org.studybot.answer.ReplicaSync leader = new org.studybot.answer.ReplicaSync(a, store, registry, "a", log::add);
      org.studybot.answer.ReplicaSync follower = new org.studybot.answer.ReplicaSync(b, store, registry, "b", log::add);
      assertNull(leader.poll().get(60, TimeUnit.SECONDS), "nothing recorded: the first replica records its commit");
      assertEquals(a.servedVersion(), store.wanted().orElseThrow());
      assertNull(follower.poll().get(60, TimeUnit.SECONDS), "same commit: nothing to do");

      remote.article("articles", "2", "Enthalpy");
      RevCommit second = remote.commit("Ana Lee", "Second");
      remote.push();
      assertTrue(a.reload().get(60, TimeUnit.SECONDS).swapped(), "the admin's reload");
      assertEquals(second.name(), store.wanted().orElseThrow());
      remote.article("articles", "3", "Osmosis");
      remote.commit("Ana Lee", "Third");
      remote.push(); // b's own fetch would see this one

      ReloadReport moved = follower.poll().get(60, TimeUnit.SECONDS);
      assertEquals(second.name(), moved.source().version().id(), "exactly the recorded commit");
      assertEquals(2, b.current().size());
      assertNull(follower.poll().get(60, TimeUnit.SECONDS), "already there");
      assertNull(leader.poll().get(60, TimeUnit.SECONDS), "the leader records, never follows, its own reload");
      assertEquals(java.util.Map.of("a", second.name(), "b", second.name()), beats);
    }
  }

  @Test
  void refusedCredentialsAreReportedWithoutTheToken() throws Exception {
    // A host that wants credentials and refuses every one, as GitHub does an expired token.
    com.sun.net.httpserver.HttpServer host =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    List<String> authorizations = new CopyOnWriteArrayList<>();
    host.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        authorizations.add(auth);
      }
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
    });
    host.start();
    try {
      String url = "http://127.0.0.1:" + host.getAddress().getPort() + "/org/site.git";
      String token = "ghp_expiredTokenValue";
      GitContentSource withToken =
          new GitContentSource(GitSettings.of(url), checkout("data"), Optional.of(token), log::add);
      SourceUpdate refused = withToken.update();
      assertFalse(refused.ok());
      assertEquals(url + " refused the credentials (check STUDYBOT_GIT_TOKEN: it may be expired or lack read access)",
          refused.failure());
      assertFalse(authorizations.isEmpty(), "the token was offered");
      String basic = java.util.Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      assertEquals("Basic " + basic, authorizations.get(0));
      GitContentSource without = new GitContentSource(GitSettings.of(url), checkout("data"), Optional.empty(), log::add);
      assertTrue(without.update().failure().endsWith("refused the credentials (it needs a token: set STUDYBOT_GIT_TOKEN)"));
      assertFalse(String.join("\n", log).contains(token), log::toString);
      assertFalse(Files.exists(checkout("data")));
    } finally {
      host.stop(0);
    }
  }

  @Test
  void theTokenIsNeverWrittenIntoTheCheckout() throws Exception {
    oneArticlePushed();
    String token = "ghp_exampleTokenThatMustNotLeak";
    GitContentSource source =
        new GitContentSource(new GitSettings(remote.fileUrl(), "", "articles", GitSettings.DEFAULT_MAX_BYTES),
            checkout("data"), Optional.of(token), log::add);
    try (source) {
      assertTrue(source.update().ok());
    }
    String config = Files.readString(checkout("data").resolve(".git/config"), StandardCharsets.UTF_8);
    assertTrue(config.contains(remote.fileUrl()), config);
    assertFalse(config.contains(token), config);
    assertFalse(String.join("\n", log).contains(token));
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void servedVersionIsEmptyBeforeAnyCheckout() {
    GitContentSource source = new GitContentSource(GitSettings.of(remote.fileUrl()), checkout("none"), Optional.empty(), log::add);
    assertTrue(source.served().isEmpty());
    assertNotNull(source.describe());
  }
}

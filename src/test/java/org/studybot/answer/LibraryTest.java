package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;

/** Reloads: atomic under concurrent queries, coalesced, releasing old indexes, keeping the old corpus on failure. */
class LibraryTest {
  @TempDir Path content;

  /** Every index the library built, by version, so tests can check what was served and released. */
  private final Map<Long, CorpusIndex> built = new ConcurrentHashMap<>();

  static void write(Path dir, String id, String title) throws IOException {
    Files.writeString(
        dir.resolve(id + ".md"),
        "---\nid: " + id + "\ntitle: " + title + "\nanswer: >-\n    All about " + title
            + ".\nsubject: Physics\nurl: /learn/physics/questions/" + id + "\n---\n",
        StandardCharsets.UTF_8);
  }

  private Library library(Library.IndexBuilder inner) {
    return new Library(
        content,
        new CorpusLoader(1_048_576),
        (articles, version, progress) -> {
          CorpusIndex index = inner.build(articles, version, progress);
          built.put(version, index);
          return index;
        },
        line -> {});
  }

  private Library library() {
    return library(CorpusIndex::build);
  }

  @Test
  void firstLoadAndSwap() throws Exception {
    write(content, "1", "entropy");
    try (Library lib = library()) {
      assertThrows(IllegalStateException.class, lib::lease, "nothing loaded yet");
      ReloadReport first = lib.loadNow();
      assertTrue(first.swapped());
      assertEquals(1, first.serving());
      assertTrue(first.message().startsWith("loaded 1 article from 1 file, 0 skipped"), first.message());
      CorpusIndex before = lib.current();
      write(content, "2", "enthalpy");
      ReloadReport second = lib.reload().get(30, TimeUnit.SECONDS);
      assertTrue(second.swapped());
      assertEquals(2, lib.current().size());
      assertNotSame(before, lib.current());
      assertTrue(lib.current().version() > before.version());
      assertTrue(before.isReleased(), "the old index is released when no query holds it");
      assertSame(second, lib.lastReload());
    }
  }

  @Test
  void reloadThatFindsNoArticlesKeepsTheOldCorpus() throws Exception {
    write(content, "1", "entropy");
    write(content, "2", "enthalpy");
    try (Library lib = library()) {
      lib.loadNow();
      CorpusIndex serving = lib.current();
      // (A broken edit of 2.md would keep its last good version: see brokenEditKeepsTheArticle.)
      Files.delete(content.resolve("1.md"));
      Files.delete(content.resolve("2.md"));
      Files.writeString(content.resolve("3.md"), "no front matter", StandardCharsets.UTF_8);
      ReloadReport r = lib.reload().get(30, TimeUnit.SECONDS);
      assertFalse(r.swapped());
      assertSame(serving, lib.current());
      assertFalse(serving.isReleased());
      assertEquals(2, r.serving());
      assertTrue(r.message().startsWith("no articles found in " + content), r.message());
      assertTrue(r.message().endsWith("still serving the previous 2 articles"), r.message());
      assertEquals(1, r.load().problems().size(), "and says why");
    }
  }

  @Test
  void brokenEditKeepsTheArticle() throws Exception {
    write(content, "1", "entropy");
    write(content, "2", "enthalpy");
    try (Library lib = library()) {
      lib.loadNow();
      Files.writeString(content.resolve("2.md"), "---\nid: 2\ntitle: [never closed\n---\n", StandardCharsets.UTF_8);
      ReloadReport r = lib.reload().get(30, TimeUnit.SECONDS);
      assertTrue(r.swapped(), r.message());
      assertEquals(2, r.serving(), "a broken edit takes no article away");
      assertEquals("enthalpy", lib.current().byId("2").orElseThrow().title());
      assertEquals(List.of("2"), r.load().stale().stream().map(Article::id).toList());
      assertTrue(r.message().contains("0 added, 0 changed, 0 removed; 1 broken file, its article still served from the last good version (stale)"),
          r.message());
      write(content, "2", "enthalpy, fixed");
      ReloadReport fixed = lib.reload().get(30, TimeUnit.SECONDS);
      assertTrue(fixed.load().stale().isEmpty());
      assertEquals("enthalpy, fixed", lib.current().byId("2").orElseThrow().title());
      assertTrue(fixed.message().contains("0 added, 1 changed, 0 removed"), fixed.message());
      Files.delete(content.resolve("2.md"));
      assertEquals(1, lib.reload().get(30, TimeUnit.SECONDS).serving(), "a removed file's article goes");
    }
  }

  @Test
  void reloadThatFailsKeepsTheOldCorpus() throws Exception {
    write(content, "1", "entropy");
    AtomicBoolean fail = new AtomicBoolean();
    try (Library lib =
        library(
            (articles, version, progress) -> {
              if (fail.get()) {
                throw new IllegalStateException("index build exploded");
              }
              return CorpusIndex.build(articles, version, progress);
            })) {
      lib.loadNow();
      CorpusIndex serving = lib.current();
      fail.set(true);
      ReloadReport r = lib.reload().get(30, TimeUnit.SECONDS);
      assertFalse(r.swapped());
      assertSame(serving, lib.current());
      assertTrue(r.message().contains("reload failed: java.lang.IllegalStateException: index build exploded"), r.message());
      assertTrue(r.message().endsWith("still serving the previous 1 articles"), r.message());
      try (CorpusIndex.Lease lease = lib.lease()) {
        assertSame(serving, lease.index());
      }
      fail.set(false);
      assertTrue(lib.reload().get(30, TimeUnit.SECONDS).swapped(), "recovers on the next reload");
    }
  }

  @Test
  void contentDirectoryThatVanishedKeepsTheOldCorpus() throws Exception {
    Path sub = Files.createDirectory(content.resolve("sub"));
    write(sub, "1", "entropy");
    try (Library lib =
        new Library(sub, new CorpusLoader(1_048_576), CorpusIndex::build, line -> {})) {
      lib.loadNow();
      Files.delete(sub.resolve("1.md"));
      Files.delete(sub);
      ReloadReport r = lib.reload().get(30, TimeUnit.SECONDS);
      assertFalse(r.swapped());
      assertEquals(1, lib.current().size());
    }
  }

  @Test
  void reloadsAskedForWhileOneRunsAreCoalesced() throws Exception {
    write(content, "1", "entropy");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger builds = new AtomicInteger();
    try (Library lib =
        library(
            (articles, version, progress) -> {
              if (builds.incrementAndGet() == 2) { // the first reload after the initial load
                entered.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return CorpusIndex.build(articles, version, progress);
            })) {
      lib.loadNow();
      CompletableFuture<ReloadReport> running = lib.reload();
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      List<CompletableFuture<ReloadReport>> asked = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        asked.add(lib.reload());
      }
      asked.forEach(f -> assertSame(asked.get(0), f, "one queued reload shared by every request"));
      assertNotSame(running, asked.get(0));
      release.countDown();
      assertTrue(running.get(30, TimeUnit.SECONDS).swapped());
      assertTrue(asked.get(0).get(30, TimeUnit.SECONDS).swapped());
      assertEquals(3, builds.get(), "initial load, the running reload, one coalesced reload");
    }
  }

  @Test
  void queriesDuringReloadsSeeOldOrNewNeverHalfAndNothingLeaks() throws Exception {
    for (int i = 0; i < 5; i++) {
      write(content, String.valueOf(100 + i), "entropy and heat topic " + i);
    }
    BotConfig config = BotConfig.builder().semantic(false).build();
    Library lib = library();
    lib.loadNow();
    Answerer answerer = new Answerer(config, lib, new LexicalMatcher(2000, 32));
    AtomicBoolean stop = new AtomicBoolean();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicInteger answered = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int seed = t;
      workers.add(
          pool.submit(
              () -> {
                int n = 0;
                while (!stop.get()) {
                  try {
                    // Distinct text defeats the cache, so every query searches an index.
                    Reply r = answerer.answer(new org.studybot.answer.Question("entropy heat topic " + seed + " " + n++, null, 10));
                    CorpusIndex served = built.get(r.corpusVersion());
                    Set<String> ids = served.articles().stream().map(Article::id).collect(Collectors.toSet());
                    r.results().forEach(ref -> {
                      if (!ids.contains(ref.id())) {
                        errors.add(new AssertionError("result " + ref.id() + " is not in corpus " + r.corpusVersion()));
                      }
                    });
                    if (r.status() != Status.NONE) {
                      answered.incrementAndGet();
                    }
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                }
              }));
    }
    for (int i = 0; i < 100; i++) {
      // Alternate between two corpora so each reload really changes what is served.
      if (i % 2 == 0) {
        write(content, "999", "entropy heat extra article");
      } else {
        Files.delete(content.resolve("999.md"));
      }
      ReloadReport r = lib.reload().get(30, TimeUnit.SECONDS);
      assertTrue(r.swapped(), r.message());
    }
    stop.set(true);
    for (Future<?> w : workers) {
      w.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(List.of(), errors);
    assertTrue(answered.get() > 0, "queries ran during the reloads");
    CorpusIndex current = lib.current();
    assertEquals(101, built.size(), "initial load and 100 reloads");
    for (CorpusIndex index : built.values()) {
      assertEquals(0, index.openLeases(), "no lease left open on version " + index.version());
      if (index != current) {
        assertTrue(index.isReleased(), "version " + index.version() + " was not released");
      }
    }
    assertFalse(current.isReleased());
    lib.close();
    assertTrue(current.isReleased(), "closing the library releases the last index");
  }

  @Test
  void leaseOnAClosedIndexIsRefused() throws Exception {
    write(content, "1", "entropy");
    try (Library lib = library()) {
      lib.loadNow();
      CorpusIndex index = lib.current();
      CorpusIndex.Lease held = lib.lease();
      lib.reload().get(30, TimeUnit.SECONDS);
      assertFalse(index.isReleased(), "a query still holds it");
      assertEquals(1, index.openLeases());
      assertTrue(index.lease().isEmpty(), "a retired index takes no new leases");
      held.close();
      held.close(); // closing twice is harmless
      assertTrue(index.isReleased());
      assertEquals(0, index.openLeases());
    }
  }

  @Test
  void closingAnIndexTwiceKeepsARunningQuerysReference() throws Exception {
    write(content, "1", "entropy");
    CorpusIndex index =
        CorpusIndex.build(new CorpusLoader(1_048_576).load(content).articles(), 1, CorpusLoader.Progress.NONE);
    try (CorpusIndex.Lease lease = index.lease().orElseThrow()) {
      index.close();
      index.close();
      assertFalse(index.isReleased(), "the running query still holds the reader");
      assertEquals(1, lease.searcher().getIndexReader().numDocs());
    }
    assertTrue(index.isReleased());
  }
}

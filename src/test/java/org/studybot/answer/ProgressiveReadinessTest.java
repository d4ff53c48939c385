package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.BotConfig;
import org.studybot.metrics.Instruments;
import org.studybot.metrics.PrometheusMetrics;
import org.studybot.ops.HealthCheck;
import org.studybot.search.CorpusIndex;
import org.studybot.search.Match;

/**
 * A corpus whose articles lack vectors serves by words at once, is embedded in the background and
 * switches to words and meaning when done; a newer corpus stops an older embedding, whose result
 * never serves. The embedder is held at a latch, so every phase is observed, not timed.
 */
class ProgressiveReadinessTest {
  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final GatedEmbedder embedder = new GatedEmbedder();
  private final SteppedEmbedder stepped = new SteppedEmbedder();
  private Answerer answerer;

  @BeforeEach
  void content() throws IOException {
    ThreeArticles.write(dir.resolve("content"));
  }

  @AfterEach
  void close() {
    embedder.open.countDown();
    stepped.passAll();
    if (answerer != null) {
      answerer.library().close();
    }
  }

  private void write(String id, String subject, String title, String answer) throws IOException {
    ThreeArticles.write(dir.resolve("content"), id, subject, title, answer);
  }

  private Answerer start(int embedFirst) {
    BotConfig config = BotConfig.builder().contentDir(dir.resolve("content")).dataDir(dir.resolve("data"))
        .set("search.embed_before_answering", embedFirst).build();
    answerer = Engine.start(config, log::add, () -> embedder);
    return answerer;
  }

  /** The ids the engine's matcher ranks for {@code question}, best first. */
  private List<String> ranked(String question) {
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      return answerer.matcher().match(lease, question, null, 3).matches().stream().map(m -> m.article().id()).toList();
    }
  }

  private double cosine(String question) {
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      List<Match> m = answerer.matcher().match(lease, question, null, 3).matches();
      return m.isEmpty() ? 0 : m.get(0).similarity();
    }
  }

  @Test
  void answersByWordsWhileEmbeddingThenByMeaning() throws Exception {
    start(0);
    Library library = answerer.library();
    PrometheusMetrics metrics = new PrometheusMetrics();
    Instruments.answerer(metrics, answerer);
    assertTrue(embedder.waiting.await(10, TimeUnit.SECONDS), "the embedding did not start");

    // Served at once, by words: health is ready and says the vectors are coming.
    assertFalse(library.current().hasVectors());
    assertEquals(List.of("170216"), ranked("recursion"));
    assertEquals(List.of(), ranked("germ"), "no word of the question is in the corpus");
    HealthCheck.Status health = library.health();
    assertTrue(health.ready(), health.toString());
    assertTrue(health.detail().contains("semantic: embedding 0/3"), health.detail());
    assertEquals(3, library.semanticStatus().backlog());
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_backlog 3.0\n"), "the gauge counts the articles waiting");
    assertTrue(log.stream().anyMatch(l -> l.contains("answering by words while 3 articles are embedded")), log.toString());

    embedder.open.countDown();
    library.awaitVectors();

    assertTrue(library.current().hasVectors());
    assertEquals("170201", ranked("germ").get(0), "found by meaning once embedded");
    assertTrue(cosine("germ") > 0.2);
    assertEquals(SemanticStatus.Phase.READY, library.semanticStatus().phase());
    assertEquals(0, library.semanticStatus().backlog());
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_backlog 0.0\n"), "read at each scrape");
    metrics.close();
    assertTrue(library.health().detail().endsWith("semantic: ready"), library.health().detail());
    assertEquals(3, embedder.articleTexts.get());
    assertTrue(log.stream().anyMatch(l -> l.startsWith("words and meaning: 3 articles embedded")), log.toString());
  }

  @Test
  void aCachedCorpusStartsWithVectorsAndFewMissingAreEmbeddedFirst() throws Exception {
    embedder.open.countDown();
    start(5); // 3 missing: embedded before the corpus serves, as before
    assertTrue(answerer.library().current().hasVectors());
    assertEquals("170201", ranked("germ").get(0));
    answerer.library().close();

    answerer = null;
    start(0); // warm: every vector cached, nothing to embed, so nothing waits
    assertTrue(answerer.library().current().hasVectors());
    assertEquals(3, embedder.articleTexts.get(), "the second start embedded nothing");
    assertEquals(SemanticStatus.Phase.READY, answerer.library().semanticStatus().phase());
  }

  @Test
  void aReloadDuringEmbeddingDiscardsTheStaleVectors() throws Exception {
    start(0);
    Library library = answerer.library();
    List<String> served = new CopyOnWriteArrayList<>();
    library.onSwap(() -> served.add(library.current().size() + (library.current().hasVectors() ? " hybrid" : " words")));
    assertTrue(embedder.waiting.await(10, TimeUnit.SECONDS));

    write("170300", "Biology", "What do ribosomes do?", "Ribosomes build proteins from the messenger RNA's code.");
    ReloadReport r = library.reload().get(30, TimeUnit.SECONDS);
    assertTrue(r.swapped(), r.message());
    assertEquals(4, library.current().size());
    assertEquals(List.of("170300"), ranked("ribosomes"), "the new article is found by words at once");
    assertEquals("semantic: embedding 0/4 (answering by words meanwhile)", library.semanticStatus().describe());

    embedder.open.countDown(); // the first corpus's batch finishes, after its corpus was replaced
    library.awaitVectors();

    assertEquals(List.of("4 words", "4 hybrid"), served, "the three-article corpus never came back");
    assertTrue(library.current().hasVectors());
    assertEquals(4, library.current().size());
    assertEquals("170201", ranked("germ").get(0));
    assertTrue(log.stream().anyMatch(l -> l.contains("stopped: a newer corpus replaced it")), log.toString());
    // The stopped embedding's vectors were kept: the newer corpus embedded only its new article.
    assertEquals(4, embedder.articleTexts.get());
    assertEquals(SemanticStatus.Phase.READY, library.semanticStatus().phase());
  }

  // A quick pass (search.quick_pass_above): words alone, words and quick meaning (title vectors),
  // words and meaning (full texts), each swapped in whole; the stepped embedder lets one batch
  // through at a time, so each phase is seen in order.

  private Library startStepped(int quickAbove) {
    BotConfig config = BotConfig.builder().contentDir(dir.resolve("content")).dataDir(dir.resolve("data"))
        .set("search.embed_before_answering", 0).set("search.quick_pass_above", quickAbove).build();
    answerer = Engine.start(config, log::add, () -> stepped);
    return answerer.library();
  }

  /** What serves, as the swap listener sees it: size and state. */
  private static String state(Library library) {
    CorpusIndex c = library.current();
    return c.size() + (!c.hasVectors() ? " words" : c.interimVectors() ? " quick" : " full");
  }

  private String best(String question) {
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      var m = answerer.matcher().match(lease, question, null, 3).matches();
      return m.isEmpty() ? null : m.get(0).article().id();
    }
  }

  /** Whether every text of {@code batch} is a title alone (they end in "?", the answers in "."). */
  private static boolean titlesOnly(List<String> batch) {
    return batch.stream().allMatch(t -> t.endsWith("?"));
  }

  @Test
  void wordsThenQuickMeaningThenFullMeaningEachSwappedWhole() throws Exception {
    Library library = startStepped(1);
    List<String> served = new CopyOnWriteArrayList<>();
    library.onSwap(() -> served.add(state(library)));
    PrometheusMetrics metrics = new PrometheusMetrics();
    Instruments.answerer(metrics, answerer);
    // Questions all along: none may fail or go unanswered while the corpus is swapped under them.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger asked = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread asker = new Thread(() -> {
      while (!stop.get()) {
        try {
          assertNotNull(answerer.answer(Question.of("how does recursion work")).status());
          asked.incrementAndGet();
        } catch (Throwable t) {
          failures.add(t);
        }
      }
    });
    asker.start();

    List<String> quick = stepped.next();
    assertEquals(3, quick.size());
    assertTrue(titlesOnly(quick), "the quick pass embeds titles: " + quick);
    assertEquals("3 words", state(library), "served by words at once");
    assertEquals("semantic: quick pass 0/3, then full texts (answering by words meanwhile)",
        library.semanticStatus().describe());
    assertEquals(3, library.semanticStatus().backlog());
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_phase 1.0\n"), "words while embedding");

    stepped.pass(1);
    List<String> full = stepped.next();
    assertFalse(titlesOnly(full), "then the full texts: " + full);
    assertEquals("3 quick", state(library));
    assertEquals(SemanticStatus.Phase.QUICK, library.semanticStatus().phase());
    assertEquals("semantic: words and quick meaning; embedding full texts 0/3", library.semanticStatus().describe());
    assertTrue(library.health().detail().endsWith("semantic: words and quick meaning; embedding full texts 0/3"),
        library.health().detail());
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_backlog 3.0\n"), "interim vectors still count as waiting");
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_phase 2.0\n"), "words and quick meaning");
    assertEquals("170201", best("germ"), "found by meaning from the interim vectors");
    assertTrue(log.stream().anyMatch(l -> l.matches("words and quick meaning after [0-9.]+ s; embedding full texts 0/3; .*")),
        log.toString());

    stepped.pass(1);
    library.awaitVectors();
    assertEquals("3 full", state(library));
    assertEquals(SemanticStatus.Phase.READY, library.semanticStatus().phase());
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_backlog 0.0\n"));
    assertTrue(metrics.scrape().contains("\nstudybot_embedding_phase 3.0\n"));
    assertEquals("170201", best("germ"));
    assertEquals(List.of("3 quick", "3 full"), served);
    assertTrue(log.stream().anyMatch(l -> l.startsWith("words and meaning (full texts): 3 articles embedded")), log.toString());

    int before = asked.get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (asked.get() < before + 3 && failures.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // a few answers after the last swap too
    }
    stop.set(true);
    asker.join(10_000);
    metrics.close();
    assertEquals(List.of(), failures);
    assertTrue(asked.get() > 3);
  }

  @Test
  void fewMissingGoInOnePassAsBefore() throws Exception {
    Library library = startStepped(3); // 3 missing, not more than 3: no quick pass
    List<String> only = stepped.next();
    assertFalse(titlesOnly(only), only.toString());
    stepped.pass(1);
    library.awaitVectors();
    assertEquals("3 full", state(library));
    assertEquals(List.of(), List.copyOf(stepped.arrived));
  }

  @Test
  void aNewerReloadStopsBothPassesAndOnlyItsCorpusServes() throws Exception {
    Library library = startStepped(1);
    List<String> served = new CopyOnWriteArrayList<>();
    library.onSwap(() -> served.add(state(library)));
    assertEquals(3, stepped.next().size()); // the first corpus's quick pass waits

    write("170300", "Biology", "What do ribosomes do?", "Ribosomes build proteins from the messenger RNA's code.");
    ReloadReport r = library.reload().get(30, TimeUnit.SECONDS);
    assertTrue(r.swapped(), r.message());
    assertEquals("4 words", state(library));
    assertEquals("semantic: quick pass 0/4, then full texts (answering by words meanwhile)",
        library.semanticStatus().describe());

    stepped.pass(1); // the old batch ends after its corpus was replaced: stopped, its vectors kept
    List<String> quick = stepped.next();
    assertEquals(List.of("What do ribosomes do?"), quick, "only the new article's title is embedded again");
    stepped.pass(1);
    List<String> full = stepped.next();
    assertEquals(4, full.size());
    assertEquals("4 quick", state(library));
    stepped.pass(1);
    library.awaitVectors();
    assertEquals(List.of("4 words", "4 quick", "4 full"), served, "the three-article corpus never served again");
    assertTrue(log.stream().anyMatch(l -> l.contains("stopped: a newer corpus replaced it")), log.toString());
  }

  @Test
  void aReloadAddingManyGoesThroughQuickThenFullForTheNewOnesOnly() throws Exception {
    Library library = startStepped(1);
    stepped.passAll();
    library.awaitVectors();
    assertEquals("3 full", state(library));
    stepped.arrived.clear();

    write("170300", "Biology", "What do ribosomes do?", "Ribosomes build proteins from the messenger RNA's code.");
    write("170301", "Biology", "What is a microbe?", "A microbe is a living thing too small to see without a microscope.");
    ReloadReport r = library.reload().get(30, TimeUnit.SECONDS);
    assertTrue(r.swapped(), r.message());
    library.awaitVectors();
    List<List<String>> batches = new ArrayList<>(stepped.arrived);
    assertEquals(2, batches.size(), batches.toString());
    assertEquals(List.of("What do ribosomes do?", "What is a microbe?"), batches.get(0).stream().sorted().toList(),
        "the quick pass embeds the new titles only; the others keep their full vectors");
    assertEquals(2, batches.get(1).size());
    assertFalse(titlesOnly(batches.get(1)));
    assertEquals("5 full", state(library));
    assertTrue(log.stream().anyMatch(l -> l.contains("words and quick meaning after") && l.contains("embedding full texts 3/5")),
        log.toString());
  }

  @Test
  void aRestartResumesFromTheCachedQuickVectors() throws Exception {
    Library library = startStepped(1);
    stepped.pass(1); // the quick pass
    List<String> quick = stepped.next();
    assertTrue(titlesOnly(quick));
    List<String> full = stepped.next(); // the full pass waits: stop here, as a kill or restart would
    assertFalse(titlesOnly(full));
    assertEquals("3 quick", state(library));
    library.close();
    answerer = null;

    Library again = startStepped(1);
    // The quick vectors were cached: the interim serves without embedding a title, and the only
    // batch is the full texts'.
    List<String> next = stepped.next();
    assertFalse(titlesOnly(next), next.toString());
    assertEquals("3 quick", state(again));
    stepped.pass(1);
    again.awaitVectors();
    assertEquals("3 full", state(again));
    again.close();
    answerer = null;

    Library warm = startStepped(1); // every full vector cached: nothing to embed, full at once
    assertEquals("3 full", state(warm));
    assertEquals(SemanticStatus.Phase.READY, warm.semanticStatus().phase());
    assertTrue(stepped.arrived.isEmpty(), stepped.arrived.toString());
  }

  @Test
  void aFailedFullPassKeepsTheQuickMeaningServingAndSaysSo() throws Exception {
    Library library = startStepped(1);
    stepped.pass(1);
    assertTrue(titlesOnly(stepped.next()));
    stepped.next(); // the full pass's batch waits
    stepped.failNext.set(true);
    stepped.pass(1);
    library.awaitVectors();
    assertEquals("3 quick", state(library), "the interim beats words alone: it stays");
    assertEquals(SemanticStatus.Phase.QUICK, library.semanticStatus().phase());
    assertTrue(library.semanticStatus().describe().startsWith("semantic: words and quick meaning; the full texts failed ("),
        library.semanticStatus().describe());
    assertEquals(3, library.semanticStatus().backlog());
    assertEquals("170201", best("germ"));
    assertTrue(log.stream().anyMatch(l -> l.contains("answering by words and quick meaning until the next reload")),
        log.toString());
  }

  @Test
  void onTheStoreTheQuickVectorsAreSharedAndARestartResumesFromThem() throws Exception {
    java.util.function.Function<org.studybot.semantic.Embedder, org.studybot.semantic.VectorStore> shared;
    Path storeDir = dir.resolve("store");
    BotConfig config = BotConfig.builder().contentDir(dir.resolve("content")).dataDir(dir.resolve("data"))
        .set("search.embed_before_answering", 0).set("search.quick_pass_above", 1).build();
    try (org.studybot.store.Store store =
        org.studybot.store.Store.open(org.studybot.store.StoreTarget.sqlite(storeDir), java.time.Clock.systemUTC())) {
      shared = m -> new org.studybot.store.SharedVectors(store, m.modelId(), m.dimension(), log::add);
      answerer = Engine.start(config, org.studybot.config.Secrets.fromEnv(java.util.Map.of()), log::add, () -> stepped, shared);
      Library library = answerer.library();
      stepped.pass(1);
      assertTrue(titlesOnly(stepped.next()));
      stepped.next(); // the full pass waits: stop here
      assertEquals("3 quick", state(library));
      assertEquals(3, store.vectors().count(stepped.modelId()), "the quick vectors are in the table");
      library.close();
      answerer = null;
    }
    try (org.studybot.store.Store store =
        org.studybot.store.Store.open(org.studybot.store.StoreTarget.sqlite(storeDir), java.time.Clock.systemUTC())) {
      shared = m -> new org.studybot.store.SharedVectors(store, m.modelId(), m.dimension(), log::add);
      answerer = Engine.start(config, org.studybot.config.Secrets.fromEnv(java.util.Map.of()), log::add, () -> stepped, shared);
      Library library = answerer.library();
      List<String> next = stepped.next();
      assertFalse(titlesOnly(next), "no title embedded again: " + next);
      assertEquals("3 quick", state(library));
      stepped.pass(1);
      library.awaitVectors();
      assertEquals("3 full", state(library));
      assertEquals(6, store.vectors().count(stepped.modelId()), "quick and full vectors, kept for every replica");
      library.close();
      answerer = null;
    }
  }
}

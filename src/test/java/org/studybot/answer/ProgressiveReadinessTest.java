package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  private Answerer answerer;

  @BeforeEach
  void content() throws IOException {
    write("170201", "Biology", "What is a virus and how does it infect a host?",
        "A virus is a tiny infectious particle of genes in a protein coat that hijacks a host to copy itself.");
    write("170216", "Computer Science", "What is recursion in programming?",
        "Recursion is when a function calls itself on a smaller input until it reaches a base case.");
    write("170133", "Chemistry", "How do you calculate molar mass?",
        "Add up the atomic masses of every atom in the formula, in grams per mole.");
  }

  @AfterEach
  void close() {
    embedder.open.countDown();
    if (answerer != null) {
      answerer.library().close();
    }
  }

  private void write(String id, String subject, String title, String answer) throws IOException {
    Path d = dir.resolve("content").resolve(subject.toLowerCase(Locale.ROOT).replace(' ', '-'));
    Files.createDirectories(d);
    Files.writeString(d.resolve(id + ".md"), String.join("\n",
        "---", "id: " + id, "title: >-", "    " + title, "question: >-", "    " + title, "answer: >-", "    " + answer,
        "subject: " + subject, "url: /learn/x/" + id, "---", "&nbsp;", ""));
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
}

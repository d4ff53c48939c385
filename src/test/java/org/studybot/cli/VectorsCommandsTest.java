package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.answer.GatedEmbedder;

/**
 * The commands around the article vectors, through {@code Main} with injected streams and a gated
 * embedder: {@code index} builds them for the next start, {@code query} waits for them unless
 * {@code --no-wait}.
 */
class VectorsCommandsTest {
  private static final String CORPUS = "src/test/resources/slack-corpus";
  private static final int ARTICLES = 10;

  @TempDir Path tmp;
  private final GatedEmbedder embedder = new GatedEmbedder();

  private MainTest.Run run(boolean terminal, String stdin, String... args) {
    return MainTest.run(main -> main.embedder(() -> embedder).terminal(terminal), stdin, args);
  }

  /** A config with the data directory under the test's folder and every vector embedded in the background. */
  private String config() throws IOException {
    return Files.writeString(tmp.resolve("c.yml"),
        "data_dir: " + tmp.resolve("data") + "\nsearch:\n  embed_before_answering: 0\n").toString();
  }

  @Test
  void indexBuildsTheVectorsSoTheNextStartEmbedsNothing() throws Exception {
    embedder.open.countDown();
    MainTest.Run r = run(false, "", "index", "--content", CORPUS, "--config", config());

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("indexed 10 articles from directory " + CORPUS + ": 10 embedded, 0 from the cache"), r.out());
    assertTrue(r.err().contains("studybot: embedding: 0/10 articles (0%)\n"), r.err());
    assertTrue(r.err().contains("studybot: embedding: 10/10 articles (100%)\n"), r.err());
    assertFalse(r.err().contains("\r"), "no bar drawn into a log");
    assertTrue(Files.size(tmp.resolve("data/vectors/article-vectors.bin")) > 0);
    assertTrue(Files.list(tmp.resolve("data/vectors/index")).anyMatch(f -> f.getFileName().toString().startsWith("segments_")));
    assertEquals(ARTICLES, embedder.articleTexts.get());

    // The next start (background embedding on for any missing vector) has none to embed.
    MainTest.Run q = run(false, "how does dna replication work\n", "query", "--content", CORPUS, "--config", config());
    assertEquals(0, q.code(), q.err());
    assertEquals(ARTICLES, embedder.articleTexts.get(), "nothing embedded again");
    assertFalse(q.err().contains("waiting for"), q.err());
    assertTrue(q.out().contains("\"status\":\"answered\""), q.out());

    MainTest.Run again = run(false, "", "index", "--content", CORPUS, "--config", config());
    assertTrue(again.out().startsWith("indexed 10 articles from directory " + CORPUS + ": 0 embedded, 10 from the cache"), again.out());
  }

  @Test
  void onATerminalIndexDrawsABar() throws Exception {
    embedder.open.countDown();
    MainTest.Run r = run(true, "", "index", "--content", CORPUS, "--config", config());

    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("\rembedding [" + ".".repeat(ProgressBar.WIDTH) + "]   0%  0/10 articles"), r.err());
    assertTrue(r.err().contains("\rembedding [" + "#".repeat(ProgressBar.WIDTH) + "] 100%  10/10 articles\n"), r.err());
  }

  @Test
  void indexFailsClearly() throws Exception {
    embedder.open.countDown();
    MainTest.Run usage = run(false, "", "index", "now", "--content", CORPUS, "--config", config());
    assertEquals(2, usage.code());
    assertTrue(usage.err().contains("index takes no arguments, not \"now\""), usage.err());

    MainTest.Run off = run(false, "", "index", "--content", CORPUS, "--config", config(), "--semantic", "off");
    assertEquals(1, off.code());
    assertTrue(off.err().contains("search.semantic is off"), off.err());

    MainTest.Run missing = run(false, "", "index", "--content", tmp.resolve("nowhere").toString(), "--config", config());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("content directory " + tmp.resolve("nowhere") + " does not exist"), missing.err());

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    MainTest.Run none = run(false, "", "index", "--content", empty.toString(), "--config", config());
    assertEquals(1, none.code());
    assertTrue(none.err().contains("studybot: index: no articles in directory " + empty), none.err());
  }

  @Test
  void queryWaitsForTheVectorsBeforeAnswering() throws Exception {
    Thread asker = Thread.currentThread();
    Thread opener = new Thread(() -> {
      try {
        // The gate opens once the command waits for the vectors: opened as soon as the embedding
        // began, a loaded machine could finish it before the command looked, and nothing would wait.
        if (embedder.waiting.await(30, TimeUnit.SECONDS)) {
          awaitingVectors(asker, Duration.ofSeconds(30));
          embedder.open.countDown();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    opener.start();
    MainTest.Run r = run(false, "how does dna replication work\n", "query", "--content", CORPUS, "--config", config());
    opener.join();

    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("waiting for 10 articles to be embedded before answering"), r.err());
    assertEquals(ARTICLES, embedder.articleTexts.get(), "every article embedded before the answer");
    assertTrue(r.out().contains("\"status\":\"answered\""), r.out());
  }

  /** Returns once {@code thread} waits in {@code Library.awaitVectors}, or {@code limit} has passed. */
  private static void awaitingVectors(Thread thread, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.State state = thread.getState();
      if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
          && Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitVectors"))) {
        return;
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void queryNoWaitAnswersByWordsWhileEmbedding() throws Exception {
    try {
      MainTest.Run r = run(false, "how does dna replication work\n", "query", "--no-wait", "--content", CORPUS, "--config",
          config());

      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("\"status\":\"answered\""), r.out());
      assertTrue(r.out().contains("How does DNA replication work?"), r.out());
      assertEquals(0, embedder.articleTexts.get(), "answered while the articles were still waiting at the gate");
      assertFalse(r.err().contains("waiting for"), r.err());
    } finally {
      embedder.open.countDown();
    }
  }
}

package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.content.Article;

/**
 * A long embedding makes its vectors durable as it goes: what a crash, a failing model or a newer
 * reload interrupts is not embedded again by the next start.
 */
class EmbeddingCheckpointTest {
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  private Path file() {
    return dir.resolve("vectors/cache.bin");
  }

  private VectorCache open(Embedder embedder) {
    return VectorCache.open(file(), embedder.modelId(), embedder.dimension(), log::add);
  }

  private static List<Article> corpus(int n) {
    List<Article> articles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      articles.add(Fixtures.article("a" + i, "Biology", "What is organelle number " + i + "?",
          "Organelle " + i + " is one of the parts of a cell, numbered " + i + "."));
    }
    return articles;
  }

  /** Calls {@code before} with the call's number (from 1) ahead of each batch it embeds. */
  private static final class Watched implements Embedder {
    private final FakeEmbedder inner = new FakeEmbedder();
    private final AtomicInteger calls = new AtomicInteger();
    private final java.util.function.IntConsumer before;

    Watched(java.util.function.IntConsumer before) {
      this.before = before;
    }

    @Override
    public String modelId() {
      return inner.modelId();
    }

    @Override
    public int dimension() {
      return inner.dimension();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      before.accept(calls.incrementAndGet());
      return inner.embed(texts);
    }
  }

  @Test
  void theCacheFileHoldsTheVectorsSoFarWhileALongEmbeddingRuns() {
    int every = ArticleVectors.BATCH;
    List<Article> corpus = corpus(4 * ArticleVectors.BATCH + 10);
    List<Integer> seenOnDisk = new ArrayList<>();
    // What a process started now (after a kill -9 of this one) would find in the file.
    Watched embedder = new Watched(call -> seenOnDisk.add(open(new FakeEmbedder()).size()));
    new ArticleVectors(embedder, open(embedder), log::add, ArticleVectors::text, every).of(corpus);

    // A checkpoint after every batch, until half of what is saved is more than a batch: then one
    // after as many articles as that half (the rewrites stay under twice the file's size).
    assertEquals(List.of(0, every, 2 * every, 3 * every, 3 * every), seenOnDisk,
        "before each batch, every earlier batch is on disk until the interval grows");
    assertEquals(corpus.size(), open(new FakeEmbedder()).size(), "and all of them at the end");
  }

  @Test
  void whenTheModelFailsMidwayWhatItEmbeddedIsKeptAndNotEmbeddedAgain() {
    List<Article> corpus = corpus(3 * ArticleVectors.BATCH);
    // Checkpoints far apart: only the one taken as the model fails saves anything.
    Watched failing = new Watched(call -> {
      if (call == 3) {
        throw new IllegalStateException("the model failed");
      }
    });
    ArticleVectors vectors = new ArticleVectors(failing, open(failing), log::add, ArticleVectors::text, 1_000_000);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> vectors.of(corpus));
    assertEquals("the model failed", e.getMessage(), "the model's failure is what is reported");

    FakeEmbedder restart = new FakeEmbedder();
    List<float[]> all = new ArticleVectors(restart, open(restart), log::add).of(corpus);
    assertEquals(ArticleVectors.BATCH, restart.embedded.get(), "only the batch that failed is embedded again");
    assertEquals(corpus.size(), all.size());
  }

  @Test
  void aStoppedEmbeddingKeepsItsVectorsAndTheOlderCorpusesOnDisk() {
    List<Article> older = corpus(3);
    FakeEmbedder first = new FakeEmbedder();
    new ArticleVectors(first, open(first), log::add).of(older);

    // A newer corpus, none of whose texts is cached, stopped after its second batch.
    List<Article> newer = new ArrayList<>();
    for (int i = 0; i < 3 * ArticleVectors.BATCH; i++) {
      newer.add(Fixtures.article("n" + i, "History", "Which treaty is number " + i + "?", "Treaty " + i + "."));
    }
    FakeEmbedder second = new FakeEmbedder();
    VectorCache cache = open(second);
    AtomicInteger batches = new AtomicInteger();
    ArticleVectors vectors = new ArticleVectors(second, cache, log::add, ArticleVectors::text, 1_000_000);
    ArticleVectors.Plan plan = vectors.plan(newer);
    assertThrows(CancellationException.class,
        () -> vectors.complete(plan, (done, todo) -> batches.incrementAndGet(), () -> batches.get() > 2));

    VectorCache reopened = open(new FakeEmbedder());
    assertEquals(older.size() + 2 * ArticleVectors.BATCH, reopened.size(), "the older corpus's and the two batches'");
    for (Article a : older) {
      assertNotNull(reopened.get(VectorStore.Key.of(ArticleVectors.text(a))), "an older text stays: a reload may bring it back");
    }
    assertTrue(log.stream().anyMatch(l -> l.contains("embedding stopped after 512")), log.toString());
  }
}

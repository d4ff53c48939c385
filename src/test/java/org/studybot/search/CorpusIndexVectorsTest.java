package org.studybot.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;

/**
 * {@link CorpusIndex#withVectors}: the corpus with vectors shares the words of the one served by
 * words alone, and either can be retired first without taking anything from the other.
 */
class CorpusIndexVectorsTest {
  private static final List<Article> ARTICLES =
      new CorpusLoader(1 << 20).load(Path.of("src/test/resources/slack-corpus")).articles();
  private final LexicalMatcher words = new LexicalMatcher(2000, 32);

  /** Vectors that find the first article for any question, and say when they are closed. */
  static final class Fake implements VectorSearch {
    final int size;
    final AtomicBoolean closed = new AtomicBoolean();

    Fake(int size) {
      this.size = size;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public List<Neighbour> nearest(float[] query, int k, Filter filter) {
      return List.of(new Neighbour(0, 0.9));
    }

    @Override
    public Filter filter(int[] ordinals) {
      return new Filter() {};
    }

    @Override
    public double similarity(int ordinal, float[] query) {
      return ordinal == 0 ? 0.9 : 0.1;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static List<String> ids(LexicalMatcher m, CorpusIndex.Lease lease, String q) {
    return m.match(lease, q, null, 3).matches().stream().map(x -> x.article().id()).toList();
  }

  @Test
  void theIndexWithVectorsSharesTheWordsAndOutlivesTheOneWithout() {
    CorpusIndex lexical = CorpusIndex.build(ARTICLES, 1, CorpusLoader.Progress.NONE);
    Fake vectors = new Fake(ARTICLES.size());
    CorpusIndex hybrid = lexical.withVectors(vectors, 2);
    CorpusIndex.Lease old = lexical.lease().orElseThrow();

    assertFalse(lexical.hasVectors());
    assertTrue(hybrid.hasVectors());
    assertEquals(2, hybrid.version());
    assertEquals(lexical.articles(), hybrid.articles());

    lexical.close(); // swapped out: a query still holds it
    try (CorpusIndex.Lease lease = hybrid.lease().orElseThrow()) {
      assertEquals(ids(words, old, "binary search"), ids(words, lease, "binary search"));
      assertEquals(ARTICLES.get(0), lease.nearest(new float[] {1}, null, 1).get(0).article());
    }
    assertFalse(lexical.isReleased());

    hybrid.close(); // retired before the older query ends
    assertTrue(vectors.closed.get());
    assertTrue(hybrid.isReleased());
    assertFalse(ids(words, old, "binary search").isEmpty(), "the words stay while a reader holds them");
    old.close();
    assertTrue(lexical.isReleased());
  }

  @Test
  void vectorsThatCannotBeAddedAreClosed() {
    CorpusIndex lexical = CorpusIndex.build(ARTICLES, 1, CorpusLoader.Progress.NONE);
    Fake short1 = new Fake(ARTICLES.size() - 1);
    assertThrows(IllegalArgumentException.class, () -> lexical.withVectors(short1, 2));
    assertTrue(short1.closed.get());

    lexical.close();
    Fake late = new Fake(ARTICLES.size());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> lexical.withVectors(late, 3));
    assertEquals("corpus version 1 is closed", e.getMessage());
    assertTrue(late.closed.get());
  }
}

package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.Semantic;
import org.studybot.semantic.VectorCache;
import org.studybot.semantic.VectorStore;

/** Article vectors shared through the store: what one replica embedded, no other embeds. */
class SharedVectorsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  /** Hashes each word into one of 16 dimensions, scaled to unit length; counts the texts it embeds. */
  static final class CountingEmbedder implements Embedder {
    final AtomicInteger embedded = new AtomicInteger();

    @Override
    public String modelId() {
      return "counting-16";
    }

    @Override
    public int dimension() {
      return 16;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        embedded.incrementAndGet();
        float[] v = new float[16];
        for (String w : t.toLowerCase(Locale.ROOT).split("\\W+")) {
          v[Math.floorMod(w.hashCode(), 16)] += 1;
        }
        double n = 0;
        for (float f : v) {
          n += f * f;
        }
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (v[i] / Math.sqrt(n));
        }
        out.add(v);
      }
      return out;
    }
  }

  private static Article article(String id, String title, String answer) {
    return new Article(id, title, title, "Biology", "/learn/" + id, "", "", List.of(), answer, List.of(), id + ".md");
  }

  private static final List<Article> CORPUS =
      List.of(
          article("1", "How do plants make food", "Photosynthesis turns light into sugar."),
          article("2", "What is a virus", "A virus copies itself inside a living cell."),
          article("3", "What is a cell membrane", "The membrane lets some molecules through."));

  /** One replica's semantic matching: its own embedder and index directory, vectors in {@code store}. */
  private record Replica(CountingEmbedder embedder, Semantic semantic, SharedVectors vectors) {
    static Replica on(Store store, TestDb db, String name, List<String> log) {
      CountingEmbedder e = new CountingEmbedder();
      SharedVectors v = new SharedVectors(store, e.modelId(), e.dimension(), log::add);
      return new Replica(e, new Semantic(e, v, db.dir().resolve(name + "/vectors/index"), log::add), v);
    }

    String nearest(String question, List<Article> articles, long version) {
      try (CorpusIndex index = semantic.build(articles, version, CorpusLoader.Progress.NONE);
          CorpusIndex.Lease lease = index.lease().orElseThrow()) {
        // The question is embedded by another instance, so the count stays the articles'.
        return lease.nearest(new CountingEmbedder().embed(question), null, 1).get(0).article().id();
      }
    }
  }

  @StoreTest
  void aSecondReplicaEmbedsNothingTheFirstDid(TestDb db) {
    List<String> log = new ArrayList<>();
    Replica a = Replica.on(db.open(new MutableClock(T0)), db, "a", log);
    Replica b = Replica.on(db.open(new MutableClock(T0)), db, "b", log);

    assertEquals("2", a.nearest("what is a virus", CORPUS, 1));
    assertEquals(3, a.embedder().embedded.get(), "the first replica embeds every text");
    assertEquals("2", b.nearest("what is a virus", CORPUS, 1));
    assertEquals(0, b.embedder().embedded.get(), "the second replica embeds none: " + log);

    // A reload with one article changed and one added: embedded once, by whichever replica loads first.
    List<Article> edited =
        List.of(
            CORPUS.get(0),
            article("2", "What is a virus", "A virus is a tiny infectious agent."),
            CORPUS.get(2),
            article("4", "What does DNA carry", "DNA carries the genetic instructions."));
    int before = a.embedder().embedded.get();
    assertEquals("4", a.nearest("what does dna carry", edited, 2));
    assertEquals(2, a.embedder().embedded.get() - before);
    assertEquals("4", b.nearest("what does dna carry", edited, 2));
    assertEquals(0, b.embedder().embedded.get(), "the second replica embeds none after a reload either: " + log);
    assertEquals(5, db.open(new MutableClock(T0)).vectors().count("counting-16"), "every text once, old ones kept");

    // The vector read from the store is the one the first replica stored, bit for bit.
    VectorStore.Key key = VectorStore.Key.of(org.studybot.semantic.ArticleVectors.text(edited.get(3)));
    assertArrayEquals(a.vectors().get(key), b.vectors().get(key));
    assertEquals(4, b.vectors().size(), "in memory: the current corpus's vectors only");
  }

  @StoreTest
  void theCacheFileOfAVersionBeforeTheStoreSeedsItSoAnUpgradeEmbedsNothing(TestDb db) {
    List<String> log = new ArrayList<>();
    Path data = db.dir().resolve("old");
    CountingEmbedder before = new CountingEmbedder();
    try (CorpusIndex index = new Semantic(before, data, log::add).build(CORPUS, 1, CorpusLoader.Progress.NONE)) {
      assertEquals(3, before.embedded.get(), "the old version embedded into its cache file");
    }
    Store store = db.open(new MutableClock(T0));
    CountingEmbedder after = new CountingEmbedder();
    VectorCache file = VectorCache.open(data.resolve(Semantic.CACHE_FILE), after.modelId(), after.dimension(), log::add);
    SharedVectors shared = new SharedVectors(store, after.modelId(), after.dimension(), file, log::add);
    Replica upgraded = new Replica(after, new Semantic(after, shared, data.resolve(Semantic.INDEX_DIR), log::add), shared);

    assertEquals("2", upgraded.nearest("what is a virus", CORPUS, 2));
    assertEquals(0, after.embedded.get(), "nothing embedded again: " + log);
    assertTrue(log.contains("3 article vectors taken from the cache file into the store"), log.toString());
    assertEquals(3, store.vectors().count("counting-16"));
    Replica other = Replica.on(db.open(new MutableClock(T0)), db, "other", log);
    assertEquals("2", other.nearest("what is a virus", CORPUS, 2));
    assertEquals(0, other.embedder().embedded.get(), "another replica finds them in the store");
  }

  @StoreTest
  void aVectorOfAnotherLengthUnderTheModelIsNotUsed(TestDb db) {
    Store store = db.open(new MutableClock(T0));
    List<String> log = new ArrayList<>();
    Replica r = Replica.on(store, db, "r", log);
    String text = org.studybot.semantic.ArticleVectors.text(CORPUS.get(0));
    store.vectors().putAll("counting-16", Map.of(VectorStore.Key.of(text).hex(), new float[] {1, 0, 0}));

    assertEquals("1", r.nearest("how do plants make food", CORPUS, 1));
    assertEquals(3, r.embedder().embedded.get(), "the short vector is embedded again");
    assertTrue(log.contains("1 stored vectors of counting-16 do not have its 16 dimensions; embedding their texts again"), log.toString());
  }

  @StoreTest
  void aStoreThatFailsCostsOnlyEmbeddingAndIsSaidOnce(TestDb db) {
    Store store = db.open(new MutableClock(T0));
    List<String> log = new ArrayList<>();
    Replica r = Replica.on(store, db, "r", log);
    store.close();

    assertEquals("2", r.nearest("what is a virus", CORPUS, 1));
    assertEquals("2", r.nearest("what is a virus", CORPUS, 2));
    assertEquals(3, r.embedder().embedded.get(), "embedded once: kept in memory for the reload");
    assertEquals(1, log.stream().filter(l -> l.startsWith("cannot write article vectors to the store")).count(), log.toString());
    assertEquals(3, r.vectors().unsaved(), "waiting to be written");
    assertEquals(0, db.open(new MutableClock(T0)).vectors().count("counting-16"));
  }

  @StoreTest
  void aVectorOfTheWrongLengthIsRefusedAndSaveForgetsWhatLeft(TestDb db) {
    SharedVectors v = new SharedVectors(db.open(new MutableClock(T0)), "m", 4, line -> {});
    VectorStore.Key gone = VectorStore.Key.of("gone");
    VectorStore.Key kept = VectorStore.Key.of("kept");
    assertThrows(IllegalArgumentException.class, () -> v.put(gone, new float[3]));
    v.put(gone, new float[] {1, 0, 0, 0});
    v.put(kept, new float[] {0, 1, 0, 0});
    v.save(Set.of(kept));
    assertNull(v.get(gone));
    assertEquals(1, v.size());
    SharedVectors other = new SharedVectors(db.open(new MutableClock(T0)), "m", 4, line -> {});
    assertEquals(Set.of(kept), other.fetch(List.of(gone, kept)).keySet(), "only what the corpus still uses is written");
  }
}

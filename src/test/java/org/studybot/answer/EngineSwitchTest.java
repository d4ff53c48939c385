package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.BotConfig;
import org.studybot.content.CorpusLoader;
import org.studybot.reply.Reply;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.HybridMatcher;
import org.studybot.semantic.Semantic;

/** {@code search.semantic} picks the engine; off is the lexical engine exactly. */
class EngineSwitchTest {
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();
  private final AtomicInteger modelsLoaded = new AtomicInteger();

  /** A one-dimension-per-letter embedder: enough to build an index with vectors. */
  private final Embedder letters =
      new Embedder() {
        @Override
        public String modelId() {
          return "letters";
        }

        @Override
        public int dimension() {
          return 26;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
          List<float[]> out = new ArrayList<>();
          for (String t : texts) {
            float[] v = new float[26];
            v[0] = 0.01f;
            t.toLowerCase().chars().filter(c -> c >= 'a' && c <= 'z').forEach(c -> v[c - 'a']++);
            double n = 0;
            for (float x : v) {
              n += x * x;
            }
            for (int i = 0; i < 26; i++) {
              v[i] /= (float) Math.sqrt(n);
            }
            out.add(v);
          }
          return out;
        }
      };

  @BeforeEach
  void content() throws IOException {
    write("170201", "Biology", "What is a virus and how does it infect a host cell?",
        "A virus is a tiny infectious particle of genes in a protein coat that hijacks a cell to copy itself.");
    write("170216", "Computer Science", "What is recursion in programming?",
        "Recursion is when a function calls itself on a smaller input until it reaches a base case.");
    write("170133", "Chemistry", "How do you calculate molar mass?",
        "Add up the atomic masses of every atom in the formula, in grams per mole.");
  }

  private void write(String id, String subject, String title, String answer) throws IOException {
    Path d = dir.resolve("content").resolve(subject.toLowerCase().replace(' ', '-'));
    Files.createDirectories(d);
    Files.writeString(d.resolve(id + ".md"), String.join("\n",
        "---", "id: " + id, "title: >-", "    " + title, "question: >-", "    " + title, "answer: >-", "    " + answer,
        "subject: " + subject, "url: /learn/x/" + id, "---", "&nbsp;", ""));
  }

  private BotConfig config(boolean semantic) {
    return BotConfig.builder().contentDir(dir.resolve("content")).dataDir(dir.resolve("data")).semantic(semantic).build();
  }

  private Answerer start(boolean semantic) {
    return Engine.start(config(semantic), log::add, () -> {
      modelsLoaded.incrementAndGet();
      return letters;
    });
  }

  @Test
  void offIsTheLexicalEngineWithNoModelAndNoFiles() {
    Answerer off = start(false);

    assertInstanceOf(LexicalMatcher.class, off.matcher());
    assertFalse(off.library().current().hasVectors());
    assertEquals(0, modelsLoaded.get(), "the model is never loaded");
    assertFalse(Files.exists(dir.resolve("data")), "nothing written under the data directory");
    assertTrue(log.get(0).startsWith("semantic matching off"), log.toString());
  }

  @Test
  void offGivesTheLexicalEnginesReplies() {
    Answerer off = start(false);
    Library plain = new Library(dir.resolve("content"), new CorpusLoader(1 << 20), CorpusIndex::build, line -> {});
    plain.loadNow();
    Answerer lexical = new Answerer(config(false), plain, new LexicalMatcher(2000, 32));
    for (String q : List.of("how do viruses infect cells", "function calling itself", "whats the weather", "molar mass")) {
      Reply a = off.answer(new Question(q, null, 5));
      Reply b = lexical.answer(new Question(q, null, 5));
      assertEquals(b.status(), a.status(), q);
      assertEquals(b.confidence(), a.confidence(), 1e-12, q);
      assertEquals(b.article() == null ? null : b.article().id(), a.article() == null ? null : a.article().id(), q);
    }
  }

  @Test
  void onIndexesVectorsCachesThemAndMatchesByBoth() {
    Answerer on = start(true);

    assertInstanceOf(HybridMatcher.class, on.matcher());
    assertTrue(on.library().current().hasVectors());
    assertEquals(1, modelsLoaded.get());
    assertTrue(Files.isRegularFile(dir.resolve("data").resolve(Semantic.CACHE_FILE)));
    assertTrue(log.get(0).startsWith("semantic matching on"), log.toString());
    Reply r = on.answer(new Question("how do viruses infect cells", null, 5));
    assertEquals("170201", r.article().id());
  }

  @Test
  void aModelThatCannotLoadFallsBackToWords() {
    Answerer fallback =
        Engine.start(config(true), log::add, () -> {
          throw new UnsupportedOperationException("no natives for this platform");
        });
    assertInstanceOf(LexicalMatcher.class, fallback.matcher());
    assertTrue(log.get(0).contains("no natives for this platform"), log.toString());
    assertEquals("170216", fallback.answer(new Question("recursion base case", null, 5)).article().id());
  }
}

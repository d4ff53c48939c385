package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigLoader;
import org.studybot.content.CorpusLoader;
import org.studybot.reply.Reply;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Matcher;

/** The reply cache: keyed on the normalised question, the subject and the corpus version; expires by its spec. */
class ReplyCacheTest {
  @TempDir Path content;

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Ticker ticker = nanos::get;
  private final AtomicInteger searches = new AtomicInteger();
  private Library library;
  private Answerer answerer;

  @BeforeEach
  void start() throws Exception {
    LibraryTest.write(content, "1", "entropy and heat");
    LibraryTest.write(content, "2", "enthalpy of reaction");
    library = new Library(content, new CorpusLoader(1_048_576), CorpusIndex::build, line -> {});
    library.loadNow();
    BotConfig config =
        ConfigLoader.parse("test", "cache: maximumSize=100,expireAfterWrite=60s\nsearch: {semantic: off}\n");
    Matcher lexical = new LexicalMatcher(2000, 32);
    Matcher counting =
        (lease, question, subject, limit) -> {
          searches.incrementAndGet();
          return lexical.match(lease, question, subject, limit);
        };
    answerer = new Answerer(config, library, counting, ticker);
  }

  @AfterEach
  void stop() {
    library.close();
  }

  @Test
  void sameQuestionIsServedFromTheCache() {
    Reply first = answerer.answer(Question.of("What is entropy?"));
    Reply again = answerer.answer(Question.of("  what is ENTROPY ?! "));
    assertSame(first, again, "case, spacing and end punctuation do not matter");
    assertEquals(1, searches.get());
    assertEquals(1, answerer.cacheStats().hitCount());
    assertEquals(0.5, answerer.cacheStats().hitRate());
    assertEquals(1, answerer.cachedReplies());
  }

  @Test
  void differentWordsSubjectOrLimitAreDifferentEntries() {
    answerer.answer(Question.of("what is entropy"));
    answerer.answer(Question.of("what is enthalpy"));
    answerer.answer(new Question("what is entropy", "physics", 5));
    answerer.answer(new Question("what is entropy", "Physics", 5)); // same subject, another spelling
    answerer.answer(new Question("what is entropy", null, 7));
    assertEquals(4, searches.get());
  }

  @Test
  void aReloadStartsAFreshCacheByVersion() throws Exception {
    Reply before = answerer.answer(Question.of("what is entropy"));
    assertEquals(1, answerer.cachedReplies());
    library.reload().get(30, TimeUnit.SECONDS);
    assertEquals(0, answerer.cachedReplies(), "the old corpus's replies are dropped at the swap");
    Reply after = answerer.answer(Question.of("what is entropy"));
    assertNotSame(before, after);
    assertNotEquals(before.corpusVersion(), after.corpusVersion());
    assertEquals(library.current().version(), after.corpusVersion());
    assertEquals(2, searches.get());
  }

  @Test
  void entriesExpireByTheSpecOnTheInjectedTicker() {
    Reply first = answerer.answer(Question.of("what is entropy"));
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertSame(first, answerer.answer(Question.of("what is entropy")));
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertNotSame(first, answerer.answer(Question.of("what is entropy")), "expired after 60 s");
    assertEquals(2, searches.get());
  }

  @Test
  void chatIsNotCachedAndClearEmptiesTheCache() {
    answerer.answer(Question.of("hello"));
    assertEquals(0, answerer.cachedReplies());
    answerer.answer(Question.of("what is entropy"));
    answerer.clearCache();
    answerer.answer(Question.of("what is entropy"));
    assertEquals(2, searches.get());
  }
}

package org.studybot.answer;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.studybot.config.BotConfig;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Matcher;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.MiniLmEmbedder;
import org.studybot.semantic.Semantic;

/**
 * Assembles the answering engine from a configuration: the loader, the library (loaded once,
 * here), the matcher and the answerer. Every front end starts from here.
 *
 * <p>With {@code search.semantic: on} the index carries sentence embeddings and questions are
 * matched by words and meaning ({@link org.studybot.semantic.HybridMatcher}); off, or where the
 * model cannot run, by words alone ({@link LexicalMatcher}). The log says which.
 */
public final class Engine {
  /** How long the content directory must be quiet after a change before it is reloaded. */
  static final java.time.Duration WATCH_QUIET = java.time.Duration.ofMillis(500);

  private Engine() {}

  /**
   * Loads the corpus and returns an answerer over it.
   *
   * @param log told about progress and problems, a line at a time
   */
  public static Answerer start(BotConfig config, Consumer<String> log) {
    return start(config, log, () -> {
      try {
        return MiniLmEmbedder.load(config.dataDir().resolve(Semantic.NATIVE_DIR));
      } catch (java.io.UncheckedIOException e) {
        // A read-only or full data directory must not cost semantic matching: unpack elsewhere.
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "studybot-native-" + System.getProperty("user.name", "user"));
        log.accept("cannot unpack native libraries under " + config.dataDir() + " (" + e.getCause().getMessage()
            + "); using " + tmp);
        return MiniLmEmbedder.load(tmp);
      }
    });
  }

  /** As {@link #start(BotConfig, Consumer)}, with the embedder from {@code embedder} (tests fake it). */
  static Answerer start(BotConfig config, Consumer<String> log, Supplier<? extends Embedder> embedder) {
    LexicalMatcher lexical = new LexicalMatcher(config.limits().maxQuestionChars(), config.limits().maxQueryTerms());
    Library.IndexBuilder builder = CorpusIndex::build;
    Matcher matcher = lexical;
    Embedder owned = null;
    if (config.search().semantic()) {
      try {
        owned = embedder.get();
        Semantic semantic = new Semantic(owned, config.dataDir(), log);
        builder = semantic::build;
        matcher = semantic.matcher(lexical, config.limits().maxQuestionChars());
        log.accept("semantic matching on: words and meaning (" + semantic.embedder().modelId() + ")");
      } catch (RuntimeException | LinkageError e) {
        if (owned != null) {
          owned.close();
          owned = null;
        }
        log.accept("semantic matching unavailable (" + e.getMessage() + "); matching by words alone");
      }
    } else {
      log.accept("semantic matching off: matching by words alone");
    }
    Library library = new Library(config.contentDir(), new CorpusLoader(config.limits().maxFileBytes()), builder, log);
    if (owned != null) {
      // The embedder's threads live as long as the library that embeds with them.
      library.closeWith(owned);
    }
    ReloadReport report = library.loadNow();
    if (report.load() != null) {
      report.load().problems().forEach(p -> log.accept("skipped: " + p));
    }
    log.accept(report.message());
    if (config.content().watch()) {
      try {
        library.closeWith(ContentWatcher.reloading(library, WATCH_QUIET, log));
        log.accept("watching " + config.contentDir() + " for changes");
      } catch (java.io.IOException e) {
        log.accept("cannot watch " + config.contentDir() + " (reload by hand instead): " + e.getMessage());
      }
    }
    return new Answerer(config, library, matcher);
  }
}

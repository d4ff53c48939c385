package org.studybot.answer;

import java.util.function.Consumer;
import org.studybot.config.BotConfig;
import org.studybot.content.CorpusLoader;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;

/**
 * Assembles the answering engine from a configuration: the loader, the library (loaded once,
 * here), the matcher and the answerer. Every front end starts from here.
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
    Library library =
        new Library(config.contentDir(), new CorpusLoader(config.maxFileBytes()), CorpusIndex::build, log);
    ReloadReport report = library.loadNow();
    if (report.load() != null) {
      report.load().problems().forEach(p -> log.accept("skipped: " + p));
    }
    log.accept(report.message());
    if (config.watchContent()) {
      try {
        library.closeWith(ContentWatcher.reloading(library, WATCH_QUIET, log));
        log.accept("watching " + config.contentDir() + " for changes");
      } catch (java.io.IOException e) {
        log.accept("cannot watch " + config.contentDir() + " (reload by hand instead): " + e.getMessage());
      }
    }
    return new Answerer(config, library, new LexicalMatcher(config.maxQuestionChars(), config.maxQueryTerms()));
  }
}

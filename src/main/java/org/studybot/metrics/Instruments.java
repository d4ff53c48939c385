package org.studybot.metrics;

import java.time.Duration;
import java.util.Locale;
import org.studybot.answer.Answerer;
import org.studybot.answer.Library;
import org.studybot.answer.ReloadReport;
import org.studybot.reply.Intent;
import org.studybot.search.CorpusIndex;
import org.studybot.source.SourceVersion;

/** Connects the parts of the bot to a {@link Metrics}: each method is called once at start. */
public final class Instruments {
  private Instruments() {}

  /**
   * The answerer's messages (by front end, status and subject, with latency), corpus (articles,
   * version, subjects for labels), reply cache, reloads and embedding backlog (articles waiting for
   * their vector in the background); the load already done counts as the first reload.
   *
   * @return closes to stop counting the answerer's messages
   */
  public static AutoCloseable answerer(Metrics metrics, Answerer answerer) {
    AutoCloseable listening = answerer.listen(
        e -> metrics.question(
            e.frontEnd(),
            e.intent() == Intent.QUESTION ? e.status().name().toLowerCase(Locale.ROOT) : Metrics.CHAT,
            e.subject(),
            Duration.ofNanos(e.latencyNanos())));
    Library library = answerer.library();
    metrics.watchCorpus(
        () -> {
          CorpusIndex index = library.current();
          return index == null ? 0 : index.size();
        },
        () -> {
          CorpusIndex index = library.current();
          return index == null ? 0 : index.version();
        },
        subject -> {
          CorpusIndex index = library.current();
          return index != null && index.subjects().values().stream().anyMatch(s -> s.name().equals(subject));
        });
    metrics.watchReplyCache(answerer::cacheStats, answerer::cachedReplies);
    metrics.watch(Metrics.Backlog.EMBEDDING, () -> library.semanticStatus().backlog());
    metrics.watch(Metrics.Backlog.EMBEDDING_PHASE, () -> library.semanticStatus().level());
    ReloadReport first = library.lastReload();
    if (first != null) {
      metrics.reload(first.swapped(), first.elapsed());
    }
    metrics.corpusCommit(commit(library));
    library.onReload(
        r -> {
          metrics.reload(r.swapped(), r.elapsed());
          metrics.corpusCommit(commit(library));
        });
    return listening;
  }

  private static String commit(Library library) {
    return library.source().served().map(SourceVersion::shortId).orElse("none");
  }
}

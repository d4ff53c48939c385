package org.studybot.answer;

import java.time.Duration;
import org.studybot.content.CorpusChanges;
import org.studybot.content.LoadResult;
import org.studybot.source.SourceUpdate;

/**
 * What a reload did. Immutable and thread-safe.
 *
 * @param swapped whether the new corpus now serves (else the old one still does)
 * @param load what the loader found (articles, problems, stale articles), or {@code null} if it
 *     did not run or failed outright
 * @param serving how many articles are served now
 * @param elapsed how long the update, load and index build took
 * @param message one line for people: counts and time, what changed, the commit served, or why the
 *     old corpus still serves
 * @param source what the content source did (the commit now served, a force push, why it failed)
 * @param changes articles added, changed and removed against the corpus served before
 */
public record ReloadReport(
    boolean swapped,
    LoadResult load,
    int serving,
    Duration elapsed,
    String message,
    SourceUpdate source,
    CorpusChanges changes) {

  public ReloadReport {
    source = source == null ? SourceUpdate.unversioned() : source;
    changes = changes == null ? CorpusChanges.NONE : changes;
  }

  /** A report of a source without versions and no comparison. */
  public ReloadReport(boolean swapped, LoadResult load, int serving, Duration elapsed, String message) {
    this(swapped, load, serving, elapsed, message, null, null);
  }
}

package org.studybot.answer;

import java.time.Duration;
import org.studybot.content.LoadResult;

/**
 * What a reload did. Immutable and thread-safe.
 *
 * @param swapped whether the new corpus now serves (else the old one still does)
 * @param load what the loader found (articles, problems), or {@code null} if it failed outright
 * @param serving how many articles are served now
 * @param elapsed how long the load and index build took
 * @param message one line for people: counts and time, or why the old corpus still serves
 */
public record ReloadReport(boolean swapped, LoadResult load, int serving, Duration elapsed, String message) {}

package org.studybot.usage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One counter of one UTC day, of one workspace or summed over several. Immutable and thread-safe.
 *
 * @param day the UTC day
 * @param dimension what is counted ({@link UsageRecorder#STATUS}, {@link UsageRecorder#UNANSWERED},
 *     ...)
 * @param item the value counted, e.g. {@code answered} or a subject's name
 * @param value how many (a changed vote takes one back from the other side, so a day may be
 *     negative for votes)
 */
public record DailyCount(LocalDate day, String dimension, String item, long value) {
  public DailyCount {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(dimension, "dimension");
    item = item == null ? "" : item;
  }
}

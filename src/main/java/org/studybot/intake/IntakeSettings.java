package org.studybot.intake;

import java.time.Duration;
import org.studybot.config.ConfigException;
import org.studybot.config.Section;

/**
 * The {@code intake} section of {@code config/studybot.yml}: how much work one replica takes, how
 * fast each student and channel may ask, how fast answers go out, and how a stop drains. Defaults
 * and the meaning of each key are in that file. Immutable and thread-safe.
 *
 * @param workers answers delivered at once ({@code workers})
 * @param apiRate deliveries started per second at most, across the replica ({@code api_rate})
 * @param userBurst questions one student may ask at once ({@code user_burst})
 * @param userEvery then one more per this interval ({@code user_every})
 * @param channelBurst answers one channel may be owed at once ({@code channel_burst})
 * @param channelEvery then one more per this interval ({@code channel_every})
 * @param maxHeld work this replica holds (waiting and running) at most ({@code max_held})
 * @param lease how long a claim lasts without renewal ({@code lease})
 * @param poll how often the store is asked for work that is ready ({@code poll})
 * @param drain how long a stop keeps answering before it leaves the rest pending ({@code drain})
 * @param lateAfter an answer delivered later than this after the question says it is late
 *     ({@code late_after})
 * @param responseUrlValid how long a slash command's response URL works ({@code
 *     response_url_valid})
 * @param noticeEvery a refused student is told at most once per this interval ({@code
 *     notice_every})
 * @param maxAttempts deliveries tried at most before an item is given up ({@code max_attempts})
 * @param retryAfter the first wait before a failed delivery is tried again; doubled each time
 *     ({@code retry_after})
 */
public record IntakeSettings(
    int workers,
    int apiRate,
    int userBurst,
    Duration userEvery,
    int channelBurst,
    Duration channelEvery,
    int maxHeld,
    Duration lease,
    Duration poll,
    Duration drain,
    Duration lateAfter,
    Duration responseUrlValid,
    Duration noticeEvery,
    int maxAttempts,
    Duration retryAfter) {

  /** Reads and checks the section. */
  public static IntakeSettings from(Section s) throws ConfigException {
    IntakeSettings r =
        new IntakeSettings(
            s.integer("workers", 1, 256),
            s.integer("api_rate", 1, 10_000),
            s.integer("user_burst", 1, 1_000_000),
            positive(s, "user_every"),
            s.integer("channel_burst", 1, 1_000_000),
            positive(s, "channel_every"),
            s.integer("max_held", 1, 1_000_000),
            positive(s, "lease"),
            positive(s, "poll"),
            s.duration("drain"),
            positive(s, "late_after"),
            positive(s, "response_url_valid"),
            positive(s, "notice_every"),
            s.integer("max_attempts", 1, 1000),
            positive(s, "retry_after"));
    if (r.poll.compareTo(r.lease.dividedBy(3)) > 0) {
      throw s.rule(
          s.dotted("poll") + ": " + r.poll.toMillis() + " ms is more than a third of "
              + s.dotted("lease") + " (" + r.lease.toMillis()
              + " ms): leases are renewed every poll and must not run out between two");
    }
    return r;
  }

  private static Duration positive(Section s, String key) throws ConfigException {
    Duration d = s.duration(key);
    if (d.isZero() || d.isNegative()) {
      throw s.invalid(key, s.isNull(key) ? null : d, "a duration above zero");
    }
    return d;
  }
}

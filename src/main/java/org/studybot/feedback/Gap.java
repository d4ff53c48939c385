package org.studybot.feedback;

import java.util.List;

/**
 * A question the bot keeps failing on, for the {@code gaps} report. Immutable and thread-safe.
 *
 * @param question the question as most often asked (normalised form grouped)
 * @param count how many times it was logged (none, unsure or thumbs-down)
 * @param downVotes how many of those were thumbs-down on an answer
 */
public record Gap(String question, int count, int downVotes) {

  /**
   * The gaps of one subject, most frequent first. Immutable and thread-safe.
   *
   * @param subject the subject, or {@code ""} for questions asked of no subject
   * @param total how many log lines fall in this subject
   * @param gaps its most frequent questions
   */
  public record Subject(String subject, int total, List<Gap> gaps) {
    public Subject {
      gaps = List.copyOf(gaps);
    }
  }
}

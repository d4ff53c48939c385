package org.studybot.config;

/**
 * The {@code answer} section: when a match is an answer, a guess or nothing, and how replies are
 * cut. Immutable and thread-safe.
 *
 * @param answeredAt confidence at or above which the best match is given as the answer
 *     ({@code answered_threshold})
 * @param unsureAt confidence at or above which the closest matches are offered as a guess
 *     ({@code unsure_threshold})
 * @param summaryChars the longest summary, in characters, when cut from the answer
 * @param alternatives how many matches an unsure reply offers
 * @param browseCommand the command replies name for browsing a subject ({@code
 *     slack.study_command}; the shell's {@code /study} has the same default)
 */
public record AnswerSettings(
    double answeredAt, double unsureAt, int summaryChars, int alternatives, String browseCommand) {

  /** Reads {@code answer}; {@code browseCommand} is the study command named by the Slack section. */
  static AnswerSettings from(Section s, String browseCommand) throws ConfigException {
    return new AnswerSettings(
        s.number("answered_threshold", 0, 1),
        s.number("unsure_threshold", 0, 1),
        s.integer("summary_chars", 40, 3000),
        s.integer("alternatives", 1, 10),
        browseCommand);
  }
}

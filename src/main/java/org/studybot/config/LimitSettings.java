package org.studybot.config;

/**
 * The {@code limits} section: the most StudyBot reads of one file or one question. Immutable and
 * thread-safe.
 *
 * @param maxFileBytes an article file larger than this is refused unread
 * @param maxQuestionChars a question is cut to this many characters before matching
 * @param maxQueryTerms at most this many distinct terms of a question are searched
 */
public record LimitSettings(long maxFileBytes, int maxQuestionChars, int maxQueryTerms) {

  static LimitSettings from(Section s) throws ConfigException {
    return new LimitSettings(
        s.longInteger("max_file_bytes", 1024, 1L << 30),
        s.integer("max_question_chars", 10, 100_000),
        s.integer("max_query_terms", 1, 1024));
  }
}

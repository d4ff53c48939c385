package org.studybot.search;

/**
 * Finds the articles that best answer a question. Implementations are thread-safe: one instance
 * serves every front end at once.
 */
public interface Matcher {
  /**
   * The best {@code limit} articles for {@code question}, best first, with their evidence.
   *
   * @param lease the index to search, held for the duration of the call
   * @param question what the student typed, as typed: it is never parsed as query syntax
   * @param subjectKey only this subject ({@link org.studybot.content.Slugs#subject} form), or
   *     {@code null} for all
   */
  MatchResult match(CorpusIndex.Lease lease, String question, String subjectKey, int limit);
}

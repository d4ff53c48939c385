package org.studybot.search;

import java.util.List;

/**
 * The matches for one question, best first, and how the question was read. Immutable and
 * thread-safe.
 *
 * @param matches the matches, best first
 * @param terms the question's distinct terms, as searched
 * @param corpusVersion the version of the corpus searched
 */
public record MatchResult(List<Match> matches, List<QueryTerm> terms, long corpusVersion) {
  public MatchResult {
    matches = List.copyOf(matches);
    terms = List.copyOf(terms);
  }

  /** The best match, if any. */
  public Match best() {
    return matches.isEmpty() ? null : matches.get(0);
  }
}

package org.studybot.search;

import java.util.List;

/**
 * The matches for one question, best first, and how the question was read. Immutable and
 * thread-safe.
 *
 * @param matches the matches, best first
 * @param terms the question's distinct terms, as searched
 * @param corpusVersion the version of the corpus searched
 * @param interim whether the similarities came from interim vectors ({@link VectorSearch#interim})
 */
public record MatchResult(List<Match> matches, List<QueryTerm> terms, long corpusVersion, boolean interim) {
  public MatchResult {
    matches = List.copyOf(matches);
    terms = List.copyOf(terms);
  }

  /** Matches whose similarities, if any, come from the full vectors. */
  public MatchResult(List<Match> matches, List<QueryTerm> terms, long corpusVersion) {
    this(matches, terms, corpusVersion, false);
  }

  /** The best match, if any. */
  public Match best() {
    return matches.isEmpty() ? null : matches.get(0);
  }
}

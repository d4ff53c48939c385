package org.studybot.search;

/**
 * One analyzed word of a question and what became of it. Immutable and thread-safe.
 *
 * @param typed the term as analyzed from the question
 * @param searched the term searched: {@code typed}, a spelling correction of it, or {@code null}
 *     when it is in no article and nothing close is
 * @param weight how much it counts: its rarity (inverse document frequency), lowered for a
 *     correction; unknown terms count at the rarity of a term no article has
 */
public record QueryTerm(String typed, String searched, double weight) {
  /** Whether the term was replaced by a spelling correction. */
  public boolean corrected() {
    return searched != null && !searched.equals(typed);
  }
}

package org.studybot.config;

/**
 * The {@code search} section. Immutable and thread-safe.
 *
 * @param semantic whether sentence embeddings join keyword matching ({@code search.semantic})
 * @param embedBeforeAnswering at most this many articles without a cached vector are embedded
 *     before a corpus serves; with more, it serves by words at once and is embedded in the
 *     background ({@code search.embed_before_answering})
 */
public record SearchSettings(boolean semantic, int embedBeforeAnswering) {

  static SearchSettings from(Section s) throws ConfigException {
    return new SearchSettings(s.bool("semantic"), s.integer("embed_before_answering", 0, Integer.MAX_VALUE));
  }
}

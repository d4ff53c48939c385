package org.studybot.config;

/**
 * The {@code search} section. Immutable and thread-safe.
 *
 * @param semantic whether sentence embeddings join keyword matching ({@code search.semantic})
 */
public record SearchSettings(boolean semantic) {

  static SearchSettings from(Section s) throws ConfigException {
    return new SearchSettings(s.bool("semantic"));
  }
}

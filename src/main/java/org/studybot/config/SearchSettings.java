package org.studybot.config;

import java.util.List;

/**
 * The {@code search} section. Immutable and thread-safe.
 *
 * @param semantic whether sentence embeddings join keyword matching ({@code search.semantic})
 * @param model the sentence encoder's name ({@code search.model}), one of {@link #MODELS}
 * @param embedBeforeAnswering at most this many articles without a cached vector are embedded
 *     before a corpus serves; with more, it serves by words at once and is embedded in the
 *     background ({@code search.embed_before_answering})
 * @param quickPassAbove when more articles than this (and than {@code embedBeforeAnswering}) lack a
 *     cached vector, the background embedding gives them quick interim vectors first, serving words
 *     and quick meaning until the full texts are embedded ({@code search.quick_pass_above})
 */
public record SearchSettings(boolean semantic, String model, int embedBeforeAnswering, int quickPassAbove) {
  /**
   * The models {@code search.model} may name: the encoders that {@code SentenceModel} (package semantic)
   * runs (a test keeps the two lists equal; config depends on no package of ours).
   */
  public static final List<String> MODELS = List.of("all-minilm-l6-v2-q", "bge-small-en-v1.5-q", "e5-small-v2-q");

  static SearchSettings from(Section s) throws ConfigException {
    String model = s.string("model");
    if (!MODELS.contains(model)) {
      throw s.invalid("model", model, "one of " + String.join(", ", MODELS));
    }
    return new SearchSettings(s.bool("semantic"), model, s.integer("embed_before_answering", 0, Integer.MAX_VALUE),
        s.integer("quick_pass_above", 0, Integer.MAX_VALUE));
  }
}

package org.studybot.answer;

import java.util.Locale;

/**
 * Where matching by meaning stands for the latest corpus: off, its articles being embedded in the
 * background (answers by words meanwhile), ready, or failed (answers by words alone). Immutable and
 * thread-safe.
 *
 * @param phase the phase
 * @param withVectors articles of the corpus that have their vector (cached or embedded)
 * @param articles articles in the corpus
 * @param why why it failed, or empty
 */
public record SemanticStatus(Phase phase, int withVectors, int articles, String why) {
  /** The phases. */
  public enum Phase {
    /** Matching by words alone, by configuration or because the model cannot run. */
    OFF,
    /** Answering by words while the articles are embedded; words and meaning when done. */
    EMBEDDING,
    /** Matching by words and meaning. */
    READY,
    /** The vectors could not be made: answering by words alone until the next reload. */
    FAILED
  }

  /** Semantic matching off. */
  public static final SemanticStatus OFF = new SemanticStatus(Phase.OFF, 0, 0, "");

  /** Articles waiting for their vector: the embedding backlog. */
  public int backlog() {
    return phase == Phase.EMBEDDING ? articles - withVectors : 0;
  }

  /** One line: {@code semantic: embedding 12,000/100,000 ...}, {@code semantic: ready}, ... */
  public String describe() {
    return "semantic: " + summary();
  }

  /** {@link #describe} without its label: {@code embedding 12,000/100,000 ...}, {@code ready}, ... */
  public String summary() {
    return switch (phase) {
      case OFF -> "off";
      case EMBEDDING -> String.format(Locale.ROOT, "embedding %,d/%,d (answering by words meanwhile)",
          withVectors, articles);
      case READY -> "ready";
      case FAILED -> "failed, answering by words alone (" + why + ")";
    };
  }
}

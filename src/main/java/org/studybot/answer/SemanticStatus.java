package org.studybot.answer;

import java.util.Locale;

/**
 * Where matching by meaning stands for the latest corpus: off, its articles being embedded in the
 * background (answers by words meanwhile, a large backlog first by a quick pass), words and quick
 * meaning (interim vectors serve while the full texts are embedded), ready, or failed (answers by
 * words alone). Immutable and thread-safe.
 *
 * @param phase the phase
 * @param withVectors articles of the corpus that have their full vector (cached or embedded)
 * @param articles articles in the corpus
 * @param why why it failed (in {@link Phase#QUICK}, why the full texts did), or empty
 * @param quickDone during a quick pass ({@link Phase#EMBEDDING} with {@code quickTodo > 0}), the
 *     articles it has embedded so far
 * @param quickTodo the articles the quick pass embeds, or 0 when there is none
 */
public record SemanticStatus(Phase phase, int withVectors, int articles, String why, int quickDone, int quickTodo) {
  /** The phases. */
  public enum Phase {
    /** Matching by words alone, by configuration or because the model cannot run. */
    OFF,
    /** Answering by words while the articles are embedded; words and meaning when done. */
    EMBEDDING,
    /** Matching by words and interim meaning (a quick pass's vectors) while the full texts are embedded. */
    QUICK,
    /** Matching by words and meaning. */
    READY,
    /** The vectors could not be made: answering by words alone until the next reload. */
    FAILED
  }

  /** Semantic matching off. */
  public static final SemanticStatus OFF = new SemanticStatus(Phase.OFF, 0, 0, "");

  /** A status without a quick pass. */
  public SemanticStatus(Phase phase, int withVectors, int articles, String why) {
    this(phase, withVectors, articles, why, 0, 0);
  }

  /** Articles waiting for their full vector: the embedding backlog (interim vectors count as waiting). */
  public int backlog() {
    return phase == Phase.EMBEDDING || phase == Phase.QUICK ? articles - withVectors : 0;
  }

  /**
   * The phase as a number for a gauge: 0 words alone (off or failed), 1 words while the articles
   * are embedded, 2 words and quick meaning, 3 words and meaning.
   */
  public int level() {
    return switch (phase) {
      case OFF, FAILED -> 0;
      case EMBEDDING -> 1;
      case QUICK -> 2;
      case READY -> 3;
    };
  }

  /** One line: {@code semantic: embedding 12,000/100,000 ...}, {@code semantic: ready}, ... */
  public String describe() {
    return "semantic: " + summary();
  }

  /** {@link #describe} without its label: {@code embedding 12,000/100,000 ...}, {@code ready}, ... */
  public String summary() {
    return switch (phase) {
      case OFF -> "off";
      case EMBEDDING -> quickTodo > 0
          ? String.format(Locale.ROOT, "quick pass %,d/%,d, then full texts (answering by words meanwhile)",
              quickDone, quickTodo)
          : String.format(Locale.ROOT, "embedding %,d/%,d (answering by words meanwhile)", withVectors, articles);
      case QUICK -> why.isEmpty()
          ? String.format(Locale.ROOT, "words and quick meaning; embedding full texts %,d/%,d", withVectors, articles)
          : "words and quick meaning; the full texts failed (" + why + ")";
      case READY -> "ready";
      case FAILED -> "failed, answering by words alone (" + why + ")";
    };
  }
}

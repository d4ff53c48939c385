package org.studybot.reply;

import java.util.Locale;

/** How sure the bot is of a reply. */
public enum Status {
  /** Confident: the best article is the answer. */
  ANSWERED,
  /** A guess: the closest few articles are offered, and the bot says it is unsure. */
  UNSURE,
  /** Nothing relevant (or not a study question): the bot says what it can do. */
  NONE;

  /** The lower-case wire name: {@code answered}, {@code unsure}, {@code none}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package org.studybot.content;

import java.text.Normalizer;
import java.util.Locale;

/** Turns names into the site's slug forms. */
public final class Slugs {
  private Slugs() {}

  /**
   * The key of a subject: accents folded, lower case, every run of non-alphanumerics one hyphen
   * ({@code "Computer Science"} and {@code computer-science} both give {@code computer-science}),
   * so users may type the name or the slug.
   */
  public static String subject(String name) {
    return hyphenate(fold(name));
  }

  /**
   * The slug the site gives a title: like {@link #subject} but apostrophes and hyphens inside a
   * word are dropped ({@code "right-hand"} becomes {@code righthand}, {@code "what's"} {@code whats}).
   */
  public static String title(String title) {
    return hyphenate(fold(title).replaceAll("(?<=[\\p{L}\\p{N}])['’-](?=[\\p{L}\\p{N}])", ""));
  }

  private static String fold(String text) {
    if (text == null) {
      return "";
    }
    return Normalizer.normalize(text, Normalizer.Form.NFKD)
        .replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT);
  }

  private static String hyphenate(String folded) {
    return folded.replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
  }
}

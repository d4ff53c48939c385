package org.studybot.search;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The initialisms a corpus's own names spell: "Franklin D. Roosevelt" gives {@code fdr}, "Works
 * Progress Administration" {@code wpa}, so a student who types the short form the articles never
 * write finds the article that names it in full. Learnt from runs of capitalised words in what
 * each article says it is about (title, question, description, keywords: the names it is about, a
 * fraction of its text, so a large corpus learns few); an initialism two different names spell is dropped (ambiguous), and one of fewer
 * than {@value #MIN_LETTERS} letters is not learnt (two letters spell too many things: {@code fr}
 * is chat for "for real", not the French Revolution). Only consulted for a word no article
 * contains, so a written acronym ({@code TCP}) is searched as it is. Built while the corpus is
 * indexed, by several threads at once; immutable once built and thread-safe.
 */
final class Initialisms {
  /** The fewest letters of an initialism learnt. */
  static final int MIN_LETTERS = 3;

  /** The most letters of an initialism learnt: longer names are rarely shortened by students. */
  static final int MAX_LETTERS = 5;

  // Marks an initialism two different names spell.
  private static final String AMBIGUOUS = "";

  private final Map<String, String> names = new ConcurrentHashMap<>();

  /** Learns the names in {@code text}; safe to call from several threads at once. */
  void learn(String text) {
    // The current run of capitalised words: their starts and ends in text.
    int[] starts = new int[MAX_LETTERS * 4];
    int[] ends = new int[starts.length];
    int run = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (!Character.isLetter(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && Character.isLetter(text.charAt(i))) {
        i++;
      }
      boolean capitalised = Character.isUpperCase(c) && (i - start == 1 || !allUpper(text, start + 1, i));
      // A run goes on across one space, or an initial's full stop and a space ("Franklin D. Roosevelt").
      boolean joined = run > 0 && joins(text, ends[run - 1], start, ends[run - 1] - starts[run - 1] == 1);
      if (!capitalised) {
        emit(text, starts, ends, run);
        run = 0;
        continue;
      }
      if (!joined) {
        emit(text, starts, ends, run);
        run = 0;
      }
      if (run == starts.length) {
        emit(text, starts, ends, run);
        run = 0;
      }
      starts[run] = start;
      ends[run] = i;
      run++;
    }
    emit(text, starts, ends, run);
  }

  /**
   * The words of the one name {@code word} is the initialism of (lower case, initials of one letter
   * left out), or an empty list.
   */
  List<String> expand(String word) {
    if (word.length() < MIN_LETTERS || word.length() > MAX_LETTERS) {
      return List.of();
    }
    String name = names.get(word.toLowerCase(Locale.ROOT));
    if (name == null || name.equals(AMBIGUOUS)) {
      return List.of();
    }
    return Arrays.stream(name.split(" ")).filter(w -> w.length() > 1).toList();
  }

  /** How many initialisms are known (ambiguous ones included). */
  int size() {
    return names.size();
  }

  private static boolean allUpper(String text, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!Character.isUpperCase(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean joins(String text, int from, int to, boolean afterInitial) {
    String gap = text.substring(from, to);
    return gap.equals(" ") || (afterInitial && gap.equals(". "));
  }

  /** Records every stretch of {@link #MIN_LETTERS} to {@link #MAX_LETTERS} words of a run. */
  private void emit(String text, int[] starts, int[] ends, int run) {
    for (int len = MIN_LETTERS; len <= Math.min(MAX_LETTERS, run); len++) {
      for (int from = 0; from + len <= run; from++) {
        StringBuilder letters = new StringBuilder(len);
        StringBuilder name = new StringBuilder();
        for (int w = from; w < from + len; w++) {
          letters.append(Character.toLowerCase(text.charAt(starts[w])));
          if (name.length() > 0) {
            name.append(' ');
          }
          name.append(text, starts[w], ends[w]);
        }
        String full = name.toString().toLowerCase(Locale.ROOT);
        names.merge(letters.toString(), full, (a, b) -> a.equals(b) ? a : AMBIGUOUS);
      }
    }
  }
}

package org.studybot.content;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one corpus differs from the one before, by article id. Immutable and thread-safe.
 *
 * @param added ids only in the new corpus
 * @param changed ids in both whose article differs (any field, or the file it came from)
 * @param removed ids only in the old corpus
 */
public record CorpusChanges(int added, int changed, int removed) {
  /** No comparison made (a first load). */
  public static final CorpusChanges NONE = new CorpusChanges(0, 0, 0);

  /** Compares two corpora article by article. */
  public static CorpusChanges between(List<Article> before, List<Article> after) {
    Map<String, Article> old = new HashMap<>(before.size() * 2);
    before.forEach(a -> old.put(a.id(), a));
    int added = 0;
    int changed = 0;
    for (Article a : after) {
      Article was = old.remove(a.id());
      if (was == null) {
        added++;
      } else if (was != a && !was.equals(a)) {
        changed++;
      }
    }
    return new CorpusChanges(added, changed, old.size());
  }

  /** {@code 2 added, 1 changed, 0 removed}. */
  @Override
  public String toString() {
    return added + " added, " + changed + " changed, " + removed + " removed";
  }
}

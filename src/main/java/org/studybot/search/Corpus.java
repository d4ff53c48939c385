package org.studybot.search;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.studybot.content.Article;
import org.studybot.content.Slugs;

/**
 * One corpus's articles looked up: by ordinal (their place in the load), by id, and their
 * subjects. Immutable and thread-safe.
 */
final class Corpus {
  private final List<Article> articles;
  private final Map<String, Integer> ordinals;
  private final Map<String, CorpusIndex.Subject> subjects;
  private final Map<String, String> subjectKeys; // subject name -> key

  /** The articles, in load order; ids must be unique (the loader sees to it). */
  Corpus(List<Article> articles) {
    this.articles = List.copyOf(articles);
    Map<String, Integer> ords = new HashMap<>(articles.size() * 2);
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> keys = new HashMap<>(); // computed once per subject name
    for (int i = 0; i < articles.size(); i++) {
      Article a = articles.get(i);
      ords.put(a.id(), i);
      String key = keys.computeIfAbsent(a.subject(), Slugs::subject);
      names.putIfAbsent(key, a.subject());
      counts.merge(key, 1, Integer::sum);
    }
    Map<String, CorpusIndex.Subject> subjectMap = new TreeMap<>();
    names.forEach((key, name) -> subjectMap.put(key, new CorpusIndex.Subject(key, name, counts.get(key))));
    this.ordinals = Collections.unmodifiableMap(ords);
    this.subjects = Collections.unmodifiableMap(subjectMap);
    this.subjectKeys = Map.copyOf(keys);
  }

  /** The articles, in load order. */
  List<Article> articles() {
    return articles;
  }

  /** The article at an ordinal. */
  Article article(int ordinal) {
    return articles.get(ordinal);
  }

  /** How many articles there are. */
  int size() {
    return articles.size();
  }

  /** The ordinal of the article with this id, or {@code -1}. */
  int ordinal(String id) {
    Integer ord = ordinals.get(id);
    return ord == null ? -1 : ord;
  }

  /** The article with this id, if any. */
  Optional<Article> byId(String id) {
    int ord = ordinal(id);
    return ord < 0 ? Optional.empty() : Optional.of(articles.get(ord));
  }

  /** The subjects by key, sorted by key. */
  Map<String, CorpusIndex.Subject> subjects() {
    return subjects;
  }

  /** The ordinals of a subject's articles, in order. */
  int[] ordinalsOf(String subjectKey) {
    return IntStream.range(0, articles.size())
        .filter(i -> subjectKeys.get(articles.get(i).subject()).equals(subjectKey))
        .toArray();
  }
}

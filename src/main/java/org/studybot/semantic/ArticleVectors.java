package org.studybot.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.studybot.content.Article;

/**
 * Gives every article of a corpus its vector: from the {@link VectorStore} when the article's
 * embedded text is unchanged, else by embedding it (in batches over every core, with progress
 * lines for large corpora), then saves the cache. So a restart or a reload embeds only the
 * articles that are new or changed. Thread-safe; one load at a time (the library serialises them).
 */
public final class ArticleVectors {
  /** Texts per batch: big enough to keep every core busy, small enough for steady progress. */
  static final int BATCH = 256;

  /** A progress line at most every this many articles embedded. */
  static final int PROGRESS_EVERY = 2000;

  /** The answer's opening, up to this many characters, is embedded with the title. */
  static final int ANSWER_OPENING = 300;


  private final Embedder embedder;
  private final VectorStore cache;
  private final Consumer<String> log;
  private final Function<Article, String> recipe;

  /** Vectors of {@link #text}, cached in {@code cache}. */
  public ArticleVectors(Embedder embedder, VectorStore cache, Consumer<String> log) {
    this(embedder, cache, log, ArticleVectors::text);
  }

  /** Vectors of {@code recipe}'s text (the benchmark compares recipes). */
  ArticleVectors(Embedder embedder, VectorStore cache, Consumer<String> log, Function<Article, String> recipe) {
    if (!cache.modelId().equals(embedder.modelId())) {
      throw new IllegalArgumentException(
          "vector cache for model " + cache.modelId() + " given to embedder " + embedder.modelId());
    }
    this.embedder = embedder;
    this.cache = cache;
    this.log = log;
    this.recipe = recipe;
  }

  /** The embedder these vectors come from. */
  public Embedder embedder() {
    return embedder;
  }

  /**
   * What is embedded for an article: its title, its question when it differs, its description
   * and the opening of its answer — the parts that say what it is about, and short enough for the
   * model's window.
   */
  public static String text(Article a) {
    StringBuilder sb = new StringBuilder(a.title());
    if (!a.question().equals(a.title())) {
      sb.append(' ').append(a.question());
    }
    if (!a.description().isBlank()) {
      sb.append(' ').append(a.description());
    }
    String answer = plainOpening(a.answer(), ANSWER_OPENING);
    if (!answer.isEmpty()) {
      sb.append(' ').append(answer);
    }
    return sb.toString();
  }

  /**
   * {@code opening(plain(answer), max)}, without cleaning the whole of a long answer: only a
   * prefix of it is cleaned, cut where no markup is split, which gives the same characters up to
   * its end; when that is long enough to decide the opening, it is used, else the whole answer.
   * (Cleaning every answer in full took seconds at 100,000 articles; the text must stay exactly as
   * it was, or every cached vector would be embedded again.)
   */
  static String plainOpening(String answer, int max) {
    int cut = 4 * max;
    if (answer.length() > cut) {
      // Back off from markup the cut would split: a run of '*' (pairs are removed from its start),
      // a ']' that may open "](link)", and the first "](" after the last ')', whose link may end
      // beyond the cut.
      while (cut > 0 && (answer.charAt(cut - 1) == '*' || answer.charAt(cut - 1) == ']')) {
        cut--;
      }
      int link = answer.indexOf("](", answer.lastIndexOf(')', cut - 1) + 1);
      if (link >= 0 && link < cut) {
        cut = link;
      }
      String prefix = plain(answer.substring(0, cut));
      // One more character than the opening reads, plus one: a whitespace run at the cut may
      // continue past it, so the last character is the only one that may differ.
      if (prefix.length() > max + 1) {
        return opening(prefix, max);
      }
    }
    return opening(plain(answer), max);
  }

  /** The answer without its markup characters. */
  private static String plain(String answer) {
    return answer.replaceAll("\\*\\*|`|\\[|\\]\\([^)]*\\)", "").replaceAll("\\s+", " ").strip();
  }

  /** The start of {@code s}, cut at a word boundary near {@code max}. */
  static String opening(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = s.lastIndexOf(' ', max);
    return s.substring(0, cut > max / 2 ? cut : max);
  }

  /**
   * One vector per article, in order.
   *
   * @throws IllegalStateException when the model fails
   */
  public List<float[]> of(List<Article> articles) {
    return embed(articles).vectors();
  }

  /**
   * The articles' vectors with their keys.
   *
   * @param keys per article, the hash of its embedded text (hex): equal texts, equal keys
   * @param vectors per article, unit length
   */
  public record Embedded(List<String> keys, List<float[]> vectors) {
    public Embedded {
      keys = List.copyOf(keys);
      vectors = List.copyOf(vectors);
    }
  }

  /**
   * One vector per article, in order, with the key of each article's text.
   *
   * @throws IllegalStateException when the model fails
   */
  public Embedded embed(List<Article> articles) {
    long start = System.nanoTime();
    int n = articles.size();
    float[][] out = new float[n][];
    String[] texts = new String[n];
    VectorStore.Key[] keyArray = new VectorStore.Key[n];
    // Text and hash of every article, on all cores: at 100,000 articles a second or more of work
    // that a warm start would otherwise spend on one core.
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              texts[i] = recipe.apply(articles.get(i));
              keyArray[i] = VectorStore.Key.of(texts[i]);
              out[i] = cache.get(keyArray[i]);
            });
    List<VectorStore.Key> keys = Arrays.asList(keyArray);
    fetchShared(keys, out);
    List<Integer> missing = new ArrayList<>();
    List<String> missingTexts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (out[i] == null) {
        missing.add(i);
        missingTexts.add(texts[i]);
      }
    }
    int todo = missing.size();
    if (todo > 0) {
      boolean report = todo >= PROGRESS_EVERY;
      if (report) {
        log.accept(String.format("embedding %,d of %,d articles (%,d cached) on %d cores",
            todo, n, n - todo, Runtime.getRuntime().availableProcessors()));
      }
      int nextReport = PROGRESS_EVERY;
      for (int from = 0; from < todo; from += BATCH) {
        int to = Math.min(todo, from + BATCH);
        List<float[]> vs = embedder.embed(missingTexts.subList(from, to));
        for (int j = from; j < to; j++) {
          float[] v = vs.get(j - from);
          out[missing.get(j)] = v;
          cache.put(keys.get(missing.get(j)), v);
        }
        if (report && (to >= nextReport || to == todo)) {
          nextReport += PROGRESS_EVERY;
          double secs = (System.nanoTime() - start) / 1e9;
          log.accept(String.format("embedding articles: %,d / %,d (%.0f per second)", to, todo, to / secs));
        }
      }
      cache.save(new HashSet<>(keys));
    } else if (cache.size() > n) {
      cache.save(Set.copyOf(keys));
    }
    List<String> hex = new ArrayList<>(n);
    for (VectorStore.Key k : keys) {
      hex.add(k.hex());
    }
    return new Embedded(hex, List.of(out));
  }

  /**
   * Fills in the vectors the store did not have at hand but another replica stored since (a
   * shared store; nothing for a local one), so those texts are not embedded again here.
   */
  private void fetchShared(List<VectorStore.Key> keys, float[][] out) {
    List<VectorStore.Key> absent = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        absent.add(keys.get(i));
      }
    }
    if (absent.isEmpty()) {
      return;
    }
    Map<VectorStore.Key, float[]> found = cache.fetch(absent);
    for (int i = 0; i < out.length && !found.isEmpty(); i++) {
      if (out[i] == null) {
        out[i] = found.get(keys.get(i));
      }
    }
  }
}

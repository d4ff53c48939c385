package org.studybot.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
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

  /**
   * During a long embedding, the vectors so far are made durable ({@link VectorStore#checkpoint})
   * after this many articles (about 45 s of embedding on two cores), or after half as many as are
   * durable already, whichever is more: a crash or kill in the middle of a 100,000-article cold
   * start loses at most a third of the work, not all of it, while the cache file's rewrites stay
   * under twice its final size (at 100,000 articles, checkpoints after about 10,000, 20,000, 31,000,
   * 46,000 and 69,000: 270 MB written, a few seconds against some 7 minutes of embedding).
   */
  static final int CHECKPOINT_EVERY = 10_000;

  private final Embedder embedder;
  private final VectorStore cache;
  private final Consumer<String> log;
  private final Function<Article, String> recipe;
  private final int checkpointEvery;

  /** Vectors of {@link #text}, cached in {@code cache}. */
  public ArticleVectors(Embedder embedder, VectorStore cache, Consumer<String> log) {
    this(embedder, cache, log, ArticleVectors::text);
  }

  /** Vectors of {@code recipe}'s text (the benchmark compares recipes). */
  ArticleVectors(Embedder embedder, VectorStore cache, Consumer<String> log, Function<Article, String> recipe) {
    this(embedder, cache, log, recipe, CHECKPOINT_EVERY);
  }

  /** Vectors of {@code recipe}'s text, made durable every {@code checkpointEvery} articles embedded. */
  ArticleVectors(
      Embedder embedder, VectorStore cache, Consumer<String> log, Function<Article, String> recipe,
      int checkpointEvery) {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpoint interval must be at least 1 article, not " + checkpointEvery);
    }
    if (!cache.modelId().equals(embedder.modelId())) {
      throw new IllegalArgumentException(
          "vector cache for model " + cache.modelId() + " given to embedder " + embedder.modelId());
    }
    this.embedder = embedder;
    this.cache = cache;
    this.log = log;
    this.recipe = recipe;
    this.checkpointEvery = checkpointEvery;
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
    return text(a, ANSWER_OPENING);
  }

  /**
   * The quick recipe, embedded first on a large cold start so words and meaning serve early (see
   * {@link Semantic#addQuickVectors}): {@link #text} without the answer's opening (title, question
   * when it differs, description), about a third of the tokens. Chosen by measurement over the
   * title alone, which is cheaper still but, at any cut-off, answers an off-topic question of the
   * held-out set that words alone decline (README, "Embedding speed"). Its vectors are cached like
   * the full recipe's, under their own text's key.
   */
  public static String quickText(Article a) {
    return text(a, 0);
  }

  /** {@link #text} with an answer opening of at most {@code opening} characters (0: none). */
  static String text(Article a, int opening) {
    StringBuilder sb = new StringBuilder(a.title());
    if (!a.question().equals(a.title())) {
      sb.append(' ').append(a.question());
    }
    if (!a.description().isBlank()) {
      sb.append(' ').append(a.description());
    }
    String answer = opening > 0 ? plainOpening(a.answer(), opening) : "";
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
    return complete(plan(articles), Progress.NONE, () -> false);
  }

  /** Told how embedding goes, after each batch. */
  @FunctionalInterface
  public interface Progress {
    /** Tells nothing. */
    Progress NONE = (done, todo) -> {};

    /**
     * @param done articles embedded so far
     * @param todo articles that had no cached vector when embedding began
     */
    void update(int done, int todo);
  }

  /**
   * A corpus's vectors before embedding: every article's text and key, the vectors the cache has,
   * and which are missing. Made by {@link #plan}, used once by {@link #complete}; not thread-safe.
   */
  public static final class Plan {
    private final String[] texts;
    private final VectorStore.Key[] keys;
    private final float[][] vectors;
    private int[] missing;

    private Plan(String[] texts, VectorStore.Key[] keys, float[][] vectors, int[] missing) {
      this.texts = texts;
      this.keys = keys;
      this.vectors = vectors;
      this.missing = missing;
    }

    /** How many articles. */
    public int size() {
      return texts.length;
    }

    /** How many articles have no cached vector: those {@link #complete} embeds. */
    public int missing() {
      return missing.length;
    }

    /** The positions of the articles without a vector yet, ascending. */
    int[] missingPositions() {
      return missing.clone();
    }

    /** The vector of the article at {@code i}, or {@code null} while it has none. */
    float[] vector(int i) {
      return vectors[i];
    }

    /** Every article's text key. */
    Set<VectorStore.Key> keys() {
      return Set.of(keys);
    }

    /** Takes from {@code cache} what was embedded since the plan was made (by an earlier load's embedding). */
    private void refresh(VectorStore cache) {
      for (int i : missing) {
        vectors[i] = cache.get(keys[i]);
      }
      missing = IntStream.of(missing).filter(i -> vectors[i] == null).toArray();
    }

    /** Puts every vector back: another load's save may have dropped some since the plan read them. */
    private void keepIn(VectorStore cache) {
      for (int i = 0; i < keys.length; i++) {
        cache.put(keys[i], vectors[i]);
      }
    }
  }

  /** Reads what the cache has for {@code articles}; embeds nothing. */
  public Plan plan(List<Article> articles) {
    int n = articles.size();
    float[][] out = new float[n][];
    String[] texts = new String[n];
    VectorStore.Key[] keys = new VectorStore.Key[n];
    // Text and hash of every article, on all cores: at 100,000 articles a second or more of work
    // that a warm start would otherwise spend on one core.
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              texts[i] = recipe.apply(articles.get(i));
              keys[i] = VectorStore.Key.of(texts[i]);
              out[i] = cache.get(keys[i]);
            });
    fetchShared(Arrays.asList(keys), out);
    return new Plan(texts, keys, out, IntStream.range(0, n).filter(i -> out[i] == null).toArray());
  }

  /**
   * Embeds what {@code plan} misses, in batches, then saves the cache. Every {@link
   * #CHECKPOINT_EVERY} articles or more, and when it stops early (cancelled, or the model fails), the
   * vectors embedded so far are made durable ({@link VectorStore#checkpoint}), so the next load,
   * even after a crash, embeds only the rest. Between batches it asks {@code cancelled}: when it
   * says yes, it stops.
   *
   * @throws java.util.concurrent.CancellationException when {@code cancelled} said so
   * @throws IllegalStateException when the model fails
   */
  public Embedded complete(Plan plan, Progress progress, BooleanSupplier cancelled) {
    return complete(plan, progress, cancelled, null);
  }

  /**
   * As {@link #complete(Plan, Progress, BooleanSupplier)}, but when {@code alsoKeep} is not null the
   * vectors end with a {@link VectorStore#checkpoint} keeping them and {@code alsoKeep}, not a save
   * that forgets every other text: the interim pass must not drop the full recipe's vectors cached
   * so far, which the full pass reads next.
   */
  Embedded complete(Plan plan, Progress progress, BooleanSupplier cancelled, Set<VectorStore.Key> alsoKeep) {
    long start = System.nanoTime();
    int n = plan.size();
    List<VectorStore.Key> keys = Arrays.asList(plan.keys);
    plan.refresh(cache);
    int todo = plan.missing();
    if (todo > 0) {
      boolean report = todo >= PROGRESS_EVERY;
      if (report) {
        log.accept(String.format("embedding %,d of %,d articles (%,d cached) on %d cores",
            todo, n, n - todo, Runtime.getRuntime().availableProcessors()));
      }
      int nextReport = PROGRESS_EVERY;
      int checkpointed = 0;
      progress.update(0, todo);
      for (int from = 0; from < todo; from += BATCH) {
        if (from - checkpointed >= Math.max(checkpointEvery, (n - todo + checkpointed) / 2)) {
          cache.checkpoint(new HashSet<>(keys));
          checkpointed = from;
        }
        if (cancelled.getAsBoolean()) {
          // A checkpoint, not a save: a save forgets texts outside this corpus, which the newer
          // one may need.
          checkpoint(from > checkpointed, keys, null);
          log.accept(String.format("embedding stopped after %,d of %,d articles (kept in the cache)", from, todo));
          throw new CancellationException("embedding cancelled after " + from + " of " + todo + " articles");
        }
        int to = Math.min(todo, from + BATCH);
        List<String> batch = new ArrayList<>(to - from);
        for (int j = from; j < to; j++) {
          batch.add(plan.texts[plan.missing[j]]);
        }
        List<float[]> vs;
        try {
          vs = embedder.embed(batch);
        } catch (RuntimeException | Error e) {
          checkpoint(from > checkpointed, keys, e);
          throw e;
        }
        for (int j = from; j < to; j++) {
          float[] v = vs.get(j - from);
          int i = plan.missing[j];
          plan.vectors[i] = v;
          cache.put(plan.keys[i], v);
        }
        progress.update(to, todo);
        if (report && (to >= nextReport || to == todo)) {
          nextReport += PROGRESS_EVERY;
          double secs = (System.nanoTime() - start) / 1e9;
          log.accept(String.format("embedding articles: %,d / %,d (%.0f per second)", to, todo, to / secs));
        }
      }
      plan.keepIn(cache);
      if (alsoKeep == null) {
        cache.save(new HashSet<>(keys));
      } else {
        Set<VectorStore.Key> keep = new HashSet<>(keys);
        keep.addAll(alsoKeep);
        cache.checkpoint(keep);
      }
    } else if (alsoKeep == null && cache.size() > n) {
      cache.save(Set.copyOf(keys));
    }
    List<String> hex = new ArrayList<>(n);
    for (VectorStore.Key k : keys) {
      hex.add(k.hex());
    }
    return new Embedded(hex, List.of(plan.vectors));
  }

  /**
   * Makes what was embedded durable as embedding stops early, when there is anything new; a store
   * that fails then does not hide {@code failure}, the reason embedding stopped.
   */
  private void checkpoint(boolean anything, List<VectorStore.Key> keys, Throwable failure) {
    if (!anything) {
      return;
    }
    try {
      cache.checkpoint(new HashSet<>(keys));
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
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

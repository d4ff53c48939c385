package org.studybot.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.studybot.semantic.VectorStore;

/**
 * {@link VectorStore} on the {@link Store}: article vectors of one model shared by every replica
 * (table {@code article_vector}, by model and text hash), so a text one replica embedded is never
 * embedded by another. The current corpus's vectors are also held in memory; vectors embedded here
 * are written at {@link #save}, and those another replica wrote are read by {@link #fetch}.
 *
 * <p>The store is never a reason for a load to fail: a read that fails finds nothing (the texts
 * are embedded), a write that fails keeps the vectors in memory and is tried again at the next
 * save; each is logged once until it works again. Thread-safe.
 */
public final class SharedVectors implements VectorStore {
  private final StoredVectors table;
  private final String modelId;
  private final int dimension;
  private final Consumer<String> log;
  private final Map<Key, float[]> vectors = new ConcurrentHashMap<>();
  private final Map<Key, float[]> unsaved = new ConcurrentHashMap<>();
  private volatile VectorStore seed;
  private boolean readFailing;
  private boolean writeFailing;

  /**
   * @param modelId the embedding model (vectors of another model are never read)
   * @param dimension the length of its vectors
   * @param log told when the store cannot be read or written, and when it can again
   */
  public SharedVectors(Store store, String modelId, int dimension, Consumer<String> log) {
    this(store, modelId, dimension, null, log);
  }

  /**
   * As {@link #SharedVectors(Store, String, int, Consumer)}, the first {@link #fetch} also taking
   * what the table lacks from {@code seed} (the cache file a version before the store kept, so an
   * upgrade embeds nothing again) and writing it to the table; the seed is let go after that.
   *
   * @param seed vectors of the same model, or {@code null}
   */
  public SharedVectors(Store store, String modelId, int dimension, VectorStore seed, Consumer<String> log) {
    if (seed != null && !seed.modelId().equals(modelId)) {
      throw new IllegalArgumentException("vectors of model " + seed.modelId() + " cannot seed those of " + modelId);
    }
    this.table = store.vectors();
    this.modelId = modelId;
    this.dimension = dimension;
    this.seed = seed;
    this.log = log;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public float[] get(Key key) {
    return vectors.get(key);
  }

  /**
   * Reads the stored vectors of {@code keys} (in batches), keeping those of this dimension; the
   * first time, also those only the seed has.
   */
  @Override
  public Map<Key, float[]> fetch(Collection<Key> keys) {
    List<String> hashes = new ArrayList<>(keys.size());
    for (Key k : keys) {
      hashes.add(k.hex());
    }
    Map<String, float[]> stored = Map.of();
    try {
      stored = table.find(modelId, hashes);
      recovered(false);
    } catch (RuntimeException e) {
      failed(false, "cannot read article vectors from the store (" + e.getMessage() + "); embedding the texts here");
    }
    Map<Key, float[]> found = new HashMap<>(stored.size() * 2);
    int wrongLength = 0;
    for (Map.Entry<String, float[]> e : stored.entrySet()) {
      if (e.getValue().length != dimension) {
        wrongLength++; // written under this model id by other code: not trusted, embedded again here
        continue;
      }
      Key k = Key.parse(e.getKey());
      found.put(k, e.getValue());
      vectors.put(k, e.getValue());
    }
    if (wrongLength > 0) {
      log.accept(wrongLength + " stored vectors of " + modelId + " do not have its " + dimension
          + " dimensions; embedding their texts again");
    }
    VectorStore from = seed;
    if (from != null) {
      seed = null; // read once: afterwards the table has all the seed could give
      seedFrom(from, keys, found);
    }
    return found;
  }

  /** Takes the vectors of {@code keys} not {@code found} from {@code from}, into memory and the table. */
  private void seedFrom(VectorStore from, Collection<Key> keys, Map<Key, float[]> found) {
    Map<Key, float[]> seeded = new HashMap<>();
    for (Key k : keys) {
      float[] v = found.containsKey(k) ? null : from.get(k);
      if (v != null && v.length == dimension) {
        seeded.put(k, v);
      }
    }
    if (seeded.isEmpty()) {
      return;
    }
    found.putAll(seeded);
    vectors.putAll(seeded);
    unsaved.putAll(seeded);
    save(Set.copyOf(vectors.keySet()));
    log.accept(seeded.size() + " article vectors taken from the cache file into the store"
        + (unsaved.isEmpty() ? "" : " (written at the next load)"));
  }

  /** Remembers a vector, written to the store at the next {@link #save}. */
  @Override
  public void put(Key key, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector of length " + vector.length + " for " + modelId + ", whose vectors have " + dimension);
    }
    vectors.put(key, vector);
    unsaved.put(key, vector);
  }

  /**
   * Writes the vectors embedded here since the last save (a text another replica stored first keeps
   * its vector) and forgets, in memory only, those not in {@code keep}: the table keeps every
   * text's vector for the other replicas and for later versions of the content.
   */
  @Override
  public synchronized void save(Set<Key> keep) {
    vectors.keySet().retainAll(keep);
    unsaved.keySet().retainAll(keep);
    if (unsaved.isEmpty()) {
      return;
    }
    Map<String, float[]> batch = new HashMap<>(unsaved.size() * 2);
    Map<Key, float[]> written = new HashMap<>(unsaved);
    written.forEach((k, v) -> batch.put(k.hex(), v));
    try {
      table.putAll(modelId, batch);
      unsaved.keySet().removeAll(written.keySet());
      recovered(true);
    } catch (RuntimeException e) {
      failed(true, "cannot write article vectors to the store (" + e.getMessage()
          + "); keeping them in memory and trying again at the next load");
    }
  }

  /** How many vectors are held in memory (the current corpus's). */
  @Override
  public int size() {
    return vectors.size();
  }

  /** How many vectors embedded here wait to be written (the store could not be written). */
  public int unsaved() {
    return unsaved.size();
  }

  private synchronized void failed(boolean write, String message) {
    if (write ? !writeFailing : !readFailing) {
      log.accept(message);
    }
    if (write) {
      writeFailing = true;
    } else {
      readFailing = true;
    }
  }

  private synchronized void recovered(boolean write) {
    if (write ? writeFailing : readFailing) {
      log.accept("article vectors " + (write ? "written to" : "read from") + " the store again");
    }
    if (write) {
      writeFailing = false;
    } else {
      readFailing = false;
    }
  }
}

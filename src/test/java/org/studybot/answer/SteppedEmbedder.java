package org.studybot.answer;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.studybot.semantic.Embedder;

/**
 * A test embedder that lets article batches through one at a time: each batch is announced on
 * {@link #arrived} (its texts) and waits for a permit the test gives with {@link #pass}; questions
 * (embedded one by one, {@link #embed(String)}) never wait. Vectors as {@link GatedEmbedder}'s
 * (words through a small thesaurus), so meaning can be told from words. The test sees every phase of
 * a load in order, without timing anything.
 */
final class SteppedEmbedder implements Embedder {
  private final GatedEmbedder vectors = new GatedEmbedder();
  private final Semaphore permits = new Semaphore(0);

  /** When set, the next batch let through fails as a broken model would. */
  final java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();

  /** The texts of each article batch, as it arrives (before it waits). */
  final BlockingQueue<List<String>> arrived = new LinkedBlockingQueue<>();

  SteppedEmbedder() {
    vectors.open.countDown();
  }

  /** Lets {@code batches} more article batches through. */
  void pass(int batches) {
    permits.release(batches);
  }

  /** Lets every batch through from now on. */
  void passAll() {
    permits.release(1_000_000);
  }

  /** The next batch to arrive, within 10 s. */
  List<String> next() throws InterruptedException {
    List<String> b = arrived.poll(10, TimeUnit.SECONDS);
    if (b == null) {
      throw new AssertionError("no article batch arrived within 10 s");
    }
    return b;
  }


  @Override
  public String modelId() {
    return "stepped-1";
  }

  @Override
  public int dimension() {
    return vectors.dimension();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    arrived.add(List.copyOf(texts));
    try {
      if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let the batch through");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the test", e);
    }
    if (failNext.getAndSet(false)) {
      throw new IllegalStateException("the model failed on \"" + texts.get(0) + "\"");
    }
    return vectors.embed(texts);
  }

  @Override
  public float[] embed(String question) {
    return vectors.embed(List.of(question)).get(0);
  }
}

package org.studybot.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.studybot.semantic.Embedder;

/**
 * A test embedder held at a gate: each word, through a small thesaurus (its "understanding": a germ
 * is a virus), adds one to a hashed dimension; batches of article texts wait until the test opens
 * the gate, questions (one short text) never do. So a test sees the bot while it embeds, without
 * timing anything.
 */
public final class GatedEmbedder implements Embedder {
  private static final int DIM = 1024;
  private static final Map<String, String> MEANINGS = Map.of("germ", "virus", "microbe", "virus");

  /** Opened by the test: article batches go through. */
  public final CountDownLatch open = new CountDownLatch(1);
  /** Counted down when the first article batch waits at the gate. */
  public final CountDownLatch waiting = new CountDownLatch(1);
  /** Article texts embedded (past the gate). */
  public final AtomicInteger articleTexts = new AtomicInteger();

  @Override
  public String modelId() {
    return "gate-1";
  }

  @Override
  public int dimension() {
    return DIM;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    boolean question = texts.size() == 1 && texts.get(0).length() < 40;
    if (!question) {
      waiting.countDown();
      try {
        if (!open.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      articleTexts.addAndGet(texts.size());
    }
    List<float[]> out = new ArrayList<>();
    for (String t : texts) {
      float[] v = new float[DIM];
      v[0] = 0.01f;
      for (String w : t.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
        if (w.length() > 3) {
          v[1 + Math.floorMod(MEANINGS.getOrDefault(w, w).hashCode(), DIM - 1)] += 1;
        }
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) Math.sqrt(norm);
      }
      out.add(v);
    }
    return out;
  }
}

package org.studybot.store;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes the store could not take when they happened, held in memory in the order they happened
 * and written, each once and oldest first, when the store writes again: the end of a delivery the
 * intake could not record, a student's vote or an unanswered question clicked or asked while the
 * disk was full. Whoever owns one calls {@link #flush()} now and then (the intake's keeper; the
 * store's background every second for the ones {@link Store#keepWriting registered} with it).
 *
 * <p>Bounded: past {@code capacity} an item is dropped, counted ({@link #dropped()}) and logged
 * once (the first), since memory, not the store, would run out next. What is still held when the
 * process stops is lost: its owner logs how much. Thread-safe; {@link #flush()} runs on one thread
 * at a time.
 *
 * @param <T> what is held
 */
public final class Held<T> {
  /** Writes one item to the store; throws {@link StoreException} when it cannot. */
  @FunctionalInterface
  public interface Writer<T> {
    void write(T item);
  }

  private final String what;
  private final int capacity;
  private final Writer<T> writer;
  private final Predicate<StoreException> keep;
  private final Consumer<String> log;
  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean toldFull = new AtomicBoolean();
  private final Object flushing = new Object();

  /**
   * @param what names one item in the log, plural ({@code "votes"}, {@code "unanswered questions"})
   * @param capacity the most items held; more are dropped and counted
   * @param writer writes one item; its failures decide whether the item is held
   * @param keep whether a failed write is held to be tried again (the store could not write) or
   *     dropped (the item's own fault, which no retry mends)
   * @param log told of the first item dropped for want of room, of items dropped as their own
   *     fault, and of failures the store has not {@linkplain StoreException#reported() reported}
   */
  public Held(String what, int capacity, Writer<T> writer, Predicate<StoreException> keep, Consumer<String> log) {
    if (capacity < 1) {
      throw new IllegalArgumentException("held " + what + ": capacity " + capacity + " must be at least 1");
    }
    this.what = Objects.requireNonNull(what, "what");
    this.capacity = capacity;
    this.writer = Objects.requireNonNull(writer, "writer");
    this.keep = Objects.requireNonNull(keep, "keep");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Writes {@code item} now, or holds it when the store cannot take it. While items are held, a
   * new one joins them (the oldest go first) instead of overtaking them.
   *
   * @return true when written now, false when held (or dropped for want of room)
   * @throws StoreException when the store refused the item by its own fault ({@code keep} said
   *     no): nothing is held
   */
  public boolean write(T item) {
    if (size.get() > 0) {
      hold(item);
      return false;
    }
    try {
      writer.write(item);
      return true;
    } catch (StoreException e) {
      if (!keep.test(e)) {
        throw e;
      }
      failed(item, e, false);
      return false;
    }
  }

  /**
   * Holds {@code item} to be written by a later {@link #flush()}, after the ones held before it;
   * false when there is no room (it is dropped and counted).
   */
  public boolean hold(T item) {
    Objects.requireNonNull(item, "item");
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      long n = dropped.incrementAndGet();
      if (toldFull.compareAndSet(false, true)) {
        log.accept("store: " + capacity + " " + what + " held in memory while the store cannot write, no room for more:"
            + " further ones are dropped and counted (logged once; " + n + " so far)");
      }
      return false;
    }
    items.add(item);
    return true;
  }

  /**
   * Writes what is held, oldest first, each once; stops at the first the store still cannot take
   * (it stays first). An item failing by its own fault is dropped and logged. Returns how many are
   * left.
   */
  public int flush() {
    synchronized (flushing) {
      for (T item; (item = items.peek()) != null; ) {
        try {
          writer.write(item);
          written.incrementAndGet();
        } catch (StoreException e) {
          if (failed(item, e, true)) {
            return size.get();
          }
        }
        items.poll();
        size.decrementAndGet();
      }
      return 0;
    }
  }

  /** Handles a failed write of {@code item}; true when it is (or stays) held. */
  private boolean failed(T item, StoreException e, boolean isHeld) {
    if (!keep.test(e)) {
      dropped.incrementAndGet();
      log.accept("store: dropped one of the " + what + " (the store refused it, trying again would not help): "
          + e.getMessage());
      return false;
    }
    if (!e.reported()) {
      log.accept("store: could not write one of the " + what + " (held, written when the store writes again): "
          + e.getMessage());
    }
    return isHeld || hold(item);
  }

  /** What is held, in the log's words ({@code "votes"}). */
  public String what() {
    return what;
  }

  /** How many are held now. */
  public int size() {
    return size.get();
  }

  /** How many were dropped: no room, or refused by the store for good. */
  public long dropped() {
    return dropped.get();
  }

  /** How many held items were written later by {@link #flush()}. */
  public long written() {
    return written.get();
  }
}

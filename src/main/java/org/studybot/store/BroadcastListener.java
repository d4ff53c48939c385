package org.studybot.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the {@link Broadcasts} a replica has not seen yet and hands each to a handler, in order. It
 * starts after the newest message at the time it is made (a starting replica already has the
 * latest content), then {@link #poll} picks up each new one exactly once, the replica's own
 * included. The store's scheduler calls {@link #poll} every second or so; tests call it directly.
 * Thread-safe (polls are serialised).
 */
public final class BroadcastListener {
  private final Broadcasts broadcasts;
  private final String topic;
  private final Consumer<Broadcasts.Message> handler;
  private final Consumer<String> log;
  private long lastSeen;

  /**
   * @param topic the topic listened to
   * @param handler told about each new message of that topic (an exception is logged, and the
   *     message counts as seen)
   */
  BroadcastListener(
      Broadcasts broadcasts, String topic, Consumer<Broadcasts.Message> handler, Consumer<String> log) {
    this.broadcasts = broadcasts;
    this.topic = topic;
    this.handler = handler;
    this.log = log;
    this.lastSeen = broadcasts.latestId();
  }

  /** Hands on what arrived since the last poll; returns how many of this topic. */
  public synchronized int poll() {
    int handled = 0;
    for (List<Broadcasts.Message> batch; !(batch = broadcasts.after(lastSeen, 100)).isEmpty(); ) {
      for (Broadcasts.Message m : batch) {
        lastSeen = m.id();
        if (!m.topic().equals(topic)) {
          continue;
        }
        handled++;
        try {
          handler.accept(m);
        } catch (RuntimeException e) {
          log.accept("broadcast " + m.topic() + " #" + m.id() + " from " + m.sender() + " failed: " + e);
        }
      }
    }
    return handled;
  }
}

package org.studybot.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The store's periodic chores: writes the stats counters counted in memory, and purges what
 * retention says is old (feedback and unanswered questions, finished work, expired OAuth
 * states, broadcasts, silent replicas, old counters). Each chore runs on its own: one failing is
 * logged and the rest still run. Several replicas may run it at once; every purge is idempotent.
 */
public final class Housekeeping {
  private final Store store;
  private final Retention retention;
  private final Consumer<String> log;

  Housekeeping(Store store, Retention retention, Consumer<String> log) {
    this.store = store;
    this.retention = retention;
    this.log = log;
  }

  /** Runs every chore once; returns how many rows each touched (-1 when it failed). */
  public Map<String, Integer> runOnce() {
    Instant now = store.clock().instant();
    Map<String, Integer> done = new LinkedHashMap<>();
    chore(done, "counters flushed", () -> store.counters().flush());
    chore(done, "feedback purged", () -> store.feedback().purge(now.minus(retention.feedback())));
    chore(done, "finished work purged", () -> store.workQueue().purgeFinished(now.minus(retention.finishedWork())));
    chore(done, "OAuth states purged", () -> store.oauthStates().purgeExpired());
    chore(done, "broadcasts purged", () -> store.broadcasts().purge(now.minus(retention.broadcasts())));
    chore(done, "replicas purged", () -> store.replicas().purge(now.minus(retention.replicas())));
    chore(
        done,
        "counters purged",
        () -> store.counters().purge(LocalDate.ofInstant(now.minus(retention.counters()), ZoneOffset.UTC)));
    return done;
  }

  private void chore(Map<String, Integer> done, String name, java.util.function.IntSupplier work) {
    try {
      done.put(name, work.getAsInt());
    } catch (RuntimeException e) {
      done.put(name, -1);
      if (!StoreException.reported(e)) {
        log.accept("store housekeeping: " + name + " failed: " + e.getMessage());
      }
    }
  }
}

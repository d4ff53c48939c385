package org.studybot.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A child process for {@link KillTest}: opens the store at the JDBC URL in {@code args[0]} and
 * enqueues work without end, printing {@code acked N} after each enqueue returns, as a front end
 * acknowledges a request once its work is stored. The parent kills it with SIGKILL mid-stream.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Store store = Store.open(new StoreTarget(args[0], Optional.empty(), Optional.empty(), 2), Clock.systemUTC())) {
      out.println("open");
      for (int i = 0; ; i++) {
        store.workQueue().enqueue(new Work("mention", "K" + i, "T", "U", "C", "{\"n\":" + i + "}", Instant.now(), null));
        out.println("acked " + i);
      }
    }
  }
}

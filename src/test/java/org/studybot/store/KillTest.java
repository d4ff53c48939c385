package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Work acknowledged before a {@code kill -9} is all there after it: a child JVM enqueues and
 * reports each acknowledgement; it is killed mid-stream; every item it reported is in the store.
 */
class KillTest {
  @StoreTest
  void everyAcknowledgedItemSurvivesKill9(TestDb db) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashWriter.class.getName(),
                    db.target().url()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int lastAcked = -1;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("acked ")) {
          lastAcked = Integer.parseInt(line.substring(6));
          if (lastAcked >= 150) {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            break;
          }
        }
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the writer died");
    }
    assertEquals(150, lastAcked, "the writer acknowledged work before it was killed");
    Store after = db.open(new MutableClock(Instant.now()));
    List<WorkItem> all = after.workQueue().claim("survivor", 10_000, Duration.ofMinutes(1));
    Set<String> keys = new HashSet<>();
    all.forEach(i -> keys.add(i.work().key()));
    for (int i = 0; i <= lastAcked; i++) {
      assertTrue(keys.contains("K" + i), "acknowledged K" + i + " is lost; " + keys.size() + " survived");
    }
  }
}

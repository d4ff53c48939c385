package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadProgressTest {
  private final AtomicLong clock = new AtomicLong(0);
  private final List<String> lines = new ArrayList<>();

  private LoadProgress progress() {
    return new LoadProgress("reading articles", lines::add, clock::get);
  }

  @Test
  void reportsAtMostOncePerSecondAndAlwaysTheEnd() {
    LoadProgress p = progress();
    clock.set(500_000_000L);
    p.update(1_000, 10_000); // half a second in: too soon
    clock.set(1_000_000_000L);
    p.update(2_000, 10_000);
    clock.set(1_200_000_000L);
    p.update(3_000, 10_000); // too soon after the last line
    clock.set(2_000_000_000L);
    p.update(10_000, 10_000);
    assertEquals(
        List.of("reading articles: 2,000 / 10,000 (2,000/s)", "reading articles: 10,000 / 10,000 (5,000/s)"), lines);
  }

  @Test
  void smallCorporaAreSilent() {
    LoadProgress p = progress();
    clock.set(5_000_000_000L);
    p.update(4_999, 4_999);
    assertEquals(List.of(), lines);
  }
}

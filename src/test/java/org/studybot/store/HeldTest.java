package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Held writes against a stand-in store that can be made unable to write (no database needed). */
class HeldTest {
  /** A store of strings: refuses every write while {@code down}, refuses "poison" for good. */
  private static final class FakeStore {
    final List<String> rows = new ArrayList<>();
    boolean down;
    int tries;

    void write(String item) {
      tries++;
      if (item.startsWith("poison")) {
        throw new StoreException("value too long: " + item);
      }
      if (down) {
        throw new StoreException("disk full", null, true, true);
      }
      rows.add(item);
    }
  }

  @Test
  void whatTheStoreCannotTakeIsWrittenLaterInOrderAndOnce() {
    FakeStore db = new FakeStore();
    List<String> log = new ArrayList<>();
    Held<String> h = new Held<>("votes", 100, db::write, StoreException::unavailable, log::add);
    assertTrue(h.write("a"), "written at once while the store writes");
    db.down = true;
    assertFalse(h.write("b"));
    assertFalse(h.write("c"));
    assertEquals(2, h.size());
    assertEquals(2, h.flush(), "still down: nothing written, nothing lost");
    db.down = false;
    assertFalse(h.write("d"), "joins the held ones instead of overtaking them");
    assertEquals(List.of("a"), db.rows);
    assertEquals(0, h.flush());
    assertEquals(List.of("a", "b", "c", "d"), db.rows);
    assertEquals(0, h.flush(), "nothing twice");
    assertEquals(List.of("a", "b", "c", "d"), db.rows);
    assertEquals(3, h.written());
    assertEquals(0, h.dropped());
    assertTrue(log.isEmpty(), "the store reported its outage itself: " + log);
  }

  @Test
  void pastItsCapacityItemsAreDroppedCountedAndLoggedOnce() {
    FakeStore db = new FakeStore();
    db.down = true;
    List<String> log = new ArrayList<>();
    Held<String> h = new Held<>("votes", 3, db::write, StoreException::unavailable, log::add);
    for (int i = 0; i < 10; i++) {
      h.write("v" + i);
    }
    assertEquals(3, h.size());
    assertEquals(7, h.dropped());
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("3 votes held in memory") && log.get(0).contains("logged once"), log.get(0));
    db.down = false;
    assertEquals(0, h.flush());
    assertEquals(List.of("v0", "v1", "v2"), db.rows, "the oldest were kept");
  }

  @Test
  void anItemTheStoreRefusesForGoodIsNotHeldAndDoesNotBlockTheOthers() {
    FakeStore db = new FakeStore();
    List<String> log = new ArrayList<>();
    Held<String> h = new Held<>("votes", 10, db::write, StoreException::unavailable, log::add);
    assertThrows(StoreException.class, () -> h.write("poison-0"), "the caller hears of it, as without holding");
    assertEquals(0, h.size());
    db.down = true;
    h.write("a");
    h.hold("poison-1");
    h.write("b");
    db.down = false;
    assertEquals(0, h.flush());
    assertEquals(List.of("a", "b"), db.rows);
    assertEquals(1, h.dropped());
    assertTrue(log.stream().anyMatch(l -> l.contains("dropped one of the votes") && l.contains("poison-1")), log.toString());
  }

  @Test
  void aFailureTheStoreDidNotReportIsLoggedWhenTheItemIsHeld() {
    List<String> log = new ArrayList<>();
    Held<String> h = new Held<>("delivery ends", 10, item -> {
      throw new StoreException("connection refused", null, false, true);
    }, e -> true, log::add);
    assertFalse(h.write("x"));
    assertEquals(1, h.size());
    assertTrue(log.get(0).contains("could not write one of the delivery ends") && log.get(0).contains("connection refused"),
        log.toString());
  }
}

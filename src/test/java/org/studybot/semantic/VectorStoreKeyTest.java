package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A text's key, written as hex (the store's text hash) and read back. */
class VectorStoreKeyTest {
  @Test
  void aKeyReadsBackFromItsHex() {
    VectorStore.Key k = VectorStore.Key.of("What is a virus? A virus copies itself.");
    assertEquals(32, k.hex().length());
    assertEquals(k, VectorStore.Key.parse(k.hex()));
    assertEquals(new VectorStore.Key(-1, 1), VectorStore.Key.parse("ffffffffffffffff0000000000000001"));
    assertNotEquals(k, VectorStore.Key.of("What is a virus?"));
  }

  @Test
  void aHashThatIsNotAKeyIsRefusedByName() {
    for (String bad : new String[] {"abc", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorStore.Key.parse(bad));
      assertTrue(e.getMessage().contains("\"" + bad + "\" is not 32 hex digits"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> VectorStore.Key.parse(null));
  }
}

package org.studybot.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Initialisms learnt from the names a corpus writes in full. */
class InitialismsTest {
  private static Initialisms of(String... texts) {
    Initialisms i = new Initialisms();
    for (String t : texts) {
      i.learn(t);
    }
    return i;
  }

  @Test
  void namesWithAnInitialSpellTheirInitialism() {
    Initialisms i = of("The New Deal of President Franklin D. Roosevelt, and the Works Progress Administration.");
    assertEquals(List.of("franklin", "roosevelt"), i.expand("fdr"));
    assertEquals(List.of("franklin", "roosevelt"), i.expand("FDR"));
    assertEquals(List.of("works", "progress", "administration"), i.expand("wpa"));
    // A stretch of a longer run counts as well.
    assertEquals(List.of("president", "franklin", "roosevelt"), i.expand("pfdr"));
  }

  @Test
  void runsBreakAtPunctuationLowerCaseWordsAndAcronyms() {
    Initialisms i = of("Works, Progress Administration. Roosevelt; Tennessee valley Authority; Federal FDIC Act");
    assertEquals(List.of(), i.expand("wpa"), "a comma breaks a run");
    assertEquals(List.of(), i.expand("par"), "so does a full stop after a word");
    assertEquals(List.of(), i.expand("tva"), "and a word in lower case");
    assertEquals(List.of(), i.expand("ffa"), "and a written acronym");
  }

  @Test
  void twoNamesForOneInitialismAreAmbiguousInAnyOrder() {
    String a = "Central Processing Unit";
    String b = "Communist Party Union";
    assertEquals(List.of(), of(a, b).expand("cpu"));
    assertEquals(List.of(), of(b, a).expand("cpu"));
    assertEquals(List.of("central", "processing", "unit"), of(a, a).expand("cpu"));
  }

  @Test
  void onlyThreeToFiveLetters() {
    Initialisms i = of("French Revolution", "Ant Big Cat Dog Eel Fox");
    assertEquals(List.of(), i.expand("fr"), "two letters spell too many things");
    assertEquals(List.of("ant", "big", "cat", "dog", "eel"), i.expand("abcde"));
    assertEquals(List.of(), i.expand("abcdef"));
  }

  @Test
  void learntFromManyThreadsAlike() {
    Initialisms i = new Initialisms();
    IntStream.range(0, 2000).parallel().forEach(n -> i.learn(n % 2 == 0 ? "Works Progress Administration" : "Franklin D. Roosevelt"));
    assertEquals(List.of("works", "progress", "administration"), i.expand("wpa"));
    assertEquals(List.of("franklin", "roosevelt"), i.expand("fdr"));
  }
}

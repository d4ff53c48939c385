package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.semantic.Semantic;
import org.studybot.store.Store;
import org.studybot.store.StoreTarget;

/**
 * Which vector store the wiring picks: a process with a store (the shell, {@code serve}) keeps the
 * article vectors in it, shared with every process on it; one without ({@code ask}) in the cache
 * file under the data directory. With the real model, on three articles.
 */
class SharedVectorsWiringTest {
  @TempDir Path tmp;

  private static String model(String log) {
    Matcher m = Pattern.compile("semantic matching on: words and meaning \\(([^)]+)\\)").matcher(log);
    assertTrue(m.find(), "semantic matching is on: " + log);
    return m.group(1);
  }

  private static int stored(Path data, String model) {
    try (Store store = Store.open(StoreTarget.sqlite(data), Clock.systemUTC())) {
      return store.vectors().count(model);
    }
  }

  @Test
  void askCachesVectorsInTheFileAndTheShellMovesThemIntoTheStore() throws Exception {
    Path content = Files.createDirectories(tmp.resolve("content"));
    try (Stream<Path> biology = Files.list(Path.of("content/biology"))) {
      for (Path p : biology.sorted().limit(3).toList()) {
        Files.copy(p, content.resolve(p.getFileName()));
      }
    }
    Path data = tmp.resolve("data");
    Path config = Files.writeString(tmp.resolve("c.yml"), "data_dir: " + data + "\n");
    Path cacheFile = data.resolve(Semantic.CACHE_FILE);

    // A command without a store caches the vectors in the file.
    MainTest.Run ask = MainTest.run("", "ask", "--content", content.toString(), "--config", config.toString(), "how do vaccines work");
    assertEquals(0, ask.code(), ask.err());
    assertFalse(ask.err().contains("shared in the store"), ask.err());
    assertTrue(Files.exists(cacheFile), "without a store, the cache file: " + ask.err());
    String model = model(ask.err());
    assertEquals(0, stored(data, model));

    // The shell has the store: the vectors go there, taken from the file rather than embedded again.
    MainTest.Run shell = MainTest.run("how do vaccines work\n", "shell", "--content", content.toString(), "--config", config.toString());
    assertEquals(0, shell.code(), shell.err());
    assertTrue(shell.err().contains("article vectors shared in the store (sqlite)"), shell.err());
    assertTrue(shell.err().contains("3 article vectors taken from the cache file into the store"), shell.err());
    assertEquals(3, stored(data, model), "one vector per article, in the store");
  }

  @Test
  void aShellOnAFreshDataDirectoryEmbedsIntoTheStoreAlone() throws Exception {
    Path content = Files.createDirectories(tmp.resolve("content"));
    try (Stream<Path> biology = Files.list(Path.of("content/biology"))) {
      Path p = biology.sorted().findFirst().orElseThrow();
      Files.copy(p, content.resolve(p.getFileName()));
    }
    Path data = tmp.resolve("data");
    Path config = Files.writeString(tmp.resolve("c.yml"), "data_dir: " + data + "\n");
    MainTest.Run shell = MainTest.run("how do vaccines work\n", "shell", "--content", content.toString(), "--config", config.toString());
    assertEquals(0, shell.code(), shell.err());
    assertEquals(1, stored(data, model(shell.err())));
    assertFalse(Files.exists(data.resolve(Semantic.CACHE_FILE)), "no cache file beside the store");
  }
}

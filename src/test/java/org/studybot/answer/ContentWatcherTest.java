package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigLoader;

/** The optional content-directory watch: a burst of changes costs one reload, new directories are watched. */
class ContentWatcherTest {
  @TempDir Path content;

  @Test
  void aBurstOfChangesIsOneActionOnceQuiet() throws Exception {
    LinkedBlockingQueue<Long> actions = new LinkedBlockingQueue<>();
    try (ContentWatcher w =
        ContentWatcher.start(content, () -> actions.add(System.nanoTime()), java.time.Duration.ofMillis(300), line -> {})) {
      for (int i = 0; i < 20; i++) {
        LibraryTest.write(content, String.valueOf(i), "article " + i);
      }
      Long first = actions.poll(30, TimeUnit.SECONDS);
      assertTrue(first != null, "the change was noticed");
      // A burst written far faster than the quiet period is one action (allow one more for a
      // slow machine splitting it).
      assertTrue(actions.size() <= 1, () -> actions.size() + 1 + " actions for one burst");
      actions.clear();
      Path sub = Files.createDirectories(content.resolve("new/deeper"));
      assertTrue(actions.poll(30, TimeUnit.SECONDS) != null, "creating a directory is a change");
      actions.clear();
      LibraryTest.write(sub, "77", "in a new directory");
      assertTrue(actions.poll(30, TimeUnit.SECONDS) != null, "files in a new subdirectory are watched");
      assertEquals(content, w.dir());
    }
  }

  @Test
  void engineWatchesWhenConfiguredAndServesTheNewArticle() throws Exception {
    LibraryTest.write(content, "1", "entropy");
    BotConfig config =
        ConfigLoader.parse("test", "reload: {watch: on}\nsearch: {semantic: off}\n").toBuilder().contentDir(content).build();
    List<String> log = new CopyOnWriteArrayList<>();
    LinkedBlockingQueue<String> reloaded = new LinkedBlockingQueue<>();
    Answerer answerer =
        Engine.start(
            config,
            line -> {
              log.add(line);
              if (line.startsWith("loaded ")) {
                reloaded.add(line);
              }
            });
    try {
      assertTrue(log.contains("watching " + content + " for changes"), log::toString);
      reloaded.clear();
      LibraryTest.write(content, "2", "enthalpy");
      String line = reloaded.poll(30, TimeUnit.SECONDS);
      assertTrue(line != null && line.startsWith("loaded 2 articles"), () -> "reload not logged: " + log);
      assertEquals(2, answerer.library().current().size());
    } finally {
      answerer.library().close();
    }
  }
}

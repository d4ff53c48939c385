package org.studybot.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A corpus to evaluate on, made of the content directory and a directory of distractor articles:
 * both are copied under one new directory (the loader skips links that leave its directory, so
 * links would not do), which is deleted after the run.
 */
public final class EvalCorpus {
  private EvalCorpus() {}

  /**
   * Copies {@code content} to {@code into/content} and {@code distractors} to {@code
   * into/distractors}.
   *
   * @return how many files came from {@code distractors}
   * @throws IOException naming the directory that is missing or cannot be copied
   */
  public static int merge(Path content, Path distractors, Path into) throws IOException {
    for (Path dir : List.of(content, distractors)) {
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + " is not a directory");
      }
    }
    copyTree(content, into.resolve("content"));
    return copyTree(distractors, into.resolve("distractors"));
  }

  private static int copyTree(Path from, Path to) throws IOException {
    int files = 0;
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p)) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          files++;
        }
      }
    }
    return files;
  }

  /** Deletes {@code dir} and everything under it; does nothing for {@code null}. */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary corpus " + dir, e);
    }
  }
}

package org.studybot.answer;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a content directory (every subdirectory, new ones too) and runs an action once the tree
 * has been quiet for a while after a change: an editor saving, or a sync copying a thousand files,
 * costs one reload, not one per file. Reloads themselves are coalesced by {@link Library#reload}.
 * Thread-safe; one daemon thread per watcher.
 */
public final class ContentWatcher implements AutoCloseable {
  private final Path dir;
  private final Runnable onChange;
  private final long quietNanos;
  private final Consumer<String> log;
  private final WatchService watcher;
  private final Thread thread;

  private ContentWatcher(Path dir, Runnable onChange, Duration quiet, Consumer<String> log) throws IOException {
    this.dir = dir;
    this.onChange = onChange;
    this.quietNanos = quiet.toNanos();
    this.log = log;
    this.watcher = dir.getFileSystem().newWatchService();
    registerTree(dir);
    this.thread = new Thread(this::run, "studybot-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching {@code dir}; {@code onChange} runs on the watcher's thread once no change has
   * been seen for {@code quiet}.
   *
   * @throws IOException when the directory cannot be watched
   */
  public static ContentWatcher start(Path dir, Runnable onChange, Duration quiet, Consumer<String> log)
      throws IOException {
    ContentWatcher w = new ContentWatcher(dir, onChange, quiet, log);
    w.thread.start();
    return w;
  }

  /** Starts watching {@code library}'s directory, reloading it after each quiet change. */
  public static ContentWatcher reloading(Library library, Duration quiet, Consumer<String> log) throws IOException {
    return start(
        library.contentDir(),
        () -> {
          log.accept("content changed: reloading " + library.contentDir());
          ReloadReport r = library.reload().join();
          log.accept(r.message());
        },
        quiet,
        log);
  }

  private void registerTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
            if (!d.equals(root) && d.getFileName().toString().startsWith(".")) {
              return FileVisitResult.SKIP_SUBTREE; // the loader ignores hidden directories too
            }
            d.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            return FileVisitResult.CONTINUE; // vanished meanwhile: nothing to watch
          }
        });
  }

  private void run() {
    boolean pending = false;
    try {
      while (true) {
        WatchKey key = pending ? watcher.poll(quietNanos, TimeUnit.NANOSECONDS) : watcher.take();
        if (key == null) {
          pending = false; // quiet long enough: act once for the whole burst
          try {
            onChange.run();
          } catch (RuntimeException e) {
            log.accept("content watch: reload failed: " + e);
          }
          continue;
        }
        Path watched = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
          pending = true;
          if (event.kind() == OVERFLOW) {
            continue;
          }
          Path child = watched.resolve((Path) event.context());
          if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
            try {
              registerTree(child); // a new subdirectory: watch it and whatever it already holds
            } catch (IOException e) {
              log.accept("content watch: cannot watch " + child + ": " + e.getMessage());
            }
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: stop watching
    }
  }

  /** The directory watched. */
  public Path dir() {
    return dir;
  }

  /** Stops watching. */
  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      log.accept("content watch: " + e.getMessage());
    }
    thread.interrupt();
  }
}

package org.studybot.content;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Loads every {@code *.md} file under a content directory, at any depth, on all cores.
 *
 * <p>Lenient by design: a bad file is reported as a {@link Problem} and skipped, and the load goes
 * on with the rest. The strict {@code validate} command uses the same loader and fails when any
 * problem was reported. Guards against hostile trees: symbolic-link loops, links that lead out of
 * the directory, files over the size limit (refused before they are read), files that vanish mid
 * load. When two files share an id, the first in path order wins and the second is reported naming
 * both.
 *
 * <p>A loader remembers what it parsed, so the next load of the same directory (a reload) reuses
 * the article of every file that has not changed since (same size, modification time and file
 * key) instead of parsing it again. Like git's racy-file rule, only files last modified at least
 * {@link #STABLE_AFTER} before a load began are remembered, so a file rewritten within one
 * timestamp tick of being read is always read again. A file read again that gives the same article
 * as before (touched, or rewritten with the same content) keeps the remembered article object, so a
 * reload after every file was rewritten holds the corpus's text once, not twice.
 *
 * <p>A broken edit never takes an article away: when a file that gave an article no longer parses,
 * the loader keeps serving that article's last good version and lists it in {@link
 * LoadResult#stale()} (its problems are reported as usual) until the file is fixed or removed.
 * The last good versions of stale articles are kept in a {@link LastGood} so a restart keeps them.
 */
public final class CorpusLoader {
  /** A file modified more recently than this before a load starts is not remembered by it. */
  static final Duration STABLE_AFTER = Duration.ofSeconds(2);

  /** A parsed file and the attributes it had when read. */
  private record Remembered(long size, FileTime modified, Object fileKey, String source, ArticleParser.Parsed parsed) {}


  /** Told how far a load has got, so large corpora show progress. Called from loader threads. */
  @FunctionalInterface
  public interface Progress {
    void update(int done, int total);

    Progress NONE = (done, total) -> {};
  }

  private final long maxFileBytes;
  private final ArticleParser parser;
  private volatile Map<Path, Remembered> remembered = Map.of();
  private final Consumer<Path> beforeRead;
  private final LastGood lastGoodStore;
  /** By source name: the article each file last gave (its last good version if broken now). */
  private volatile Map<String, Article> lastGood;
  private final List<Problem> lastGoodProblems = new ArrayList<>();
  /** The stale articles the store holds now. */
  private volatile List<Article> keptStale;

  /** @param maxFileBytes files larger than this are refused unread */
  public CorpusLoader(long maxFileBytes) {
    this(maxFileBytes, LastGood.inMemory());
  }

  /**
   * @param maxFileBytes files larger than this are refused unread
   * @param lastGood where the last good versions of stale articles are kept across restarts
   */
  public CorpusLoader(long maxFileBytes, LastGood lastGood) {
    this(maxFileBytes, file -> {}, lastGood);
  }

  /**
   * For tests: {@code beforeRead} sees each file after the walk found it and before it is opened,
   * so a test can change the tree in that window (a file deleted mid-load).
   */
  CorpusLoader(long maxFileBytes, Consumer<Path> beforeRead) {
    this(maxFileBytes, beforeRead, LastGood.inMemory());
  }

  private CorpusLoader(long maxFileBytes, Consumer<Path> beforeRead, LastGood lastGood) {
    this.maxFileBytes = maxFileBytes;
    this.parser = new ArticleParser((int) Math.min(Integer.MAX_VALUE - 1, maxFileBytes));
    this.beforeRead = beforeRead;
    this.lastGoodStore = lastGood;
    Map<String, Article> kept = new HashMap<>();
    this.keptStale = lastGood.read(lastGoodProblems);
    keptStale.forEach(a -> kept.put(a.source(), a));
    this.lastGood = kept;
  }

  /** Loads {@code dir}; see the class comment. */
  public LoadResult load(Path dir) {
    return load(dir, Progress.NONE);
  }

  /** Loads {@code dir}, reporting progress to {@code progress}. */
  public LoadResult load(Path dir, Progress progress) {
    long start = System.nanoTime();
    List<Problem> walkProblems = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    String base = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    Path root;
    try {
      root = dir.toRealPath();
      if (!Files.isDirectory(root)) {
        walkProblems.add(Problem.ofFile(base, "not a directory"));
        return new LoadResult(List.of(), walkProblems, 0, since(start));
      }
      walk(root, files, walkProblems, base);
    } catch (IOException e) {
      walkProblems.add(Problem.ofFile(base, "cannot read the content directory: " + e));
      return new LoadResult(List.of(), walkProblems, 0, since(start));
    }
    files.sort(null);
    int total = files.size();
    AtomicInteger done = new AtomicInteger();
    ArticleParser.Parsed[] parsed = new ArticleParser.Parsed[total];
    String[] sources = new String[total];
    Map<Path, Remembered> previous = remembered;
    Map<Path, Remembered> next = new ConcurrentHashMap<>(total * 2);
    FileTime stableBefore = FileTime.fromMillis(System.currentTimeMillis() - STABLE_AFTER.toMillis());
    IntStream.range(0, total)
        .parallel()
        .forEach(
            i -> {
              sources[i] = base + "/" + root.relativize(files.get(i)).toString().replace('\\', '/');
              parsed[i] = read(root, files.get(i), sources[i], previous, next, stableBefore);
              int n = done.incrementAndGet();
              if (n % 1000 == 0 || n == total) {
                progress.update(n, total);
              }
            });

    List<Article> articles = new ArrayList<>(total);
    List<Problem> problems = new ArrayList<>(walkProblems);
    Map<String, String> firstSource = new HashMap<>();
    Map<String, Article> good = lastGood;
    Map<String, Article> nextGood = new HashMap<>(total * 2);
    List<Article> stale = new ArrayList<>();
    synchronized (lastGoodProblems) {
      problems.addAll(lastGoodProblems); // once: why the kept versions could not be read
      lastGoodProblems.clear();
    }
    for (int i = 0; i < total; i++) {
      ArticleParser.Parsed p = parsed[i];
      problems.addAll(p.problems());
      Article a = p.article();
      if (a == null && !p.problems().isEmpty()) {
        a = good.get(sources[i]); // broken now: its last good version, if it ever had one
        if (a != null) {
          stale.add(a);
        }
      }
      if (a == null) {
        continue;
      }
      nextGood.put(sources[i], a);
      String earlier = firstSource.putIfAbsent(a.id(), a.source());
      if (earlier != null) {
        problems.add(
            Problem.ofField(a.source(), "id", "\"" + a.id() + "\" is already used by " + earlier + ": ids must be unique"));
        continue;
      }
      articles.add(a);
    }
    remembered = next;
    lastGood = nextGood;
    if (!stale.equals(keptStale)) { // written only when it changes
      lastGoodStore.write(stale, problems);
      keptStale = List.copyOf(stale);
    }
    return new LoadResult(articles, problems, total, since(start), stale);
  }

  private ArticleParser.Parsed read(
      Path root, Path file, String source, Map<Path, Remembered> previous, Map<Path, Remembered> next, FileTime stableBefore) {
    try {
      beforeRead.accept(file);
      // One lstat for the common case. Only a link needs resolving: a plain file's directories
      // were checked to lie inside the content directory as the walk entered them.
      Path real = file;
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isSymbolicLink()) {
        real = file.toRealPath();
        if (!real.startsWith(root)) {
          return refuse(source, "links outside the content directory (to " + real + "): not read");
        }
        attrs = Files.readAttributes(real, BasicFileAttributes.class);
      }
      if (!attrs.isRegularFile()) {
        return refuse(source, "not a regular file: not read");
      }
      long size = attrs.size();
      if (size > maxFileBytes) {
        return refuse(source, size + " bytes, more than the limit of " + maxFileBytes + " bytes: not read");
      }
      Remembered before = previous.get(real);
      if (before != null
          && before.size() == size
          && before.modified().equals(attrs.lastModifiedTime())
          && Objects.equals(before.fileKey(), attrs.fileKey())
          && before.source().equals(source)) {
        next.put(real, before);
        return before.parsed();
      }
      ArticleParser.Parsed parsed = parser.parse(source, Files.readAllBytes(real));
      if (before != null && before.source().equals(source) && parsed.equals(before.parsed())) {
        // Rewritten with the same content (a full re-export, a checkout, a copy without times):
        // the article served now stays the one object, so a reload that reads every file again
        // does not hold two copies of the corpus's text while the new index is built.
        parsed = before.parsed();
      }
      if (attrs.lastModifiedTime().compareTo(stableBefore) < 0) {
        next.put(real, new Remembered(size, attrs.lastModifiedTime(), attrs.fileKey(), source, parsed));
      }
      return parsed;
    } catch (NoSuchFileException e) {
      return refuse(source, "disappeared while loading");
    } catch (IOException | RuntimeException e) {
      return refuse(source, "cannot be read: " + e);
    }
  }

  private static ArticleParser.Parsed refuse(String source, String message) {
    return new ArticleParser.Parsed(null, List.of(Problem.ofFile(source, message)));
  }

  private static void walk(Path root, List<Path> files, List<Problem> problems, String base) throws IOException {
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        64,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
            if (!d.equals(root) && d.getFileName().toString().startsWith(".")) {
              return FileVisitResult.SKIP_SUBTREE; // .git and friends
            }
            if (!d.toRealPath().startsWith(root)) {
              problems.add(Problem.ofFile(name(d), "links to a directory outside the content directory: not read"));
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md")) {
              if (attrs.isRegularFile()) {
                files.add(f);
              } else if (attrs.isSymbolicLink()) {
                // The walk follows links, so a link it cannot follow leads nowhere.
                problems.add(Problem.ofFile(name(f), "broken symbolic link: not read"));
              } else {
                // A FIFO or a device would block or never end when read.
                problems.add(Problem.ofFile(name(f), "not a regular file: not read"));
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            String why =
                e instanceof FileSystemLoopException
                    ? "symbolic link loop: not followed"
                    : e instanceof NoSuchFileException ? "broken link or vanished file" : "cannot be read: " + e;
            if (e instanceof FileSystemLoopException || f.toString().toLowerCase(Locale.ROOT).endsWith(".md")) {
              problems.add(Problem.ofFile(name(f), why));
            }
            return FileVisitResult.CONTINUE;
          }

          private String name(Path p) {
            return base + "/" + root.relativize(p).toString().replace('\\', '/');
          }
        });
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}

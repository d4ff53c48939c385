package org.studybot.content;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.studybot.files.PrivateFiles;

/**
 * Where a loader keeps the last good versions of articles whose files are broken now, so a restart
 * keeps serving them and {@code validate} (another process) can say which articles are stale.
 * Only stale articles are kept: a handful, not a copy of the corpus. A file that cannot be read is
 * reported and treated as empty: the worst case is that a broken file's article is not served
 * until it is fixed, as before this existed. Thread-safe: the loader writes from one thread.
 */
public final class LastGood {
  private static final int FORMAT = 1;
  private static final Gson GSON = new Gson();

  private final Path file;
  private final boolean writable;

  private LastGood(Path file, boolean writable) {
    this.file = file;
    this.writable = writable;
  }

  /** Remembers nothing across processes. */
  public static LastGood inMemory() {
    return new LastGood(null, false);
  }

  /** Kept in {@code file} ({@code <data_dir>/last-good.json}), read at start and written on change. */
  public static LastGood at(Path file) {
    return new LastGood(file, true);
  }

  /** Read from {@code file} but never written: for {@code validate}, which must not change state. */
  public static LastGood readOnly(Path file) {
    return new LastGood(file, false);
  }

  /** The stale articles kept, or none; {@code problems} is told why the file could not be used. */
  List<Article> read(List<Problem> problems) {
    if (file == null) {
      return List.of();
    }
    try {
      JsonObject o = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
      if (o == null || !o.has("format") || o.get("format").getAsInt() != FORMAT || !o.has("articles")) {
        problems.add(Problem.ofFile(file.toString(), "not a last-good file of format " + FORMAT + ": ignored"));
        return List.of();
      }
      // Gson builds records through their canonical constructors, so their checks run.
      List<Article> articles = GSON.fromJson(o.get("articles"), new TypeToken<List<Article>>() {}.getType());
      return List.copyOf(articles);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
        | UnsupportedOperationException e) {
      problems.add(Problem.ofFile(file.toString(), "cannot be read (" + e + "): last good versions forgotten"));
      return List.of();
    }
  }

  /** Keeps exactly {@code stale}; nothing when it is empty. */
  void write(List<Article> stale, List<Problem> problems) {
    if (file == null || !writable) {
      return;
    }
    try {
      if (stale.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      JsonObject o = new JsonObject();
      o.addProperty("format", FORMAT);
      o.add("articles", GSON.toJsonTree(stale));
      PrivateFiles.directory(file.toAbsolutePath().getParent());
      Path tmp = PrivateFiles.file(file.resolveSibling(file.getFileName() + ".tmp"));
      Files.writeString(tmp, GSON.toJson(o), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      problems.add(Problem.ofFile(file.toString(), "cannot be written (" + e + "): a restart will forget the last good versions"));
    }
  }
}

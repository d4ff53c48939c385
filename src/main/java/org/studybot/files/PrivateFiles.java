package org.studybot.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories the bot creates under its data directory, readable by its own user only:
 * directories 0700, files 0600. They hold students' questions (the feedback and unanswered logs)
 * and caches derived from the content, so nobody else on the machine needs them. Existing ones
 * created more openly by an older version are tightened when the bot next writes to them. On a
 * file system without POSIX permissions the calls just create. Thread-safe (stateless).
 */
public final class PrivateFiles {
  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} and any missing parents as 0700, and makes {@code dir} itself 0700. */
  public static Path directory(Path dir) throws IOException {
    if (!posix(dir)) {
      return Files.createDirectories(dir);
    }
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(DIRECTORY));
    tighten(abs, DIRECTORY);
    return dir;
  }

  /** Opens {@code file} for appending, creating it as 0600 (or making an existing one 0600). */
  public static FileChannel append(Path file) throws IOException {
    if (!posix(file)) {
      return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    try {
      return FileChannel.open(
          file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND), fileMode());
    } catch (FileAlreadyExistsException e) {
      tighten(file, FILE);
      return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  /** Creates {@code file} empty as 0600 if it is missing, or makes it 0600 if it is there. */
  public static Path file(Path file) throws IOException {
    if (!posix(file)) {
      return Files.exists(file) ? file : Files.createFile(file);
    }
    try {
      Files.createFile(file, fileMode());
    } catch (FileAlreadyExistsException e) {
      tighten(file, FILE);
    }
    return file;
  }

  /** A new empty 0600 file in {@code dir} (for write-then-rename). */
  public static Path tempFile(Path dir, String prefix, String suffix) throws IOException {
    return posix(dir) ? Files.createTempFile(dir, prefix, suffix, fileMode()) : Files.createTempFile(dir, prefix, suffix);
  }

  /** Makes an existing file 0600 (when the file system has POSIX permissions). */
  public static void ownerOnly(Path file) throws IOException {
    if (posix(file)) {
      tighten(file, FILE);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> fileMode() {
    return PosixFilePermissions.asFileAttribute(FILE);
  }

  private static void tighten(Path p, Set<PosixFilePermission> mode) throws IOException {
    if (!Files.getPosixFilePermissions(p).equals(mode)) {
      Files.setPosixFilePermissions(p, mode);
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix")
        && Files.getFileAttributeView(p.getFileSystem().getPath("."), PosixFileAttributeView.class) != null;
  }
}

package org.studybot.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

class PrivateFilesTest {
  @TempDir Path dir;

  @BeforeEach
  void posixOnly() {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void directoriesAreCreatedAndTightenedTo0700() throws Exception {
    Path deep = dir.resolve("data/vectors/index");
    PrivateFiles.directory(deep);
    assertEquals("rwx------", mode(dir.resolve("data")));
    assertEquals("rwx------", mode(dir.resolve("data/vectors")));
    assertEquals("rwx------", mode(deep));
    Path open = dir.resolve("open");
    Files.createDirectory(open);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    PrivateFiles.directory(open);
    assertEquals("rwx------", mode(open));
  }

  @Test
  void appendedAndTemporaryFilesAre0600() throws Exception {
    Path log = dir.resolve("log.jsonl");
    try (FileChannel ch = PrivateFiles.append(log)) {
      ch.write(ByteBuffer.wrap("a\n".getBytes(StandardCharsets.UTF_8)));
    }
    assertEquals("rw-------", mode(log));
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
    try (FileChannel ch = PrivateFiles.append(log)) {
      ch.write(ByteBuffer.wrap("b\n".getBytes(StandardCharsets.UTF_8)));
    }
    assertEquals("rw-------", mode(log));
    assertEquals("a\nb\n", Files.readString(log), "appending keeps what was there");
    assertEquals("rw-------", mode(PrivateFiles.tempFile(dir, "x", ".part")));
    Path db = PrivateFiles.file(dir.resolve("studybot.db"));
    assertEquals("rw-------", mode(db));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertEquals("rw-------", mode(PrivateFiles.file(db)), "an existing file is tightened");
  }
}

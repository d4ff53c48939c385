package org.studybot.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Articles from a directory on this machine, edited in place: the default. Immutable and thread-safe. */
public final class LocalDirectory implements ContentSource {
  private final Path dir;

  public LocalDirectory(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public String describe() {
    return "directory " + dir;
  }

  @Override
  public SourceUpdate update() {
    return SourceUpdate.unversioned();
  }

  @Override
  public SourceUpdate checkout(String version) {
    return SourceUpdate.failed(null, "the content directory " + dir + " has no versions: cannot move to " + version);
  }

  @Override
  public Optional<SourceVersion> served() {
    return Optional.empty();
  }
}

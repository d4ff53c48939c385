package org.studybot.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the articles come from. The loader reads {@link #directory()}; a source brings that
 * directory up to date and says which version it holds. Implementations are thread-safe; their
 * updates are called from one reloading thread at a time.
 *
 * <p>No method throws for a failure of the outside world (an unreachable remote, refused
 * credentials): it is returned in the {@link SourceUpdate}, and the directory keeps the content it
 * had, so the bot keeps serving it.
 */
public interface ContentSource extends AutoCloseable {

  /** The directory the loader reads. */
  Path directory();

  /** One line for logs: {@code directory content} or {@code git https://… branch main, folder content}. */
  String describe();

  /**
   * Brings {@link #directory()} to the newest version: nothing to do for a local directory; for Git,
   * fetch and move to the branch head.
   */
  SourceUpdate update();

  /**
   * Moves {@link #directory()} to exactly {@code version}, the one another replica recorded as
   * served, never to whatever this replica's own fetch would see. A source without versions (a
   * local directory) answers with a failure.
   */
  SourceUpdate checkout(String version);

  /** The version served now, if the source has versions and one is checked out. */
  Optional<SourceVersion> served();

  @Override
  default void close() {}
}

package org.studybot.source;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.Secrets;

/** Chooses the content source a configuration asks for. */
public final class ContentSources {
  /** The checkout's folder under {@code data_dir}. */
  public static final String CHECKOUT_DIR = "content-git";
  /** The last good versions of stale articles, under {@code data_dir}. */
  public static final String LAST_GOOD_FILE = "last-good.json";

  private ContentSources() {}

  /** The {@code content.git} settings, or empty when the articles are {@code content_dir}. */
  public static Optional<GitSettings> git(BotConfig config) throws ConfigException {
    return GitSettings.from(config.section("content").section("git"));
  }

  /**
   * The Git repository when {@code content.git.url} is set (saying that {@code content_dir} is then
   * not used), else {@code content_dir}. Nothing is fetched yet: the first reload clones or fetches.
   */
  public static ContentSource open(BotConfig config, Secrets secrets, Consumer<String> log) throws ConfigException {
    Optional<GitSettings> git = git(config);
    if (git.isEmpty()) {
      return new LocalDirectory(config.contentDir());
    }
    GitContentSource source = new GitContentSource(git.get(), checkout(config), secrets.gitToken(), log);
    log.accept("content from " + source.describe() + "; content_dir (" + config.contentDir() + ") is not used"
        + (secrets.gitToken().isPresent() ? "; with the token from " + Secrets.GIT_TOKEN : ""));
    return source;
  }

  /** Where the checkout of {@code content.git.url} lives. */
  public static Path checkout(BotConfig config) {
    return config.dataDir().resolve(CHECKOUT_DIR);
  }
}

package org.studybot.config;

import java.nio.file.Path;

/**
 * Where the articles are and whether to follow changes to them. Immutable and thread-safe.
 *
 * @param dir the content directory ({@code content_dir})
 * @param watch whether the directory is watched and reloaded on change ({@code reload.watch})
 */
public record ContentSettings(Path dir, boolean watch) {

  static ContentSettings from(Section root) throws ConfigException {
    return new ContentSettings(root.path("content_dir"), root.section("reload").bool("watch"));
  }
}

package org.studybot.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.studybot.config.ConfigException;
import org.studybot.config.Section;

/**
 * Where the articles' Git repository is ({@code content.git.*}). Immutable and thread-safe. The
 * token is not here: it comes only from {@code STUDYBOT_GIT_TOKEN} (see {@code config.Secrets}).
 *
 * @param url the repository ({@code https://github.com/org/site.git}, or {@code file://} and {@code
 *     git://} for mirrors); never with credentials in it
 * @param branch the branch served, or {@code ""} for the remote's default branch
 * @param path the folder inside the repository that holds the articles, or {@code ""} for the root
 * @param maxBytes the largest repository accepted, on disk and checked out: a clone or fetch over
 *     it is refused and the last good content kept
 */
public record GitSettings(String url, String branch, String path, long maxBytes) {

  /** 256 MiB: far more than thousands of articles, far less than a repository of videos. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  /**
   * @throws IllegalArgumentException naming the key, the value and the rule
   */
  public GitSettings {
    Objects.requireNonNull(url, "url");
    branch = branch == null ? "" : branch.strip();
    path = normalizePath(path == null ? "" : path);
    url = url.strip();
    checkUrl(url);
    if (!branch.isEmpty() && (branch.startsWith("-") || branch.contains("..") || branch.matches(".*[\\s~^:?*\\[\\\\].*"))) {
      throw new IllegalArgumentException("content.git.branch: \"" + branch + "\" is not a branch name");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("content.git.max_bytes: " + maxBytes + " must be at least 1");
    }
  }

  /**
   * Reads the {@code content.git} section: empty when {@code url} is not set (the articles are
   * {@code content_dir}).
   */
  public static Optional<GitSettings> from(Section git) throws ConfigException {
    Optional<String> url = git.optionalString("url");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new GitSettings(url.get(), git.optionalString("branch").orElse(""), git.optionalString("path").orElse(""),
              git.longInteger("max_bytes", 1, Long.MAX_VALUE)));
    } catch (IllegalArgumentException e) {
      ConfigException c = git.rule(e.getMessage());
      c.initCause(e);
      throw c;
    }
  }

  /** A repository's default branch, at its root, with the default size limit. */
  public static GitSettings of(String url) {
    return new GitSettings(url, "", "", DEFAULT_MAX_BYTES);
  }

  /** {@code refs/heads/<branch>} of a branch name. */
  static String ref(String branch) {
    return "refs/heads/" + branch;
  }

  private static String normalizePath(String p) {
    String s = p.strip().replace('\\', '/');
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.equals(".")) {
      return "";
    }
    for (String part : s.split("/")) {
      if (part.equals("..") || part.equals(".git")) {
        throw new IllegalArgumentException("content.git.path: \"" + p + "\" must be a folder inside the repository");
      }
    }
    return s;
  }

  private static void checkUrl(String url) {
    if (url.isEmpty()) {
      throw new IllegalArgumentException("content.git.url: empty: expected a repository URL such as https://github.com/org/site.git");
    }
    if (url.matches("[\\w.-]+@[\\w.-]+:.*") || url.toLowerCase(Locale.ROOT).startsWith("ssh://")) {
      throw new IllegalArgumentException(
          "content.git.url: \"" + url + "\": SSH is not supported yet: use the https URL with a token in STUDYBOT_GIT_TOKEN");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("content.git.url: \"" + url + "\" is not a URL: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.matches("https|http|git|file")) {
      throw new IllegalArgumentException(
          "content.git.url: \"" + url + "\": expected an https:// (or http://, git://, file://) repository URL");
    }
    if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
      // Not even echoed: the part after the colon is a password or token.
      throw new IllegalArgumentException(
          "content.git.url: must not hold a password or token: put the token in STUDYBOT_GIT_TOKEN instead");
    }
  }

  /** The user name in the URL ({@code https://oauth2@gitlab.com/...}), or {@code null}. */
  String userName() {
    try {
      String info = new URI(url).getUserInfo();
      return info == null || info.isEmpty() ? null : info;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}

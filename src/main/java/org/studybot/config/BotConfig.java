package org.studybot.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Every setting StudyBot reads, parsed once and checked. Immutable and thread-safe. Secrets are not
 * here: see {@link Secrets}.
 *
 * @param contentDir where the articles are ({@code content_dir})
 * @param dataDir where logs of unanswered questions, feedback and caches live ({@code data_dir})
 * @param siteBaseUrl prefixed to each article's {@code url} to make its link ({@code site_base_url})
 * @param answeredAt confidence at or above which a match is given as the answer
 * @param unsureAt confidence at or above which the closest matches are offered as a guess
 * @param summaryChars the longest summary, in characters, when cut from the answer
 * @param alternatives how many matches an unsure reply offers
 * @param cacheSpec the reply cache, as a Caffeine spec ({@code maximumSize=10000,expireAfterWrite=1h})
 * @param maxFileBytes an article file larger than this is refused unread
 * @param maxQuestionChars a question is cut to this many characters before matching
 * @param maxQueryTerms at most this many distinct terms of a question are searched
 * @param semantic whether sentence embeddings join keyword matching ({@code search.semantic})
 * @param watchContent whether the content directory is watched and reloaded on change
 * @param askCommand the Slack slash command that asks a question
 * @param studyCommand the Slack slash command that browses a subject
 * @param adminCommand the Slack slash command for admins
 * @param admins Slack user ids allowed to run admin commands
 */
public record BotConfig(
    Path contentDir,
    Path dataDir,
    String siteBaseUrl,
    double answeredAt,
    double unsureAt,
    int summaryChars,
    int alternatives,
    String cacheSpec,
    long maxFileBytes,
    int maxQuestionChars,
    int maxQueryTerms,
    boolean semantic,
    boolean watchContent,
    String askCommand,
    String studyCommand,
    String adminCommand,
    List<String> admins) {

  public BotConfig {
    Objects.requireNonNull(contentDir, "contentDir");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(siteBaseUrl, "siteBaseUrl");
    Objects.requireNonNull(cacheSpec, "cacheSpec");
    admins = List.copyOf(admins);
  }

  /** The settings used when there is no configuration file. */
  public static BotConfig defaults() {
    return new BotConfig(
        Path.of("content"),
        Path.of("data"),
        "https://quicktakes.io",
        0.55,
        0.30,
        300,
        3,
        "maximumSize=10000,expireAfterWrite=1h,recordStats",
        1_048_576,
        2_000,
        32,
        true,
        false,
        "/ask",
        "/study",
        "/studybot",
        List.of());
  }

  /** A copy with another content directory (the {@code --content} option). */
  public BotConfig withContentDir(Path dir) {
    return new BotConfig(
        dir, dataDir, siteBaseUrl, answeredAt, unsureAt, summaryChars, alternatives, cacheSpec,
        maxFileBytes, maxQuestionChars, maxQueryTerms, semantic, watchContent, askCommand,
        studyCommand, adminCommand, admins);
  }

  /** A copy with another data directory. */
  public BotConfig withDataDir(Path dir) {
    return new BotConfig(
        contentDir, dir, siteBaseUrl, answeredAt, unsureAt, summaryChars, alternatives, cacheSpec,
        maxFileBytes, maxQuestionChars, maxQueryTerms, semantic, watchContent, askCommand,
        studyCommand, adminCommand, admins);
  }

  /** A copy with another list of admin user ids. */
  public BotConfig withAdmins(List<String> ids) {
    return new BotConfig(
        contentDir, dataDir, siteBaseUrl, answeredAt, unsureAt, summaryChars, alternatives, cacheSpec,
        maxFileBytes, maxQuestionChars, maxQueryTerms, semantic, watchContent, askCommand,
        studyCommand, adminCommand, ids);
  }

  /** A copy with semantic matching switched on or off. */
  public BotConfig withSemantic(boolean on) {
    return new BotConfig(
        contentDir, dataDir, siteBaseUrl, answeredAt, unsureAt, summaryChars, alternatives, cacheSpec,
        maxFileBytes, maxQuestionChars, maxQueryTerms, on, watchContent, askCommand, studyCommand,
        adminCommand, admins);
  }

  /** The full link of a site path. */
  public String link(String url) {
    if (url == null || url.isEmpty() || url.startsWith("http://") || url.startsWith("https://")) {
      return url == null ? "" : url;
    }
    String base = siteBaseUrl.endsWith("/") ? siteBaseUrl.substring(0, siteBaseUrl.length() - 1) : siteBaseUrl;
    return base + (url.startsWith("/") ? url : "/" + url);
  }
}

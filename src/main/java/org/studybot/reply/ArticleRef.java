package org.studybot.reply;

/**
 * An article as a reply shows it: enough to link to it. Immutable and thread-safe.
 *
 * @param id the article id
 * @param title its title
 * @param subject its subject
 * @param link the full link (site base URL + the article's url)
 * @param url the article's path on the site, as exported
 * @param score its ranking score, or 0 where no ranking applies (related articles)
 */
public record ArticleRef(String id, String title, String subject, String link, String url, double score) {}

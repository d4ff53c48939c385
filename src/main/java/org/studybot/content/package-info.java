/**
 * The study articles: what one is, how it is read from a markdown file with YAML front matter, and
 * how a whole content directory is loaded.
 *
 * <p>Start at {@link org.studybot.content.CorpusLoader}, which walks a directory and hands each
 * file to {@link org.studybot.content.ArticleParser}; the result is a {@link
 * org.studybot.content.LoadResult} holding the good {@link org.studybot.content.Article}s and a
 * {@link org.studybot.content.Problem} for every file or field that was wrong, and the stale
 * articles: a file that no longer parses keeps serving its last good version (kept across
 * restarts by {@link org.studybot.content.LastGood}). {@link org.studybot.content.CorpusChanges}
 * compares two loads. This package depends only on {@code files} (owner-only files) in StudyBot.
 */
package org.studybot.content;

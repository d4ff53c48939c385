/**
 * Finding the article that answers a question: the analyzer shared by indexing and querying, the
 * immutable in-memory Lucene index of one corpus, and the matcher.
 *
 * <p>Start at {@link org.studybot.search.CorpusIndex#build}, which turns loaded articles into an
 * immutable snapshot, and {@link org.studybot.search.Matcher#match} (the words alone: {@link org.studybot.search.LexicalMatcher}), which turns a student's free
 * text (never parsed as query syntax) into ranked {@link org.studybot.search.Match}es with the
 * evidence the confidence is computed from.
 */
package org.studybot.search;

/**
 * Finding the article that answers a question: the analyzer shared by indexing and querying, the
 * immutable in-memory index of one corpus, and the matcher. Knows nothing of embeddings: what it
 * needs from article vectors is the {@link org.studybot.search.VectorSearch} port (nearest
 * articles to a query vector, one article's similarity), which {@code semantic} implements.
 *
 * <p>Start at {@link org.studybot.search.CorpusIndex#build}, which turns loaded articles into an
 * immutable snapshot (its parts, one job each: {@code Corpus} looks articles and subjects up,
 * {@code Documents} says how an article becomes a Lucene document, {@code LexicalIndex} holds the
 * BM25 index and the {@code Initialisms} its names spell; {@code CorpusIndex} itself versions them and leases them to queries), and {@link
 * org.studybot.search.Matcher#match} (the words alone: {@link
 * org.studybot.search.LexicalMatcher}), which turns a student's free text (never parsed as query
 * syntax) into ranked {@link org.studybot.search.Match}es with the evidence the confidence is
 * computed from.
 */
package org.studybot.search;

package org.studybot.search;

import org.studybot.content.Article;

/**
 * One article found for a question, with the evidence for it. Immutable and thread-safe.
 *
 * @param article the article
 * @param score the ranking score (BM25, or the fused score when semantic matching is on)
 * @param coverage the share of the question's information (terms weighted by rarity) that the
 *     article contains, in [0,1]
 * @param headCoverage the same share counted only in the article's title, question, subject,
 *     description and keywords, in [0,1]
 * @param similarity the semantic similarity of question and article in [-1,1], or {@code NaN}
 *     when semantic matching is off or the article has no vector (yet)
 */
public record Match(Article article, double score, double coverage, double headCoverage, double similarity) {}

/**
 * Measuring matching quality: an {@link org.studybot.eval.EvalSet} of student questions with the
 * article that answers each (or none, for off-topic chat), and {@link
 * org.studybot.eval.Evaluation}, which runs them through an answerer and reports accuracy by
 * kind, MRR@5, the off-topic rejection rate and the misses. Used by the {@code eval} command and
 * by the quality-floor test.
 */
package org.studybot.eval;

/**
 * What students tell the bot about its answers, kept so the content team can fill the gaps. Start
 * at {@link org.studybot.feedback.FeedbackStore}: the questions it could not answer well (answered
 * {@code none} or {@code unsure}, or given a thumbs-down), the votes, and the {@code gaps} report.
 * {@link org.studybot.feedback.FeedbackLog} keeps them in append-only JSON-lines files under the data
 * directory so they survive restarts (owner-only, one vote per student per answer, no student ids);
 * a line torn by a crash mid-write is reported once (file and line) and skipped, and the next
 * record starts on a line of its own. {@code serve} and the shell keep them in the store instead
 * ({@code store.StoreFeedback} implements {@code FeedbackStore}), shared by every replica.
 * Depends on nothing but the JDK, Gson and {@code files}.
 */
package org.studybot.feedback;

/**
 * What students tell the bot about its answers, kept so the content team can fill the gaps: an
 * append-only log of questions it could not answer well (answered {@code none} or {@code unsure},
 * or given a thumbs-down) and of every thumbs-up/down, under the configured data directory so they
 * survive restarts; and the {@code gaps} report built from it. Depends on nothing but the JDK and
 * Gson.
 */
package org.studybot.feedback;

/**
 * StudyBot's settings, read once at start. Start at {@link org.studybot.config.ConfigLoader}: it
 * lays the user's {@code config/studybot.yml} over the copy of that file bundled in the jar (the
 * one source of defaults, every key documented there) and reads the result into a {@link
 * org.studybot.config.BotConfig} of small records per section. A package that owns settings of its
 * own reads its raw {@link org.studybot.config.Section} ({@code BotConfig.section("slack")}) in a
 * {@code static X from(Section)} of its own record. Secrets come only from the environment
 * variables named in {@link org.studybot.config.Secrets}.
 */
package org.studybot.config;

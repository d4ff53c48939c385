/**
 * StudyBot's settings: {@link org.studybot.config.BotConfig}, read once from
 * {@code config/studybot.yml} by {@link org.studybot.config.ConfigLoader}, and the secrets, which
 * come only from the environment variables named in {@link org.studybot.config.Secrets}.
 */
package org.studybot.config;

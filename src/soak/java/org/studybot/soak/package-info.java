/**
 * The bounded soak test: {@link org.studybot.soak.Soak} starts the real jar in Slack HTTP mode on
 * loopback against a fake Slack Web API, drives a steady mix of signed slash commands, mentions,
 * DMs and admin reloads at it for a fixed time, and checks that every request was acked in time,
 * every question got exactly one reply, the bot logged no error and its heap stayed flat.
 *
 * <p>Not a unit test: it is compiled only in the Maven profile {@code soak} and run by {@code
 * soak/run.sh}. Start with {@link org.studybot.soak.Soak}; {@link org.studybot.soak.Workload} makes
 * the requests, {@link org.studybot.soak.Ledger} matches replies to them, {@link
 * org.studybot.soak.BotProcess} runs and measures the bot.
 */
package org.studybot.soak;

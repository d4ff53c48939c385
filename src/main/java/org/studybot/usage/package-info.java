/**
 * Usage statistics for admins: how many questions each Slack workspace asked per UTC day, how they
 * were answered, which subjects went unanswered, the 👍/👎 votes and the reply cache's hits, summed
 * over every replica, and the 7-day view built from them. Start with {@link
 * org.studybot.usage.UsageRecorder}, the {@link org.studybot.answer.AnswerListener} the wiring
 * installs ({@code serve} and the shell), which counts into a {@link
 * org.studybot.usage.UsageCounts} (the store implements it: counted in memory, written in batches);
 * {@link org.studybot.usage.Week} reads one workspace's last seven days back and lays them out as a
 * narrow table that front ends put on screen ({@code /studybot stats}, the admin's App Home).
 * Depends on {@code answer} (the events) and {@code feedback} (vote outcomes) only.
 */
package org.studybot.usage;

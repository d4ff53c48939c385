/**
 * Turning a message into a reply: the one entry point every front end calls, {@link
 * org.studybot.answer.Answerer} (answers, an article chosen by id, {@code /study} browsing, "no such
 * subject"); front ends only render. It recognises chat, matches questions against the current
 * corpus held by {@link org.studybot.answer.Library} (which reloads atomically), decides how sure it
 * is ({@link org.studybot.answer.Confidence}), builds the {@link org.studybot.reply.Reply} and caches
 * it. Every answered message is told to the {@link org.studybot.answer.AnswerListener}s the wiring
 * installs as an {@link org.studybot.answer.AnswerEvent}: {@link org.studybot.answer.Stats} counts
 * them in this process, {@link org.studybot.answer.UnansweredLog} keeps the content gaps in a
 * feedback store (and {@code usage.UsageRecorder} counts them in the store for the admins).
 * {@link org.studybot.answer.Engine} assembles it all from the configuration; {@link
 * org.studybot.answer.ContentWatcher} reloads the library when the content directory changes
 * ({@code reload.watch: on}).
 *
 * <p>The library reads its articles from a {@link org.studybot.source.ContentSource} (a directory,
 * or a Git checkout brought up to date on each reload); {@link
 * org.studybot.answer.ReplicaSync} keeps replicas on the version (commit or content fingerprint)
 * the reloading one recorded, by polling the store's {@link org.studybot.source.ServedVersions} and
 * beating its heart in a {@link org.studybot.source.ReplicaRegistry}.
 */
package org.studybot.answer;

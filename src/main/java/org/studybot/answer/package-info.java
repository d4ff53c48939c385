/**
 * Turning a message into a reply: the one entry point every front end calls, {@link
 * org.studybot.answer.Answerer} (answers, an article chosen by id, {@code /study} browsing, "no such
 * subject"); front ends only render. It recognises chat, matches questions against the current
 * corpus held by {@link org.studybot.answer.Library} (which reloads atomically), decides how sure it
 * is ({@link org.studybot.answer.Confidence}), builds the {@link org.studybot.reply.Reply} and caches
 * it. What a message asks for is read from its form: {@code SmallTalk} tells chat and near misses
 * (requests to the bot, opinions, questions about oneself, stories, links) from study questions
 * before any search, and {@code AnswerType} whether a question asking who, when or where is
 * answered by an article that names a person, a date or a place near its topic. Every answered message is told to the {@link org.studybot.answer.AnswerListener}s the wiring
 * installs as an {@link org.studybot.answer.AnswerEvent}: {@link org.studybot.answer.UnansweredLog}
 * keeps the content gaps in a feedback store, {@code usage.UsageRecorder} counts them in the store
 * for the admins and {@code metrics} for Prometheus.
 * {@link org.studybot.answer.Engine} assembles it all from the configuration; {@link
 * org.studybot.answer.ContentWatcher} reloads the library when the content directory changes
 * ({@code reload.watch: on}).
 *
 * <p>The library reads its articles from a {@link org.studybot.source.ContentSource} (a directory,
 * or a Git checkout brought up to date on each reload); {@link
 * org.studybot.answer.ReplicaSync} keeps replicas on the version (commit or content fingerprint)
 * the reloading one recorded, by polling the store's {@link org.studybot.source.ServedVersions} and
 * beating its heart in a {@link org.studybot.source.ReplicaRegistry}.
 *
 * <p>With semantic matching, a corpus with many articles lacking a cached vector serves by words at
 * once and is embedded in the background ({@link org.studybot.answer.Library.Vectorizer}, which the
 * engine implements over {@link org.studybot.semantic.Semantic}); the switch to words and meaning
 * is one more atomic swap. With a large backlog ({@code search.quick_pass_above}) a quick pass
 * comes first: the articles' heads are embedded and words and quick meaning swapped in (interim
 * vectors, which {@link org.studybot.answer.Confidence} reads with a stricter cut-off), then the full
 * texts, and a last swap. {@link org.studybot.answer.SemanticStatus} says where that stands (the
 * log, {@code /healthz}, stats, the embedding backlog and phase gauges).
 */
package org.studybot.answer;

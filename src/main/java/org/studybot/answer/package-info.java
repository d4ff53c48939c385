/**
 * Turning a message into a reply: the one entry point every front end calls, {@link
 * org.studybot.answer.Answerer}. It recognises chat, matches questions against the current corpus
 * held by {@link org.studybot.answer.Library} (which reloads atomically), decides how sure it is
 * ({@link org.studybot.answer.Confidence}), builds the {@link org.studybot.reply.Reply} and caches
 * it. {@link org.studybot.answer.ContentWatcher} reloads the library when the content directory
 * changes ({@code reload.watch: on}).
 */
package org.studybot.answer;

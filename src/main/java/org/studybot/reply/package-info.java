/**
 * What the bot says, independent of where it says it: the {@link org.studybot.reply.Reply} model
 * every front end shares, and its renderers ({@link org.studybot.reply.TextRenderer} for the
 * terminal, {@link org.studybot.reply.BlockKitRenderer} for Slack's Block Kit, written as plain JSON
 * so that no Slack class leaks out of {@code slack}, {@link org.studybot.reply.JsonReplies} for
 * tooling). Depends only on {@code content}.
 */
package org.studybot.reply;

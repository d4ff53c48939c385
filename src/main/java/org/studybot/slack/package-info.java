/**
 * The Slack front end, on Bolt for Java: the only package that talks to Slack (and the only one
 * that imports {@code com.slack}). {@link org.studybot.slack.SlackLauncher} starts it in Socket
 * Mode (when an app token is set) or HTTP mode; {@link org.studybot.slack.StudyBotApp} holds the
 * handlers for mentions, DMs, slash commands, buttons and the App Home, each of which records
 * its request in the durable {@code intake.Intake} (or has it refused, and the student told) and
 * acks at once, and the intake's workers call back to deliver the answer; {@link org.studybot.slack.WebApi} posts with
 * retries on rate limits; {@link org.studybot.slack.SignatureCheck} refuses forged, unsigned,
 * stale and future-dated HTTP requests; {@link org.studybot.slack.EventLedger} answers each event
 * once however often Slack retries it. Installed in many workspaces ({@code SLACK_CLIENT_ID}),
 * {@link org.studybot.slack.OAuthInstall} serves the install pages and keeps installations in the
 * store, and {@link org.studybot.slack.WorkspaceGate} hands each request its own workspace's bot
 * ({@link org.studybot.slack.BotTokens}). Replies come from {@code answer.Answerer}: this package only
 * renders them. Its settings: {@link org.studybot.slack.SlackCommands} (the {@code slack} section)
 * and {@link org.studybot.slack.SlackSettings} (the environment).
 */
package org.studybot.slack;

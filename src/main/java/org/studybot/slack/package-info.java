/**
 * The Slack front end, on Bolt for Java: the only package that talks to Slack (and the only one
 * that imports {@code com.slack}). {@link org.studybot.slack.SlackLauncher} starts it in Socket
 * Mode (when an app token is set) or HTTP mode; {@link org.studybot.slack.StudyBotApp} holds the
 * handlers for mentions, DMs, slash commands, buttons and the App Home, each of which acks at
 * once and does its work off the request thread; {@link org.studybot.slack.WebApi} posts with
 * retries on rate limits; {@link org.studybot.slack.SignatureCheck} refuses forged, unsigned,
 * stale and future-dated HTTP requests; {@link org.studybot.slack.EventLedger} answers each event
 * once however often Slack retries it. Replies come from {@code answer.Answerer}: this package only
 * renders them. Its settings: {@link org.studybot.slack.SlackCommands} (the {@code slack} section)
 * and {@link org.studybot.slack.SlackSettings} (the environment).
 */
package org.studybot.slack;

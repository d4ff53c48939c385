/**
 * Durable, fair intake: what a front end acknowledges is recorded in the store before the ack and
 * leaves it only once answered, so neither SIGTERM nor kill -9 loses a question; one student or
 * channel flooding the bot is refused (and told) rather than delaying everyone; answers go out at
 * the pace the Web API allows. While the store cannot write, the end of a delivery is held in
 * memory ({@code store.Held}) and recorded once it can, so an answer is not delivered twice.
 * Start with {@link org.studybot.intake.Intake} ({@code offer},
 * {@code start}, {@code stop}); a front end implements {@link org.studybot.intake.Handler} to
 * deliver each kind of work it records; {@link org.studybot.intake.IntakeSettings} is the {@code
 * intake} section of the config. Depends on {@code store} and {@code config}; knows nothing of
 * Slack.
 */
package org.studybot.intake;

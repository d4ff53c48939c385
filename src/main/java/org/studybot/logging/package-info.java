/**
 * Logging: where StudyBot's log lines go and in which format, plain text for a terminal or one
 * JSON object per line for a log collector ({@code logging.format}). The backend is Logback; code
 * logs through SLF4J (with key-value pairs for fields such as status and latency) or through the
 * line consumer that {@link org.studybot.logging.Logs#start} returns.
 *
 * <p>Start with {@link org.studybot.logging.Logs}; the JSON layout is {@link
 * org.studybot.logging.JsonLineEncoder}. Nothing here logs message text or request bodies: callers
 * pass counts, ids and statuses as fields.
 */
package org.studybot.logging;

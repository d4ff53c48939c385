package org.studybot.reply;

/** What the message was, before any searching: most are questions; some are chat. */
public enum Intent {
  /** A study question: searched. */
  QUESTION,
  /** Hello: answered with a short greeting. */
  GREETING,
  /** Thanks: answered with a short reply. */
  THANKS,
  /** Who or what the bot is, or what it can do. */
  IDENTITY,
  /** A request for help using the bot. */
  HELP,
  /**
   * Not a study question, though it may share words with one: campus logistics ("when is the
   * midterm"), live information ("weather tomorrow", "last night's game"), a request to do
   * someone's work, shopping, a task for the bot, personal advice or trivia.
   */
  OFF_TOPIC,
  /** Chat addressed to the bot itself or about the student's mood ("do you ever sleep", "lol"). */
  CHAT,
  /** A question that names no topic ("how does it work", "what does that mean"): detail asked for. */
  VAGUE,
  /** Nothing left to search once markup is removed. */
  EMPTY
}

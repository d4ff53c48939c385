package org.studybot.soak;

/** What a soak request is, and how its reply comes back. */
enum Kind {
  /** {@code /ask <question>}: answered at the command's response URL. */
  ASK,
  /** {@code /study}, {@code /study <subject>}, {@code /study <subject> <question>}: response URL. */
  STUDY,
  /** An {@code app_mention} in a channel: answered by {@code chat.postMessage} in its thread. */
  MENTION,
  /** A direct message: answered by {@code chat.postMessage} in the DM. */
  DM,
  /** An admin's {@code /studybot reload}: the reload report at the response URL. */
  RELOAD
}

package org.studybot.answer;

import java.util.Locale;
import java.util.regex.Pattern;
import org.studybot.reply.Intent;

/**
 * Recognises chat that is not a study question: greetings, thanks, "who are you", "help". Only
 * short messages count, so "hi, what is entropy?" is still searched. Thread-safe.
 */
final class SmallTalk {
  private static final String FILLER = "(?:\\s+(?:there|again|all|everyone|guys|bot|studybot|so much|a lot|lots|mate|friend))*";
  private static final Pattern GREETING =
      Pattern.compile("(?:hi+|hello+|hey+|heya|hiya|yo+|howdy|sup|wass?up|good (?:morning|afternoon|evening)|greetings)" + FILLER);
  private static final Pattern THANKS =
      Pattern.compile("(?:thanks?|thank you|thx|ty|tysm|cheers|much appreciated|appreciate it|great|awesome|cool|nice|perfect|got it)" + FILLER);
  private static final Pattern IDENTITY =
      Pattern.compile(
          "(?:who|what) (?:are|r) (?:you|u)|what can (?:you|u) do|what do (?:you|u) do|are (?:you|u) (?:a )?(?:bot|robot|human|ai|real)|who made (?:you|u)|what is (?:this|studybot)|what's (?:this|studybot)");
  private static final Pattern HELP = Pattern.compile("help|help me|how do i use (?:this|you|u|studybot)|commands|usage|\\?");

  private SmallTalk() {}

  /** The intent of a cleaned message: chat intents for short chat, else {@link Intent#QUESTION}. */
  static Intent classify(String cleaned) {
    String t = cleaned.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'?\\s]", " ").replaceAll("\\s+", " ").strip();
    if (t.isEmpty()) {
      return Intent.EMPTY;
    }
    String bare = t.replaceAll("[?!.']+$", "").replace("'", "'").strip();
    if (bare.split(" ").length > 7) {
      return Intent.QUESTION;
    }
    if (GREETING.matcher(bare).matches()) {
      return Intent.GREETING;
    }
    if (THANKS.matcher(bare).matches()) {
      return Intent.THANKS;
    }
    if (IDENTITY.matcher(bare).matches()) {
      return Intent.IDENTITY;
    }
    if (HELP.matcher(t.strip()).matches()) {
      return Intent.HELP;
    }
    return Intent.QUESTION;
  }
}

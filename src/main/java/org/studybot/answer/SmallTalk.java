package org.studybot.answer;

import java.util.Locale;
import java.util.regex.Pattern;
import org.studybot.reply.Intent;

/**
 * Recognises messages that are not study questions, before any search: greetings, thanks, "who
 * are you", "help" (short messages only, so "hi, what is entropy?" is still searched), and
 * campus logistics, live information and requests to do someone's work ("when is the midterm",
 * "whats my gpa", "weather tomorrow", "write my essay"), which share words with study articles
 * but no article can answer. Thread-safe.
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
  // Campus services and course logistics: no study article answers these, whatever words they share.
  private static final Pattern CAMPUS_WORDS =
      Pattern.compile(
          "\\b(?:gpa|canvas|blackboard|moodle|zoom link|wifi|wi fi|dorms?|dining hall|cafeteria|parking|registrar|financial aid"
              + "|tuition (?:fees?|bill|payment)|office hours|spring break|syllabus|student id|transcript|drop (?:a |the |my )?class|add drop"
              + "|deadline to|due date|extension on|easy a|easiest (?:class|professor|prof|teacher)|open book"
              + "|credits? (?:do i need|to graduate)|class (?:is )?(?:cancelled|canceled)|my (?:grades?|schedule|professor|prof|ta|advisor|section|roommate|password"
              + "|account|login)|(?:who|which) is my \\w+ (?:ta|professor|prof|teacher))\\b");
  private static final Pattern SCHEDULE =
      Pattern.compile(
          "^(?:when|wen|what time|where|wheres|where s)\\b.*\\b(?:exam|midterm|final|quiz|lecture|class|office|library"
              + "|lab report|due|posted|cancelled|canceled)\\b.*");
  // Live information: a forecast or last night's result is news, not an article. Narrow on purpose:
  // "how do fronts change the weather tmrw" is a study question that mentions a day.
  private static final Pattern LIVE =
      Pattern.compile(
          "^(?:what'?s|what is|how'?s|how is|will it|is it (?:gonna|going to))\\b.{0,20}\\b(?:weather|forecast|rain|snow"
              + "|temperature)\\b.{0,15}\\b(?:today|tonight|tomorrow|tmrw|tmr|this weekend|outside)\\b.*"
              + "|.*\\bwho won\\b.*|.*\\b(?:scores?|standings|results) (?:today|tonight|last night|yesterday)\\b.*");
  private static final Pattern DO_MY_WORK =
      Pattern.compile(
          "\\b(?:do|write|finish|complete|take|answer) (?:my|this|the) (?:\\w+ )?(?:homework|hw|essay|assignment|paper|exam"
              + "|test|quiz|lab|worksheet)\\b");
  private static final Pattern HELP = Pattern.compile("help|help me|how do i use (?:this|you|u|studybot)|commands|usage|\\?");

  private SmallTalk() {}

  /** The intent of a cleaned message: chat intents for short chat, else {@link Intent#QUESTION}. */
  static Intent classify(String cleaned) {
    String t = cleaned.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'?\\s]", " ").replaceAll("\\s+", " ").strip();
    if (t.isEmpty()) {
      return Intent.EMPTY;
    }
    String bare = t.replaceAll("[?!.']+$", "").replace("'", "'").strip();
    boolean isShort = bare.split(" ").length <= 7;
    if (!isShort) {
      return offTopic(t) ? Intent.OFF_TOPIC : Intent.QUESTION;
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
    return offTopic(t) ? Intent.OFF_TOPIC : Intent.QUESTION;
  }

  private static boolean offTopic(String t) {
    return CAMPUS_WORDS.matcher(t).find()
        || SCHEDULE.matcher(t).matches()
        || DO_MY_WORK.matcher(t).find()
        || LIVE.matcher(t).matches();
  }
}

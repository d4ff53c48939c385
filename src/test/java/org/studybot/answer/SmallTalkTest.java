package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.studybot.reply.Intent;

class SmallTalkTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hi | GREETING",
        "hey there! | GREETING",
        "good morning everyone | GREETING",
        "thanks so much | THANKS",
        "thx | THANKS",
        "who are you? | IDENTITY",
        "are u a bot | IDENTITY",
        "help | HELP",
        "'' | EMPTY",
        "whats my gpa | OFF_TOPIC",
        "when is the biology midterm | OFF_TOPIC",
        "wen is the chem lab report due | OFF_TOPIC",
        "can you write my english essay for me | OFF_TOPIC",
        "how do i reset my canvas password | OFF_TOPIC",
        "is class cancelled today | OFF_TOPIC",
        "what's the weather tomorrow | OFF_TOPIC",
        "who won the game last night | OFF_TOPIC",
        "hi, what is entropy? | QUESTION",
        "how do cold fronts change the weather tmrw | QUESTION",
        "newtons 3 laws summary for my test tmrw | QUESTION",
        "why does the magna carta still matter today | QUESTION",
        "what is the difference between weather and climate | QUESTION",
        "when did the french revolution start | QUESTION",
        "is the true cost of college just tuition or also lost wages | QUESTION",
        "how do i structure my essay around a thesis | QUESTION",
        "where does photosynthesis happen in the cell | QUESTION",
        "great depression causes | QUESTION",
        "thanks for the help bot | THANKS",
        "ty that was really useful | THANKS",
        "good night studybot | THANKS",
        "thanks, but what is entropy? | QUESTION",
        "do you ever sleep | CHAT",
        "you're useless | CHAT",
        "i hate math | CHAT",
        "im so bored rn | CHAT",
        "lol | CHAT",
        "whats ur favorite color | CHAT",
        "do you know how vaccines work | QUESTION",
        "can you explain photosynthesis | QUESTION",
        "how does it work | VAGUE",
        "what does that mean | VAGUE",
        "can you explain that again? | VAGUE",
        "why | VAGUE",
        "what is work | QUESTION",
        "how does photosynthesis work | QUESTION",
        "where can i buy a graphing calculator | OFF_TOPIC",
        "which laptop should i buy for engineering | OFF_TOPIC",
        "how much does a used microscope cost | OFF_TOPIC",
        "how do i connect my phone to the projector | OFF_TOPIC",
        "how do i reboot a frozen chromebook | OFF_TOPIC",
        "is the gym open on sunday | OFF_TOPIC",
        "how does a tariff raise the price of imports | QUESTION",
        "why do people rush to buy gold when inflation rises | QUESTION",
        "which formula should i use for average velocity | QUESTION",
        "how do i back up my argument with evidence in an essay | QUESTION",
        "what is the nearest neighbour algorithm | QUESTION",
        "night sky: why do stars twinkle | QUESTION",
      })
  void classifies(String message, Intent expected) {
    assertEquals(expected, SmallTalk.classify(message));
  }

  /** The golden cases in {@code src/test/resources/golden/intents.tsv}. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = "/golden/intents.tsv", delimiter = '\t')
  void classifiesTheGoldenCases(String message, Intent expected) {
    assertEquals(expected, SmallTalk.classify(message));
  }
}

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

  /**
   * Near misses: messages that share a word with an article but ask what no article answers, one
   * alternative of each pattern at a time, and the study questions that look most like them.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // course logistics: an assessment and how it is run, in either order
        "is the cold war test open notes | SCHOOL",
        "when is the chem essay due | SCHOOL",
        "can we use a calculator on the stats exam | SCHOOL",
        "will there be a curve on the midterm | SCHOOL",
        "where do i turn in my lab report | SCHOOL",
        "whats the word count for the essay | SCHOOL",
        "how do i submit the homework | SCHOOL",
        "what time does the bio lab start | SCHOOL",
        "what room is the physics lecture in | SCHOOL",
        "will meiosis be on the bio test | SCHOOL",
        "is osmosis on the final | SCHOOL",
        "is the algebra quiz tomorrow | SCHOOL",
        "is mr lee out sick today | SCHOOL",
        "who is teaching stats next term | SCHOOL",
        "how do i email my teacher | SCHOOL",
        "how long is the history final | SCHOOL",
        // live figures and news
        "what is the price of gold today | LIVE",
        "whats the inflation rate right now | LIVE",
        "did a volcano just erupt | LIVE",
        "will it rain on saturday | LIVE",
        "exchange rate pound to yen | LIVE",
        "when is the next full moon | LIVE",
        "whats the weather like in london | LIVE",
        "why isnt my code compiling | OTHER",
        "my program keeps crashing | OTHER",
        // products and prices
        "how much did the golden gate bridge cost to build | SHOPPING",
        "cheapest periodic table poster | SHOPPING",
        "good telescope for a 12 year old | SHOPPING",
        "which calculator is best for physics | SHOPPING",
        "can you recommend a chemistry set | SHOPPING",
        "best laptop brand for coding | SHOPPING",
        // something for the bot to do rather than explain
        "write me a poem about the water cycle | TASK",
        "can you remind me to revise tomorrow | TASK",
        "translate photosynthesis into french | TASK",
        "tell me a joke about electrons | TASK",
        "any good biology puns | TASK",
        "proofread my lab report | TASK",
        "grade my essay please | TASK",
        "pick a random number | TASK",
        "give me a motivational quote | TASK",
        // advice about one's own life
        "should i drop out of college | PERSONAL",
        "will i pass physics | PERSONAL",
        "what should i major in | PERSONAL",
        "how do i make friends at a new school | PERSONAL",
        "whats your opinion on homework | PERSONAL",
        // facts no article covers, asked as facts
        "what is the capital of italy | TRIVIA",
        "who sang thriller | TRIVIA",
        "who is the richest man alive | TRIVIA",
        "how tall is the statue of liberty | TRIVIA",
        "how far is mars from the sun | TRIVIA",
        "how many bones does a shark have | TRIVIA",
        "who invented the bicycle | TRIVIA",
        "when was the telescope invented | TRIVIA",
        "who made the first airplane | TRIVIA",
        "when was the first radio invented | TRIVIA",
      })
  void nearMissesAreOffTopicOfTheirKind(String message, SmallTalk.OffTopic kind) {
    assertEquals(Intent.OFF_TOPIC, SmallTalk.classify(message), message);
    assertEquals(kind, SmallTalk.offTopicKind(message), message);
  }

  /** Study questions shaped like the near misses above: they must still be searched. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "my teacher says avoid passive voice, when is it ok to use it",
        "low-stakes checks like exit tickets used while teaching to give feedback, not for a final grade",
        "newtons 3 laws summary for my test tmrw",
        "what is the current through a 10 ohm resistor at 5 volts",
        "is the magna carta still relevant today",
        "why does the magna carta still matter today",
        "what happens to the price of oranges if a frost wipes out the crop",
        "how much does a material stretch under load",
        "when did the french revolution start",
        "who came up with the hierarchy of needs",
        "who was pavlov and what did he find",
        "what year did world war 1 start",
        "how do i tell a simile from a metaphor",
        "how do i tell if a book is in first or third person",
        "should i use the mean or the median for skewed data",
        "how many moles are in 36 g of water",
        "what is the time of flight of a projectile",
        "roll two dice, what is the probability of a 7",
        "which country has the comparative advantage in cloth",
        "how does a call stack work in recursion",
        "what is the difference between weather and climate",
        "what is the effect of a tariff on the final price",
        "why does my recursive function cause a stack overflow",
        "what is weather",
      })
  void studyQuestionsLikeTheNearMissesAreSearched(String message) {
    assertEquals(Intent.QUESTION, SmallTalk.classify(message), message);
  }

  /** The golden cases in {@code src/test/resources/golden/intents.tsv}. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = "/golden/intents.tsv", delimiter = '\t')
  void classifiesTheGoldenCases(String message, Intent expected) {
    assertEquals(expected, SmallTalk.classify(message));
  }
}

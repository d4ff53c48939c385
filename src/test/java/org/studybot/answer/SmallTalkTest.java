package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
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
        "whats my gpa | CAMPUS",
        "when is the biology midterm | CAMPUS",
        "wen is the chem lab report due | CAMPUS",
        "can you write my english essay for me | CAMPUS",
        "how do i reset my canvas password | CAMPUS",
        "is class cancelled today | CAMPUS",
        "hi, what is entropy? | QUESTION",
        "what is the difference between weather and climate | QUESTION",
        "when did the french revolution start | QUESTION",
        "is the true cost of college just tuition or also lost wages | QUESTION",
        "how do i structure my essay around a thesis | QUESTION",
        "where does photosynthesis happen in the cell | QUESTION",
        "great depression causes | QUESTION",
      })
  void classifies(String message, Intent expected) {
    assertEquals(expected, SmallTalk.classify(message));
  }
}

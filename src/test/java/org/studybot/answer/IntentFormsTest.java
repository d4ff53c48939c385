package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.studybot.reply.Intent;

/**
 * The forms that tell a message is not a study question, beyond phrases: requests addressed to the
 * bot, opinions, questions about oneself, stories and links; each alternative beside the study
 * questions shaped like it that must still be searched.
 */
class IntentFormsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a verb that only asks for a product or a service, after any politeness
        "grade my lab report on catalysts | TASK",
        "please proofread my paragraph about the french revolution | TASK",
        "remind me tomorrow at 7 to revise mitosis | TASK",
        "can you email my lab partner the notes | TASK",
        "quiz me on newtons laws | TASK",
        "hey bot, test me on the krebs cycle | TASK",
        "fill in my worksheet on supply and demand | TASK",
        "rate my poem about the ocean tides | TASK",
        "do my stats homework pls | SCHOOL",
        "could you fix my code for binary search | TASK",
        "find me a video about volcanoes | TASK",
        "set a 25 minute timer | TASK",
        // a verb a question may open with, when its object is the student's own or a new thing
        "make me flashcards for the krebs cycle | TASK",
        "make a study plan for my biology final | TASK",
        "draw me a diagram of the water cycle | TASK",
        "generate 10 practice questions on derivatives | TASK",
        "write a haiku about photosynthesis | TASK",
        "i need you to check my answer to question 4 | TASK",
        "summarise chapter 3 of animal farm for me | TASK",
        "could you review this thesis statement | TASK",
        "send me the pdf of the chemistry textbook | TASK",
        // opinions and tastes
        "is organic chemistry hard | OPINION",
        "is economics boring | OPINION",
        "is psychology even a real science | OPINION",
        "was napoleon a good guy or a bad guy | OPINION",
        "is shakespeare overrated | OPINION",
        "honestly the flipped classroom is dumb right | OPINION",
        "do you think the new deal was a mistake | OPINION",
        "in your opinion what is the best element | OPINION",
        "which is better, python or java | OPINION",
        "which volcano is the coolest one | OPINION",
        "which world war was worse | OPINION",
        "is it better to major in engineering or physics | OPINION",
        "do you prefer biology or chemistry | OPINION",
        // one's own body, feelings and situation
        "i think i have the flu, should i stay home from school | PERSONAL",
        "should i get the covid vaccine before my trip | PERSONAL",
        "do i have adhd if i forget everything i read | PERSONAL",
        "i cant sleep because of my chemistry final | PERSONAL",
        "my stress levels are through the roof before exams | PERSONAL",
        "is it normal to cry over a bad grade in calculus | PERSONAL",
        "my back hurts from carrying my textbooks | PERSONAL",
        "i feel really lonely at college | PERSONAL",
        "my parents are getting divorced and i cant focus | PERSONAL",
        "how much caffeine is too much before an exam | PERSONAL",
        // links pasted alone
        "https://en.wikipedia.org/wiki/Photosynthesis | LINK",
        "www.khanacademy.org/math/calculus-1 | LINK",
        "<https://quizlet.com/123456/mitosis-flash-cards/> | LINK",
        "youtube.com/watch?v=abc https://docs.google.com/document/d/1/edit | LINK",
        // news and pick-up lines
        "any news about the earthquake in japan | LIVE",
        "give me a pickup line using the pythagorean theorem | TASK",
        "where do i get a used physics textbook cheap | SHOPPING",
        "when does daylight saving time start this year | LIVE",
      })
  void offTopicByForm(String message, SmallTalk.OffTopic kind) {
    assertEquals(Intent.OFF_TOPIC, SmallTalk.classify(message), message);
    assertEquals(kind, SmallTalk.offTopicKind(message), message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // imperatives of explaining, and the same verbs with a topic for object
        "explain supply and demand to me like im five",
        "tell me how tcp makes sure data arrives",
        "show me how to calculate average speed",
        "walk me through solving a quadratic equation",
        "give me some examples of verbal irony",
        "help me understand the greenhouse effect",
        "please summarise the causes of world war one",
        "break down the stages of mitosis for me please",
        "review the causes of the great depression",
        "make sense of le chatelier's principle",
        "check whether a number is in a hash table",
        "write the equation for photosynthesis",
        "translate mrna into a protein how does it work",
        "order of operations in a derivative",
        "schedule of reinforcement examples",
        "print statement vs return in recursion",
        // comparisons under a condition, and 'bad' or 'better' as a fact
        "is the median better than the mean when there are outliers",
        "is udp better than tcp for online games",
        "are tariffs bad for consumers",
        "is recursion slower than a loop",
        "which is better for skewed data, mean or median",
        "'the ball was kicked by john' vs 'john kicked the ball', which is better",
        "is the water cycle hard to understand",
        "is big o about the worst case",
        // about oneself, but a study question
        "my little brother thinks seasons happen because earth gets closer to the sun, whats the real reason",
        "my teacher says avoid passive voice, when is it ok to use it",
        "do i have to use the quadratic formula",
        "should i use the mean or the median for house prices",
        "what do i do to find the median of an even set",
        "is it normal for rain to be slightly acidic",
        "why do i feel sleepy after a big meal",
        "where can i find free body diagrams explained",
        "where do i find the derivative of x squared",
        "when does the sun rise earliest in the year",
        // a link inside a question
        "what does https://en.wikipedia.org/wiki/Mitosis say about prophase",
      })
  void studyQuestionsShapedLikeThemAreSearched(String message) {
    assertEquals(Intent.QUESTION, SmallTalk.classify(message), message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "okay so my dog ate my homework on supply and demand. true story",
        "hey! hope ur well. i just finished my essay on the cold war. feels good",
        "ugh. chemistry again. i hate moles so much. anyway",
        "i love the water cycle song from 3rd grade haha. good times",
        "we did a lab on catalysts today and my partner spilled everything. worst day ever",
      })
  void storiesThatAskNothingAreChat(String message) {
    assertTrue(SmallTalk.telling(message), message);
    assertEquals(Intent.CHAT, SmallTalk.classify(message), message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "we learned about earthquakes today. where do most of them happen?",
        "test tomorrow lol. what's the difference between fiscal and monetary policy",
        "my notes say mitosis has four phases. explain them",
        "photosynthesis. light reactions vs calvin cycle",
        "ok so we started chemistry today. what actually is a mole",
        "i dont get it. can you help with recursion",
      })
  void storiesWithAQuestionAreSearched(String message) {
    assertFalse(SmallTalk.telling(message), message);
  }
}

package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.studybot.reply.Intent;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;

/** What the student is told when a question asks who, when or where, or is not a study question by its form. */
class IntentRepliesTest {
  private static Answerer answerer;

  @BeforeAll
  static void start() {
    answerer = Engine.start(BotConfig.builder().semantic(false).contentDir(Path.of("content")).build(), line -> {});
  }

  @AfterAll
  static void stop() {
    answerer.library().close();
  }

  private static Reply ask(String q) {
    return answerer.answer(Question.of(q));
  }

  @Test
  void aWhoQuestionIsAnsweredOnlyByAnArticleThatNamesThePerson() {
    Reply darwin = ask("who came up with natural selection");
    assertEquals(Status.ANSWERED, darwin.status());
    assertEquals("170207", darwin.article().id());
    Reply magna = ask("when was the magna carta sealed");
    assertEquals(Status.ANSWERED, magna.status());
    assertEquals("170317", magna.article().id());
    Reply dna = ask("who discovered dna");
    assertEquals(Status.UNSURE, dna.status(), "the article on DNA replication names no discoverer");
    assertTrue(dna.message().contains("who that was"), dna.message());
    assertEquals("170206", dna.alternatives().get(0).id(), "the closest on the topic offered");
  }

  @Test
  void aFigureIsAnsweredOnlyByAnArticleThatGivesIt() {
    Reply deep = ask("how deep is the pacific ocean");
    assertEquals(Status.UNSURE, deep.status(), "plate tectonics names the Pacific plate, not the ocean's depth");
    assertTrue(deep.message().contains("gives that figure"), deep.message());
    Reply stages = ask("how many stages are in the engineering design process");
    assertEquals(Status.ANSWERED, stages.status(), "its numbered list counts them");
    assertEquals("170109", stages.article().id());
  }

  @Test
  void formsThatAreNotStudyQuestionsSayWhy() {
    Reply opinion = ask("is organic chemistry hard");
    assertEquals(Intent.OFF_TOPIC, opinion.intent());
    assertTrue(opinion.message().contains("opinions"), opinion.message());
    Reply link = ask("https://en.wikipedia.org/wiki/Photosynthesis");
    assertEquals(Intent.OFF_TOPIC, link.intent());
    assertTrue(link.message().contains("open links"), link.message());
    Reply task = ask("make me flashcards for the krebs cycle");
    assertTrue(task.message().contains("I don't write"), task.message());
    assertEquals(Intent.CHAT, ask("okay so my dog ate my homework on supply and demand. true story").intent());
    for (String q : new String[] {"is organic chemistry hard", "make me flashcards for the krebs cycle"}) {
      assertTrue(ask(q).results().isEmpty(), "not searched: " + q);
    }
  }
}

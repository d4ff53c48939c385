package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigLoader;
import org.studybot.reply.ArticleRef;
import org.studybot.reply.Intent;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;
import org.studybot.search.LexicalMatcher;

/** Statuses, chat, off-topic and the subject filter on the real content/ corpus. */
class AnswererTest {
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
  void answeredWhenConfident() {
    Reply r = ask("How does photosynthesis work?");
    assertEquals(Status.ANSWERED, r.status());
    assertEquals("How does photosynthesis work?", r.article().title());
    assertTrue(r.confidence() >= answerer.config().answer().answeredAt() && r.confidence() <= 1, () -> "" + r.confidence());
    assertTrue(r.alternatives().isEmpty());
    assertEquals(5, r.results().size(), "the default limit of ranked results");
    assertEquals(r.article().id(), r.results().get(0).id());
    assertTrue(r.related().stream().noneMatch(x -> x.id().equals(r.article().id())));
  }

  @Test
  void unsureOffersTheClosestThreeAndSaysSo() throws Exception {
    BotConfig strict =
        ConfigLoader.parse("test", "answer: {answered_threshold: 1.0, unsure_threshold: 0.0}\nsearch: {semantic: off}\n");
    Answerer a = new Answerer(strict, answerer.library(), new LexicalMatcher(2000, 32));
    Reply r = a.answer(Question.of("photosynthesis"));
    assertEquals(Status.UNSURE, r.status());
    assertEquals(3, r.alternatives().size());
    assertNotNull(r.article(), "the best guess is still named");
    assertEquals(r.article().id(), r.alternatives().get(0).id());
    assertTrue(r.message().contains("not sure"), r.message());
  }

  @Test
  void noneWhenNothingMatchesSaysWhatTheBotCanDo() {
    for (String q : List.of("zzqx vvbnm", "*", "AND OR NOT", "what is \"entropy AND (heat OR")) {
      Reply r = ask(q);
      if (q.contains("entropy")) {
        assertNotEquals(Status.NONE, r.status(), "query syntax in a real question is just text");
        continue;
      }
      assertEquals(Status.NONE, r.status(), q);
      assertNull(r.article(), q);
      assertTrue(r.message().contains("/study"), r.message());
      if (r.intent() == Intent.QUESTION) {
        assertTrue(r.message().contains("I only know study topics") && r.message().contains("Biology"), r.message());
      } else {
        assertEquals(Intent.EMPTY, r.intent(), "only symbols: nothing to search");
      }
    }
  }

  @Test
  void offTopicIsNotAnsweredWithAnArticle() {
    for (String q :
        List.of(
            "recipe for chicken tikka masala", "did arsenal win this weekend", "how do i reset my canvas password",
            "what's the weather tomorrow", "nfl scores today", "best build for elden ring")) {
      Reply r = ask(q);
      assertNotEquals(Status.ANSWERED, r.status(), () -> q + " answered with " + r.article());
    }
  }

  @Test
  void anOffTopicReplySaysWhyAndWhereToAsk() {
    assertTrue(ask("is the photosynthesis test open notes").message().contains("ask your teacher"));
    assertTrue(ask("what is the price of gold today").message().contains("no live news"));
    assertTrue(ask("tell me a joke about atoms").message().contains("tell jokes"));
    assertTrue(ask("what is the capital of france").message().contains("encyclopedia"));
    assertTrue(ask("recommend a good biology textbook").message().contains("products"));
    assertTrue(ask("should i drop out and start a business").message().contains("advisor"));
    for (String q : List.of("is the photosynthesis test open notes", "what is the capital of france")) {
      Reply r = ask(q);
      assertEquals(Intent.OFF_TOPIC, r.intent(), q);
      assertTrue(r.results().isEmpty(), "not searched: " + q);
    }
  }

  @Test
  void chatGetsAShortReplyWithoutSearching() {
    assertEquals(Intent.GREETING, ask("hey there!").intent());
    assertEquals(Intent.THANKS, ask("thanks so much").intent());
    Reply who = ask("who are you?");
    assertEquals(Intent.IDENTITY, who.intent());
    assertTrue(who.message().contains(answerer.library().current().size() + " articles"), who.message());
    assertEquals(Intent.HELP, ask("help").intent());
    assertEquals(Intent.EMPTY, ask("<@U123> :wave:").intent());
    for (String q : List.of("hey there!", "thanks so much", "who are you?", "help", "")) {
      Reply r = ask(q);
      assertEquals(Status.NONE, r.status());
      assertTrue(r.results().isEmpty(), "no search for chat");
      assertTrue(!r.message().isEmpty());
    }
    assertEquals(Intent.QUESTION, ask("hi, what is photosynthesis?").intent(), "a greeting before a question");
  }

  @Test
  void slackMarkupIsStrippedBeforeMatching() {
    Reply r = ask("<@U024BE7LH> how does <https://en.wikipedia.org/wiki/Photosynthesis|photosynthesis> work &amp; why?");
    assertEquals("How does photosynthesis work?", r.article().title());
    assertTrue(!r.question().contains("<@"), r.question());
  }

  @Test
  void subjectFilterByNameSlugOrAnyCase() {
    for (String subject : List.of("Computer Science", "computer-science", "COMPUTER science", " computer-SCIENCE ")) {
      Reply r = answerer.answer(new Question("how does the process work", subject, 10));
      assertEquals("Computer Science", r.subject(), subject);
      assertTrue(!r.results().isEmpty(), subject);
      for (ArticleRef ref : r.results()) {
        assertEquals("Computer Science", ref.subject(), subject);
      }
    }
    // The same words without the filter reach other subjects.
    Reply all = answerer.answer(new Question("energy", null, 30));
    assertTrue(all.results().stream().map(ArticleRef::subject).distinct().count() > 1);
  }

  @Test
  void aQuestionNamingNoTopicGetsARequestForDetailNotAnAnswer() {
    for (String vague : List.of("how does it work", "what does that mean?", "tell me more")) {
      Reply r = ask(vague);
      assertEquals(Intent.VAGUE, r.intent(), vague);
      assertEquals(Status.NONE, r.status(), vague);
      assertTrue(r.article() == null && r.message().startsWith("Could you tell me a bit more?"), r.message());
    }
    assertEquals(Status.ANSWERED, ask("how does photosynthesis work").status(), "a topic named");
  }

  @Test
  void chatAddressedToTheBotAndShoppingAreNotSearched() {
    for (String chat : List.of("thanks for the help bot", "do you ever sleep", "where can i buy a cheap laptop")) {
      Reply r = ask(chat);
      assertTrue(r.intent() != Intent.QUESTION && r.status() == Status.NONE && r.results().isEmpty(), chat);
    }
  }

  @Test
  void unknownSubjectSuggestsTheClosest() {
    Reply r = answerer.answer(new Question("what is recursion", "computer sceince", 5));
    assertEquals(Status.NONE, r.status());
    assertEquals(List.of("Computer Science"), r.suggestions());
    assertTrue(r.message().contains("Did you mean Computer Science?"), r.message());
    Reply none = answerer.answer(new Question("what is recursion", "underwater basket weaving", 5));
    assertTrue(none.suggestions().isEmpty());
    assertTrue(none.message().contains("Subjects: "), none.message());
  }

  @Test
  void limitIsClampedAndHonoured() {
    assertEquals(1, answerer.answer(new Question("energy", null, 0)).results().size());
    assertEquals(8, answerer.answer(new Question("energy", null, 8)).results().size());
    assertEquals(100, new Question("x", null, 1000).limit());
  }

  @Test
  void statsCountWhatWasAnswered() {
    Answerer fresh = new Answerer(answerer.config(), answerer.library(), answerer.matcher());
    List<AnswerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    fresh.listen(events::add);
    fresh.answer(Question.of("How does photosynthesis work?"));
    fresh.answer(Question.of("zzqx vvbnm"));
    fresh.answer(Question.of("hello"));
    fresh.answer(Question.of("how does photosynthesis work"));
    List<AnswerEvent> questions = events.stream().filter(e -> e.intent() == Intent.QUESTION).toList();
    assertEquals(3, questions.size());
    assertEquals(1, fresh.cacheStats().hitCount(), "the repeat, counted by the reply cache's own statistics");
    assertEquals(2, questions.stream().filter(e -> e.status() == Status.ANSWERED).count());
    assertEquals(1, questions.stream().filter(e -> e.status() == Status.NONE).count());
    assertEquals(1, events.size() - questions.size(), "chat");
  }

  @Test
  void everyAnswerIsToldToTheListenersUntilTheyAreRemoved() throws Exception {
    Answerer fresh = new Answerer(answerer.config(), answerer.library(), answerer.matcher());
    List<AnswerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable handle = fresh.listen(events::add);
    fresh.listen(e -> {
      throw new IllegalStateException("a broken store");
    });
    Reply first = fresh.answer(Question.of("How does photosynthesis work?").from(Question.SHELL));
    fresh.answer(new Question("How does photosynthesis work?", null, Question.DEFAULT_LIMIT, "slack-dm"));
    fresh.answer(new Question("zzqx vvbnm", "biolgy", 5));
    fresh.answer(Question.of("hello"));
    assertEquals(4, events.size());
    AnswerEvent a = events.get(0);
    assertEquals(new AnswerEvent("How does photosynthesis work?", "Biology", "shell", Intent.QUESTION, Status.ANSWERED,
        first.confidence(), first.article().id(), a.latencyNanos(), false), a);
    assertTrue(a.latencyNanos() > 0);
    assertTrue(events.get(1).cached(), "the same question again comes from the cache");
    assertEquals("slack-dm", events.get(1).frontEnd());
    assertEquals(Status.NONE, events.get(2).status());
    assertEquals("cli", events.get(2).frontEnd());
    assertTrue(events.get(2).unanswered());
    assertEquals(Intent.GREETING, events.get(3).intent());
    assertFalse(events.get(3).unanswered(), "chat is not a content gap");
    assertEquals(4, fresh.listenerFailures(), "the broken listener cost no answer");
    handle.close();
    fresh.answer(Question.of("hello"));
    assertEquals(4, events.size());
  }

  @Test
  void anArticleByIdComesWithItsRelatedReading() {
    Reply asked = ask("How does photosynthesis work?");
    Reply chosen = answerer.article(asked.article().id(), "photosynthesis?").orElseThrow();
    assertEquals(asked.article(), new ArticleRef(chosen.article().id(), chosen.article().title(),
        chosen.article().subject(), chosen.article().link(), chosen.article().url(), asked.article().score()));
    assertEquals(asked.related(), chosen.related());
    assertEquals(asked.summary(), chosen.summary());
    assertEquals(0, chosen.confidence(), "the student chose it; the bot claims no certainty");
    assertEquals("photosynthesis?", chosen.question());
    assertTrue(answerer.article("no-such-id", "").isEmpty());
  }

  @Test
  void studyListsSearchesAndRefusesUnknownSubjects() {
    assertTrue(answerer.study("", 10, "test") instanceof Study.Subjects s && s.subjects().size() == 12);
    Study.Listing page2 = (Study.Listing) answerer.study("biology 2", 3, "test");
    assertEquals(2, page2.page().page());
    assertEquals("Biology", page2.page().subject().name());
    assertEquals(3, page2.page().articles().size());
    Reply scoped = ((Study.Answer) answerer.study("Computer Science what is recursion", 10, "test")).reply();
    assertEquals("Computer Science", scoped.subject());
    Reply unknown = ((Study.Answer) answerer.study("biolgy cells", 10, "test")).reply();
    assertEquals(answerer.noSuchSubject("biolgy", "cells"), unknown);
    assertEquals("I don't have a subject called \"biolgy\". Did you mean Biology?", unknown.message());
  }

  @Test
  void editDistance() {
    assertEquals(0, Catalog.editDistance("abc", "abc"));
    assertEquals(2, Catalog.editDistance("sceince", "science"));
    assertEquals(3, Catalog.editDistance("", "abc"));
  }

  // What the student is told when a question asks who, when, where or how much, or is not a study
  // question by its form.

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

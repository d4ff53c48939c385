package org.studybot.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.answer.Question;
import org.studybot.config.BotConfig;
import org.studybot.feedback.FeedbackStore.VoteOutcome;
import org.studybot.reply.Status;
import org.studybot.store.MutableClock;
import org.studybot.store.Store;
import org.studybot.store.StoreTest;
import org.studybot.store.TestDb;

/**
 * The admin's counts on a real store (SQLite, and PostgreSQL): questions counted by the answerer's
 * listener per workspace and UTC day, replicas summed, the 7-day window, and the view's layout.
 */
class UsageTest {
  private static final String ANSWERED = "how does photosynthesis work";
  private static final String UNSURE = "what happened in peru in 1800";
  private static final String NONE = "zebra ukulele";
  private static final String CHAT = "thanks";

  private static Answerer answerer;

  @BeforeAll
  static void start() {
    answerer = Engine.start(
        BotConfig.builder().semantic(false).contentDir(Path.of("src/test/resources/slack-corpus")).build(), line -> {});
    // The questions above answer as their names say on this corpus.
    assertEquals(Status.ANSWERED, answerer.answer(Question.of(ANSWERED)).status());
    assertEquals(Status.UNSURE, answerer.answer(Question.of(UNSURE)).status());
    assertEquals(Status.NONE, answerer.answer(Question.of(NONE)).status());
  }

  @AfterAll
  static void stop() {
    answerer.library().close();
  }

  /** A replica: its own answerer (and reply cache) on the shared library, counting into {@code store}. */
  private static Answerer replica(Store store, AtomicReference<String> team) {
    Answerer a = new Answerer(answerer.config(), answerer.library(), answerer.matcher());
    a.listen(new UsageRecorder(store.counters(), team::get));
    return a;
  }

  private static void ask(Answerer a, String... questions) {
    for (String q : questions) {
      a.answer(Question.of(q));
    }
  }

  @StoreTest
  void questionsLandOnTheirUtcDayAndTheWindowIsSevenDays(TestDb db) {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T23:59:00Z"));
    Store store = db.open(clock);
    Answerer a = replica(store, new AtomicReference<>("T1"));
    ask(a, ANSWERED, NONE);
    clock.advance(Duration.ofMinutes(2)); // 00:01 the next day
    ask(a, ANSWERED, CHAT);

    Week w = Week.of(store.counters(), "T1");
    assertEquals(LocalDate.parse("2026-12-04"), w.today());
    assertEquals(7, w.days().size());
    assertEquals(new Week.Day(LocalDate.parse("2026-12-03"), 1, 0, 1, 0), w.days().get(5));
    assertEquals(new Week.Day(LocalDate.parse("2026-12-04"), 1, 0, 0, 1), w.days().get(6));
    assertEquals(3, w.questions());
    assertEquals(1, w.cacheHits(), "the second photosynthesis question came from the cache");

    // Six days later the 3rd is eight days back, out of the window; the 4th is its first day.
    clock.advance(Duration.ofDays(6));
    Week later = Week.of(store.counters(), "T1");
    assertEquals(LocalDate.parse("2026-12-04"), later.days().get(0).date());
    assertEquals(new Week.Day(LocalDate.parse("2026-12-04"), 1, 0, 0, 1), later.days().get(0));
    assertEquals(1, later.questions());
    assertEquals(List.of(), later.unanswered(), "the 3rd's unanswered question is out of the window too");
  }

  @StoreTest
  void twoReplicasOnOneStoreAddUp(TestDb db) {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
    Store storeA = db.open(clock);
    Store storeB = db.open(clock);
    AtomicReference<String> team = new AtomicReference<>("T1");
    Answerer a = replica(storeA, team);
    Answerer b = replica(storeB, team);
    ask(a, ANSWERED, UNSURE, NONE, CHAT);
    ask(b, ANSWERED, ANSWERED, NONE);

    assertEquals(3, Week.of(storeB.counters(), "T1").questions(), "A has not written its counts yet");
    storeA.counters().flush(); // A's background thread does this every 10 s
    Week w = Week.of(storeB.counters(), "T1");
    assertEquals(6, w.questions());
    assertEquals(3, w.answered());
    assertEquals(1, w.unsure());
    assertEquals(2, w.none());
    assertEquals(1, w.chat());
    assertEquals(List.of(new Week.SubjectCount("", 2), new Week.SubjectCount("History", 1)), w.unanswered(),
        "most first: the two questions with no subject, then the unsure one's best article's");
    assertEquals(1, w.cacheHits(), "B's second photosynthesis question");
    assertEquals(w.questions(), Week.of(storeA.counters(), "T1").questions(), "both replicas see the sum");
  }

  @StoreTest
  void eachWorkspaceSeesOnlyItsOwn(TestDb db) {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
    Store store = db.open(clock);
    AtomicReference<String> team = new AtomicReference<>("TA");
    Answerer a = replica(store, team);
    UsageRecorder votes = new UsageRecorder(store.counters(), team::get);
    ask(a, ANSWERED, ANSWERED, NONE);
    votes.voted(true, VoteOutcome.NEW);
    votes.voted(true, VoteOutcome.UNCHANGED);
    team.set("TB");
    ask(a, UNSURE);
    votes.voted(false, VoteOutcome.NEW);
    votes.voted(true, VoteOutcome.CHANGED);
    votes.voted(false, VoteOutcome.NEW);

    Week ta = Week.of(store.counters(), "TA");
    Week tb = Week.of(store.counters(), "TB");
    assertEquals(List.of(3L, 2L, 0L, 1L, 1L, 0L), List.of(ta.questions(), ta.answered(), ta.unsure(), ta.none(), ta.up(),
        ta.down()));
    assertEquals(List.of(1L, 0L, 1L, 0L, 1L, 1L), List.of(tb.questions(), tb.answered(), tb.unsure(), tb.none(), tb.up(),
        tb.down()), "TB: down, changed to up, then another down");
    assertEquals(0, Week.of(store.counters(), "TC").questions());
    assertEquals(4, Week.of(store.counters(), null).questions(), "every workspace (one-token mode)");
  }

  @Test
  void theTableIsNarrowAndAddsUp() {
    LocalDate today = LocalDate.parse("2026-12-03");
    Week w = Week.from(List.of(
        new DailyCount(today, UsageRecorder.STATUS, "answered", 10),
        new DailyCount(today, UsageRecorder.STATUS, "unsure", 1),
        new DailyCount(today, UsageRecorder.STATUS, "none", 1),
        new DailyCount(today.minusDays(3), UsageRecorder.STATUS, "answered", 3),
        new DailyCount(today.minusDays(7), UsageRecorder.STATUS, "answered", 99),
        new DailyCount(today, UsageRecorder.VOTE, "down", -2),
        new DailyCount(today, UsageRecorder.UNANSWERED, "Physics", 2),
        new DailyCount(today, "something_newer", "x", 5)), today);
    assertEquals(List.of(
        "         Qs  ans  uns none",
        "Fri 27    0    0    0    0",
        "Sat 28    0    0    0    0",
        "Sun 29    0    0    0    0",
        "Mon 30    3    3    0    0 ▂",
        "Tue 01    0    0    0    0",
        "Wed 02    0    0    0    0",
        "Thu 03   12   10    1    1 █",
        "7 days   15   13    1    1"), w.table());
    assertTrue(w.table().stream().allMatch(l -> l.length() <= 28), "narrow enough for a phone");
    assertEquals(87, w.shares()[0]);
    assertEquals(100, java.util.Arrays.stream(w.shares()).sum(), "13/15, 1/15, 1/15 in whole percent add up to 100");
    Week twoThirds = Week.from(List.of(new DailyCount(today, UsageRecorder.STATUS, "answered", 2),
        new DailyCount(today, UsageRecorder.STATUS, "unsure", 1)), today);
    assertEquals(List.of(67L, 33L, 0L), java.util.Arrays.stream(twoThirds.shares()).boxed().toList());
    assertEquals(List.of(0L, 0L, 0L), java.util.Arrays.stream(Week.from(List.of(), today).shares()).boxed().toList());
    assertEquals(0, w.down(), "a side taken below zero by changed votes shows none");
    assertEquals("Fri 27 – Thu 03", w.range());
  }
}

package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.studybot.feedback.FeedbackStore;
import org.studybot.feedback.FeedbackStore.VoteOutcome;
import org.studybot.feedback.Gap;

/** Votes, unanswered questions, gaps and retention, on SQLite and PostgreSQL. */
class FeedbackTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @StoreTest
  void oneVotePerVoterPerAnswerAndASecondClickChangesIt(TestDb db) {
    Feedback f = db.open(new MutableClock(T0)).feedback();
    String ann = Feedback.voter("T1", "U1");
    String bob = Feedback.voter("T1", "U2");
    assertEquals(FeedbackStore.VoteOutcome.NEW, f.vote("C1:1.1", ann, false, "what is osmosis", "Biology", "42", "slack-mention", "", T0));
    for (int i = 0; i < 50; i++) {
      assertEquals(FeedbackStore.VoteOutcome.UNCHANGED, f.vote("C1:1.1", ann, false, "what is osmosis", "Biology", "42", "slack-mention", "", T0));
    }
    assertEquals(new Feedback.Tally(0, 1), f.tally(), "fifty clicks are one vote");
    assertEquals(FeedbackStore.VoteOutcome.CHANGED, f.vote("C1:1.1", ann, true, "what is osmosis", "Biology", "42", "slack-mention", "", T0));
    assertEquals(new Feedback.Tally(1, 0), f.tally());
    assertEquals(FeedbackStore.VoteOutcome.NEW, f.vote("C1:1.1", bob, false, "what is osmosis", "Biology", "42", "slack-mention", "", T0));
    assertEquals(FeedbackStore.VoteOutcome.NEW, f.vote("C1:2.2", ann, false, "what is osmosis", "Biology", "42", "slack-mention", "", T0));
    assertEquals(new Feedback.Tally(1, 2), f.tally());
  }

  @StoreTest
  void theVoterIsAHashNotASlackId(TestDb db) {
    String v = Feedback.voter("T1", "U123ABC");
    assertEquals(64, v.length());
    assertFalse(v.contains("U123ABC"));
    assertEquals(v, Feedback.voter("T1", "U123ABC"));
    assertFalse(v.equals(Feedback.voter("T2", "U123ABC")), "the same id in another workspace is another voter");
  }

  @StoreTest
  void eachWorkspaceSeesItsOwnGapsAndEveryoneTheirSum(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    a.feedback().unanswered("none", "what is a quasar", "Physics", "", "slack-mention", "T1");
    b.feedback().unanswered("none", "what is a quasar", "Physics", "", "slack-mention", "T1");
    b.feedback().unanswered("unsure", "who wrote beowulf", "English", "", "slack-ask", "T2");
    a.feedback().vote("C1:1", Feedback.voter("", "U1"), false, "dark matter", "Physics", "7", "slack-mention", "T2", clock.instant());
    a.feedback().unanswered("none", "what is a quasar", "Physics", "", "shell");

    List<Gap.Subject> one = b.feedback().gaps("T1", 10, 10);
    assertEquals(List.of(new Gap.Subject("Physics", 2, List.of(new Gap("what is a quasar", 2, 0)))), one);
    List<Gap.Subject> two = a.feedback().gaps("T2", 10, 10);
    assertEquals(List.of("English", "Physics"), two.stream().map(Gap.Subject::subject).toList());
    assertEquals(List.of(new Gap("dark matter", 1, 1)), two.get(1).gaps(), "T2's thumbs-down, not T1's quasar");
    assertEquals(List.of(new Gap("what is a quasar", 1, 0)), a.feedback().gaps("", 10, 10).get(0).gaps(), "the shell's");
    List<Gap.Subject> all = a.feedback().gaps(10, 10);
    assertEquals(List.of("Physics", "English"), all.stream().map(Gap.Subject::subject).toList());
    assertEquals(4, all.get(0).total(), "every workspace's and the shell's");
  }

  @StoreTest
  void gapsAggregateUnansweredAndThumbsDownBySubject(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store a = db.open(clock);
    Store b = db.open(clock);
    // Replica a and b each log some; gaps sees both.
    a.feedback().unanswered("none", "What is a quasar?", "Physics", "", "slack-mention");
    b.feedback().unanswered("unsure", "what is a quasar", "Physics", "", "slack-ask");
    b.feedback().unanswered("none", "  WHAT is a QUASAR!! ", "Physics", "", "shell");
    a.feedback().unanswered("none", "dark matter?", "Physics", "", "shell");
    a.feedback().unanswered("none", "who wrote beowulf", "English", "", "shell");
    b.feedback().vote("C1:1", Feedback.voter("T", "U"), false, "dark matter?", "Physics", "7", "slack-mention", "", clock.instant());
    b.feedback().vote("C1:2", Feedback.voter("T", "U"), true, "what is entropy", "Physics", "8", "slack-mention", "", clock.instant());
    a.feedback().unanswered("none", "", "Physics", "", "shell");

    List<Gap.Subject> gaps = a.feedback().gaps(10, 10);
    assertEquals(List.of("Physics", "English"), gaps.stream().map(Gap.Subject::subject).toList());
    Gap.Subject physics = gaps.get(0);
    assertEquals(5, physics.total());
    assertEquals(3, physics.gaps().get(0).count());
    assertEquals("quasar", physics.gaps().get(0).question().replaceAll("(?i).*(quasar).*", "$1").toLowerCase());
    assertEquals(new Gap("dark matter?", 2, 1), physics.gaps().get(1));

    List<Gap.Subject> bounded = a.feedback().gaps(1, 1);
    assertEquals(1, bounded.size());
    assertEquals(1, bounded.get(0).gaps().size());
    assertEquals(5, bounded.get(0).total(), "the total counts every question, not just those shown");
  }

  @StoreTest
  void aVoteWrittenLateNeverReplacesALaterClick(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Feedback f = db.open(clock).feedback();
    String u = Feedback.voter("", "U1");
    // The 👎 was held while the store could not write; the 👍 clicked after it got in first.
    assertEquals(VoteOutcome.NEW, f.vote("C1:1", u, true, "q", "", "", "slack", "", T0.plusSeconds(5)));
    assertEquals(VoteOutcome.UNCHANGED, f.vote("C1:1", u, false, "q", "", "", "slack", "", T0));
    assertEquals(new Feedback.Tally(1, 0), f.tally(), "the later click stands");
    assertEquals(VoteOutcome.CHANGED, f.vote("C1:1", u, false, "q", "", "", "slack", "", T0.plusSeconds(6)));
    assertEquals(new Feedback.Tally(0, 1), f.tally());
  }

  @StoreTest
  void retentionPurgesOldQuestionsAndVotes(TestDb db) {
    MutableClock clock = new MutableClock(T0);
    Store s = db.open(clock);
    s.feedback().unanswered("none", "old question", "History", "", "shell");
    s.feedback().vote("C:1", "v", false, "old answer", "History", "1", "shell", "", clock.instant());
    clock.advance(Duration.ofDays(181));
    s.feedback().unanswered("none", "new question", "History", "", "shell");
    var done = s.housekeeping(Retention.days(180), line -> {}).runOnce();
    assertEquals(2, done.get("feedback purged"));
    List<Gap.Subject> gaps = s.feedback().gaps(5, 5);
    assertEquals(List.of(new Gap("new question", 1, 0)), gaps.get(0).gaps());
    assertEquals(new Feedback.Tally(0, 0), s.feedback().tally());
  }

  @StoreTest
  void longQuestionsAreCut(TestDb db) {
    Store s = db.open(new MutableClock(T0));
    s.feedback().unanswered("none", "why ".repeat(1000), "", "", "shell");
    Gap g = s.feedback().gaps(1, 1).get(0).gaps().get(0);
    assertTrue(g.question().length() <= Feedback.MAX_QUESTION, "" + g.question().length());
  }
}

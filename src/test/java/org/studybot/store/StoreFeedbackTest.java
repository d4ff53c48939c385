package org.studybot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.studybot.feedback.FeedbackStore;
import org.studybot.feedback.Gap;

/** The feedback port on the store, on SQLite and PostgreSQL. */
class StoreFeedbackTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

  @StoreTest
  void oneVotePerStudentPerAnswerAndGapsFromEveryReplica(TestDb db) {
    List<String> log = new ArrayList<>();
    FeedbackStore a = new StoreFeedback(db.open(new MutableClock(T0)), "slack", log::add);
    FeedbackStore b = new StoreFeedback(db.open(new MutableClock(T0)), "shell", log::add);
    assertEquals(FeedbackStore.VoteOutcome.NEW, a.vote(new FeedbackStore.Vote("U1", "C1:1.1", false, "what is osmosis", "Biology", "42")));
    for (int i = 0; i < 50; i++) {
      a.vote(new FeedbackStore.Vote("U1", "C1:1.1", false, "what is osmosis", "Biology", "42"));
    }
    b.vote(new FeedbackStore.Vote("U2", "C1:1.1", false, "what is osmosis", "Biology", "42"));
    assertEquals(new FeedbackStore.Votes(0, 2), a.votes(), "fifty clicks of U1 are one vote");
    b.vote(new FeedbackStore.Vote("U1", "C1:1.1", true, "what is osmosis", "Biology", "42"));
    assertEquals(new FeedbackStore.Votes(1, 1), a.votes(), "U1 changed their mind");
    a.unanswered(new FeedbackStore.Unanswered(false, "what is a quasar", "Physics", ""));
    b.unanswered(new FeedbackStore.Unanswered(true, "What is a quasar?", "Physics", "9"));
    List<Gap.Subject> gaps = b.gaps(5, 5);
    assertEquals("Physics", gaps.get(0).subject());
    assertEquals(2, gaps.get(0).gaps().get(0).count());
    assertEquals(new Gap("what is osmosis", 1, 1), gaps.get(1).gaps().get(0));
    assertTrue(log.isEmpty(), log.toString());
  }

  @StoreTest
  void aStoreFailureIsLoggedNotThrown(TestDb db) {
    List<String> log = new ArrayList<>();
    Store s = db.open(new MutableClock(T0));
    FeedbackStore f = new StoreFeedback(s, "slack", log::add);
    s.close();
    f.unanswered(new FeedbackStore.Unanswered(false, "q", "", ""));
    assertEquals(FeedbackStore.VoteOutcome.NEW, f.vote(new FeedbackStore.Vote("U1", "C1:2", true, "q", "", "1")),
        "a vote the store could not keep is reported as made");
    assertEquals(2, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("could not record an unanswered question in the store"), log.get(0));
  }

  @StoreTest
  void healthReportsTheStoreAndItsBacklog(TestDb db) {
    Store s = db.open(new MutableClock(T0));
    s.workQueue().enqueue(WorkQueueTest.work("E1", T0));
    var status = s.health().check();
    assertTrue(status.ready(), status.detail());
    assertTrue(status.detail().contains("1 pending"), status.detail());
    s.close();
    var down = s.health().check();
    assertEquals(false, down.ready());
    assertTrue(down.detail().startsWith("store unreachable at "), down.detail());
  }
}

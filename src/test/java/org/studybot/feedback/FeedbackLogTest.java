package org.studybot.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackLogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  @Test
  void entriesSurviveARestartAndGoToTheRightFiles() {
    List<String> problems = new ArrayList<>();
    FeedbackLog log = new FeedbackLog(dir.resolve("data"), CLOCK, problems::add);
    log.record(Entry.Kind.NONE, "what is dark matter?", "", "");
    log.record(Entry.Kind.UNSURE, "capital of peru", "History", "170315");
    log.record(Entry.Kind.UP, "dna replication", "Biology", "170206");
    log.record(Entry.Kind.DOWN, "photosynthesis steps ünïcode\nnewline", "Biology", "170205");
    FeedbackLog again = new FeedbackLog(dir.resolve("data"), CLOCK, problems::add);
    List<Entry> gaps = again.read(FeedbackLog.GAPS_FILE);
    assertEquals(List.of(Entry.Kind.NONE, Entry.Kind.UNSURE, Entry.Kind.DOWN), gaps.stream().map(Entry::kind).toList());
    assertEquals("photosynthesis steps ünïcode\nnewline", gaps.get(2).question());
    assertEquals(Instant.parse("2026-03-01T10:00:00Z"), gaps.get(0).time());
    assertEquals(List.of(Entry.Kind.UP, Entry.Kind.DOWN), again.read(FeedbackLog.FEEDBACK_FILE).stream().map(Entry::kind).toList());
    assertEquals(1, again.votes().up());
    assertEquals(1, again.votes().down());
    assertEquals(List.of(), problems);
  }

  @Test
  void theStorePortWritesTheSameEntries() {
    FeedbackStore store = new FeedbackLog(dir, CLOCK, s -> {});
    store.unanswered(new FeedbackStore.Unanswered(false, "what is dark matter?", "", ""));
    store.unanswered(new FeedbackStore.Unanswered(true, "capital of peru", "History", "170315"));
    store.vote(new FeedbackStore.Vote("U1", "C1/1", true, "dna replication", "Biology", "170206"));
    store.vote(new FeedbackStore.Vote("U1", "C1/2", false, "photosynthesis", "Biology", "170205"));
    FeedbackLog log = (FeedbackLog) store;
    assertEquals(
        List.of(new Entry(CLOCK.instant(), Entry.Kind.NONE, "what is dark matter?", "", ""),
            new Entry(CLOCK.instant(), Entry.Kind.UNSURE, "capital of peru", "History", "170315"),
            new Entry(CLOCK.instant(), Entry.Kind.DOWN, "photosynthesis", "Biology", "170205")),
        log.read(FeedbackLog.GAPS_FILE));
    assertEquals(new FeedbackStore.Votes(1, 1), store.votes());
    assertEquals(List.of("History", "Biology", ""),
        store.gaps(10, 5).stream().map(Gap.Subject::subject).sorted(java.util.Comparator.reverseOrder()).toList());
  }

  @Test
  void gapsGroupQuestionsBySubjectMostFrequentFirst() {
    FeedbackLog log = new FeedbackLog(dir, CLOCK, s -> {});
    for (int i = 0; i < 3; i++) {
      log.record(Entry.Kind.NONE, "What is dark matter?", "", "");
    }
    log.record(Entry.Kind.NONE, "what is DARK matter", "", "");
    log.record(Entry.Kind.NONE, "who was napoleon", "History", "");
    log.record(Entry.Kind.DOWN, "who was napoleon?", "History", "1");
    log.record(Entry.Kind.UNSURE, "what is a quasar", "", "");
    log.record(Entry.Kind.UP, "ignored: not a gap", "Biology", "2");
    List<Gap.Subject> gaps = log.gaps(10, 5);
    assertEquals(2, gaps.size());
    assertEquals("", gaps.get(0).subject());
    assertEquals(5, gaps.get(0).total());
    assertEquals(new Gap("What is dark matter?", 4, 0), gaps.get(0).gaps().get(0));
    assertEquals(new Gap("what is a quasar", 1, 0), gaps.get(0).gaps().get(1));
    assertEquals(new Gap("who was napoleon", 2, 1), gaps.get(1).gaps().get(0));
    assertEquals(1, log.gaps(1, 1).size());
    assertEquals(1, log.gaps(1, 1).get(0).gaps().size());
  }

  @Test
  void aTornOrForeignLineIsSkipped() throws Exception {
    FeedbackLog log = new FeedbackLog(dir, CLOCK, s -> {});
    log.record(Entry.Kind.NONE, "first", "", "");
    Files.writeString(dir.resolve(FeedbackLog.GAPS_FILE), "{\"time\":\"2026-03-01T10:00:00Z\",\"kind\":\"no\n[1,2]\nnot json\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    log.record(Entry.Kind.NONE, "second", "", "");
    assertEquals(List.of("first", "second"), log.read(FeedbackLog.GAPS_FILE).stream().map(Entry::question).toList());
  }

  @Test
  void aTornLastLineIsReportedOnceWithFileAndLineAndTheNextRecordStartsOnAFreshLine() throws Exception {
    List<String> problems = new ArrayList<>();
    FeedbackLog log = new FeedbackLog(dir, CLOCK, problems::add);
    log.record(Entry.Kind.NONE, "first", "", "");
    log.record(Entry.Kind.UNSURE, "qu'est-ce que l'énergie", "Physics", "7");
    // A crash mid-write: the file cut inside the second record, inside the two bytes of its "é".
    Path gaps = dir.resolve(FeedbackLog.GAPS_FILE);
    byte[] whole = Files.readAllBytes(gaps);
    int cut = indexOf(whole, "\u00e9".getBytes(StandardCharsets.UTF_8)) + 1;
    Files.write(gaps, java.util.Arrays.copyOf(whole, cut));

    FeedbackLog restarted = new FeedbackLog(dir, CLOCK, problems::add);
    assertEquals(List.of("first"), restarted.read(FeedbackLog.GAPS_FILE).stream().map(Entry::question).toList());
    assertEquals(List.of("first"), restarted.read(FeedbackLog.GAPS_FILE).stream().map(Entry::question).toList());
    assertEquals(1, restarted.gaps(5, 5).size(), "the report reads what it can");
    assertEquals(1, problems.size(), "told once, however often read: " + problems);
    assertTrue(problems.get(0).startsWith("feedback log " + gaps + ":2: skipped an unreadable line of ")
        && problems.get(0).contains("no newline at its end") && !problems.get(0).contains("énergie"), problems.get(0));

    restarted.record(Entry.Kind.NONE, "after the crash", "", "");
    restarted.vote(new FeedbackStore.Vote("U1", "C1/1", false, "after the crash too", "", ""));
    assertEquals(List.of("first", "after the crash", "after the crash too"),
        restarted.read(FeedbackLog.GAPS_FILE).stream().map(Entry::question).toList(), "nothing swallowed by the fragment");
    assertEquals(new FeedbackStore.Votes(0, 1), restarted.votes());
    assertEquals(1, problems.size(), "the fragment, now a line of its own, was already told: " + problems);
    List<String> lines = Files.readAllLines(gaps, StandardCharsets.ISO_8859_1);
    assertEquals(4, lines.size(), "the fragment stays on its own line: " + lines);
    assertTrue(lines.get(2).startsWith("{") && lines.get(3).startsWith("{"));
  }

  @Test
  void aRecordCutJustBeforeItsNewlineIsReadAndTheNextOneStillGetsItsOwnLine() throws Exception {
    List<String> problems = new ArrayList<>();
    FeedbackLog log = new FeedbackLog(dir, CLOCK, problems::add);
    log.record(Entry.Kind.NONE, "first", "", "");
    Path gaps = dir.resolve(FeedbackLog.GAPS_FILE);
    byte[] whole = Files.readAllBytes(gaps);
    Files.write(gaps, java.util.Arrays.copyOf(whole, whole.length - 1));
    FeedbackLog restarted = new FeedbackLog(dir, CLOCK, problems::add);
    restarted.record(Entry.Kind.NONE, "second", "", "");
    assertEquals(List.of("first", "second"), restarted.read(FeedbackLog.GAPS_FILE).stream().map(Entry::question).toList());
    assertEquals(List.of(), problems);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void concurrentWritersLoseNoLine() throws Exception {
    FeedbackLog log = new FeedbackLog(dir, CLOCK, s -> {});
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 400; i++) {
      int n = i;
      pool.execute(() -> log.record(Entry.Kind.NONE, "question " + n, "S", ""));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    assertEquals(400, log.read(FeedbackLog.GAPS_FILE).size());
  }

  @Test
  void aWriteThatFailsIsLoggedNotThrown() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    List<String> problems = new ArrayList<>();
    new FeedbackLog(file, CLOCK, problems::add).record(Entry.Kind.NONE, "q", "", "");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("not-a-dir"), problems.get(0));
  }

  @Test
  void oneVotePerUserPerAnswerThatASecondClickChangesAcrossRestarts() throws Exception {
    List<String> problems = new ArrayList<>();
    FeedbackLog log = new FeedbackLog(dir.resolve("data"), CLOCK, problems::add);
    for (int i = 0; i < 50; i++) {
      FeedbackStore.VoteOutcome v = log.vote(new FeedbackStore.Vote("U1", "C1/1700000000.1", false, "what is osmosis", "Biology", "42"));
      assertEquals(i == 0 ? FeedbackStore.VoteOutcome.NEW : FeedbackStore.VoteOutcome.UNCHANGED, v);
    }
    assertEquals(FeedbackStore.VoteOutcome.NEW, log.vote(new FeedbackStore.Vote("U2", "C1/1700000000.1", false, "what is osmosis", "Biology", "42")));
    assertEquals(FeedbackStore.VoteOutcome.NEW, log.vote(new FeedbackStore.Vote("U1", "C1/1700000000.2", true, "what is osmosis", "Biology", "42")));
    assertEquals(new FeedbackStore.Votes(1, 2), log.votes());
    // After a restart the same student changes a vote rather than adding one.
    FeedbackLog again = new FeedbackLog(dir.resolve("data"), CLOCK, problems::add);
    assertEquals(FeedbackStore.VoteOutcome.UNCHANGED, again.vote(new FeedbackStore.Vote("U1", "C1/1700000000.1", false, "what is osmosis", "Biology", "42")));
    assertEquals(FeedbackStore.VoteOutcome.CHANGED, again.vote(new FeedbackStore.Vote("U1", "C1/1700000000.1", true, "what is osmosis", "Biology", "42")));
    assertEquals(new FeedbackStore.Votes(2, 1), again.votes());
    // The withdrawn thumbs-down no longer counts as a gap; the other student's still does, once.
    List<Gap.Subject> gaps = again.gaps(10, 10);
    assertEquals(1, gaps.get(0).gaps().get(0).downVotes(), gaps.toString());
    assertEquals(1, gaps.get(0).total(), gaps.toString());
    // Nothing in the files says who voted.
    String files = Files.readString(dir.resolve("data").resolve(FeedbackLog.FEEDBACK_FILE))
        + Files.readString(dir.resolve("data").resolve(FeedbackLog.GAPS_FILE));
    assertFalse(files.contains("U1") || files.contains("U2") || files.contains("1700000000"), files);
    assertEquals(List.of(), problems);
  }

  @Test
  void logsAreOwnerOnlyEvenWhenAnOlderVersionMadeThemReadable() throws Exception {
    Path data = dir.resolve("data");
    Assumptions.assumeTrue(data.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(data.resolve(FeedbackLog.FEEDBACK_FILE), "");
    Files.setPosixFilePermissions(data.resolve(FeedbackLog.FEEDBACK_FILE), PosixFilePermissions.fromString("rw-r--r--"));
    FeedbackLog log = new FeedbackLog(data, CLOCK, line -> {});
    log.record(Entry.Kind.NONE, "what is dark matter?", "", "");
    log.vote(new FeedbackStore.Vote("U1", "C1/1", true, "q", "Biology", "42"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    for (String f : List.of(FeedbackLog.FEEDBACK_FILE, FeedbackLog.GAPS_FILE)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(f))), f);
    }
    Path nested = dir.resolve("fresh/a/b");
    new FeedbackLog(nested, CLOCK, line -> {}).record(Entry.Kind.NONE, "q", "", "");
    for (Path p : List.of(dir.resolve("fresh"), dir.resolve("fresh/a"), nested)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
    }
  }
}

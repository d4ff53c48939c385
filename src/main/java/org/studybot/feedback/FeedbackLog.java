package org.studybot.feedback;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.studybot.files.PrivateFiles;

/**
 * Append-only JSON-lines logs under the data directory. Thread-safe (appends are serialised, and
 * each line goes out in one write).
 *
 * <p>A crash mid-write ({@code kill -9}, a full disk) can leave a torn last line. Reading skips it,
 * and every other line it cannot read, telling the log once per line with the file and line number;
 * the next append starts on a fresh line, so the fragment never swallows the record after it.
 *
 * <ul>
 *   <li>{@value #GAPS_FILE}: every question answered {@code none} or {@code unsure}, and every
 *       thumbs-down;
 *   <li>{@value #FEEDBACK_FILE}: every thumbs-up and thumbs-down.
 * </ul>
 *
 * Student identities are not recorded: a question is kept with its subject and article only. A
 * vote also carries a voter key, a one-way hash of the student and the answer voted on, so that
 * each student has one vote per answer (a second click changes it) without the log saying who
 * voted or linking one student's votes on different answers. Files are created owner-only
 * ({@link PrivateFiles}).
 */
public final class FeedbackLog implements FeedbackStore {
  /** Questions the content does not answer well. */
  public static final String GAPS_FILE = "unanswered.jsonl";
  /** Thumbs up and down. */
  public static final String FEEDBACK_FILE = "feedback.jsonl";

  private static final int MAX_QUESTION_CHARS = 2000;

  private final Path dir;
  private final Clock clock;
  private final Consumer<String> log;
  private final Object lock = new Object();
  // Lines already reported as unreadable ("file:line"), so each is told once, however often read.
  private final Set<String> reported = new HashSet<>();
  // Files known to end with a newline (this process's last append to them succeeded).
  private final Set<Path> endsClean = new HashSet<>();
  // Each voter key's current vote, read from the feedback file on the first vote.
  private Map<String, Entry.Kind> ballots;


  /**
   * @param dataDir where the logs live (created on the first write)
   * @param clock stamps each entry
   * @param log told when a write fails (a lost log line must never fail a reply)
   */
  public FeedbackLog(Path dataDir, Clock clock, Consumer<String> log) {
    this.dir = dataDir;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public void unanswered(Unanswered q) {
    record(q.unsure() ? Entry.Kind.UNSURE : Entry.Kind.NONE, q.question(), q.subject(), q.article());
  }


  /** Records one event now; never throws (a failed write is logged). */
  public void record(Entry.Kind kind, String question, String subject, String article) {
    write(kind, question, subject, article, null);
  }

  /**
   * Records a student's thumbs up or down on one answer: one vote per voter per answer, a second
   * click the other way changes it, the same way again writes nothing. Only a one-way key of voter
   * and answer is written. Never throws (a failed write is logged, and the vote reported as made).
   */
  @Override
  public VoteOutcome vote(Vote v) {
    Entry.Kind kind = v.up() ? Entry.Kind.UP : Entry.Kind.DOWN;
    String voter = voterKey(v.voter(), v.answer());
    synchronized (lock) {
      if (ballots == null) {
        try {
          ballots = currentBallots(lines(FEEDBACK_FILE));
        } catch (UncheckedIOException e) {
          log.accept("could not read the feedback log in " + dir + ": " + e.getCause());
          ballots = new HashMap<>();
        }
      }
      Entry.Kind before = ballots.get(voter);
      if (before == kind) {
        return VoteOutcome.UNCHANGED;
      }
      if (write(kind, v.question(), v.subject(), v.article(), voter)) {
        ballots.put(voter, kind); // a vote that was not written is not one to count as cast
      }
      return before == null ? VoteOutcome.NEW : VoteOutcome.CHANGED;
    }
  }

  /** A one-way key for one user's vote on one answer. */
  static String voterKey(String user, String answer) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(("studybot-vote\n" + user + "\n" + answer).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Appends one entry; false (logged) when it could not be written. */
  private boolean write(Entry.Kind kind, String question, String subject, String article, String voter) {
    Entry e = new Entry(clock.instant(), kind, cut(question), subject, article);
    JsonObject json = toJson(e);
    if (voter != null) {
      json.addProperty("voter", voter);
    }
    String line = json + "\n";
    try {
      synchronized (lock) {
        PrivateFiles.directory(dir);
        if (kind.isGap()) {
          append(dir.resolve(GAPS_FILE), line);
        }
        if (kind == Entry.Kind.UP || kind == Entry.Kind.DOWN) {
          append(dir.resolve(FEEDBACK_FILE), line);
        }
      }
      return true;
    } catch (IOException | RuntimeException ex) {
      log.accept("could not write the feedback log in " + dir + ": " + ex);
      return false;
    }
  }

  /**
   * Appends {@code line} to {@code file} in one write, after a newline when the file ends in a torn
   * line (a crash mid-write), so the torn fragment stays a line of its own. Call under the lock.
   */
  private void append(Path file, String line) throws IOException {
    String out = endsClean.contains(file) || endsWithNewline(file) ? line : "\n" + line;
    endsClean.remove(file);
    try (FileChannel ch = PrivateFiles.append(file)) {
      ByteBuffer buf = ByteBuffer.wrap(out.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
    endsClean.add(file);
  }

  /** Whether {@code file} is missing, empty, or ends with a newline. */
  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  /** Every readable entry of one of the files ({@link #GAPS_FILE} or {@link #FEEDBACK_FILE}), oldest first. */
  public List<Entry> read(String file) {
    return lines(file).stream().map(Line::entry).toList();
  }

  /** An entry and the voter key it carries ({@code null} for events that are not votes). */
  private record Line(Entry entry, String voter) {}

  /**
   * The readable lines of {@code file}; each unreadable one (a torn last line, bytes that are not
   * UTF-8, anything not an entry) is skipped and reported once with its file and line number.
   */
  private List<Line> lines(String file) {
    Path path = dir.resolve(file);
    byte[] bytes;
    synchronized (lock) {
      try {
        bytes = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        return List.of();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the feedback log " + path, e);
      }
    }
    List<Line> out = new ArrayList<>();
    int number = 0;
    for (int start = 0; start < bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      number++;
      boolean last = end == bytes.length;
      String why = null;
      Line l = null;
      try {
        String text = StandardCharsets.UTF_8.newDecoder()
            .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        if (!text.isBlank()) {
          l = fromJson(text);
          why = l == null ? "not a complete feedback entry (torn by a crash mid-write, or not written by StudyBot)" : null;
        }
      } catch (java.nio.charset.CharacterCodingException e) {
        why = "not UTF-8";
      }
      if (l != null) {
        out.add(l);
      } else if (why != null) {
        skipped(path, number, end - start, last ? "the last line, with no newline at its end: " + why : why);
      }
      start = end + 1;
    }
    return out;
  }

  /** Tells the log of an unreadable line, once per line. */
  private void skipped(Path file, int number, int length, String why) {
    String where = file + ":" + number;
    boolean first;
    synchronized (reported) {
      first = reported.add(where);
    }
    if (first) {
      // The line's text stays out of the log: it holds a student's question.
      log.accept("feedback log " + where + ": skipped an unreadable line of " + length + " bytes: " + why);
    }
  }

  /** Each voter key's last vote. */
  private static Map<String, Entry.Kind> currentBallots(List<Line> feedback) {
    Map<String, Entry.Kind> m = new HashMap<>();
    for (Line l : feedback) {
      if (l.voter() != null) {
        m.put(l.voter(), l.entry().kind());
      }
    }
    return m;
  }

  /**
   * Thumbs up and down so far, each student's current vote on each answer counted once (votes
   * written before voter keys existed count one each).
   */
  @Override
  public Votes votes() {
    long up = 0;
    long down = 0;
    List<Line> all = lines(FEEDBACK_FILE);
    Map<String, Entry.Kind> current = currentBallots(all);
    List<Entry.Kind> counted = new ArrayList<>(current.values());
    all.stream().filter(l -> l.voter() == null).forEach(l -> counted.add(l.entry().kind()));
    for (Entry.Kind k : counted) {
      if (k == Entry.Kind.UP) {
        up++;
      } else if (k == Entry.Kind.DOWN) {
        down++;
      }
    }
    return new Votes(up, down);
  }

  @Override
  public List<Gap.Subject> gaps(int subjects, int perSubject) {
    Map<String, Map<String, int[]>> bySubject = new HashMap<>();
    Map<String, String> shown = new HashMap<>();
    // A thumbs-down counts once per student and answer, and not at all once changed to a thumbs-up.
    Map<String, Entry.Kind> current = currentBallots(lines(FEEDBACK_FILE));
    Set<String> counted = new HashSet<>();
    for (Line l : lines(GAPS_FILE)) {
      Entry e = l.entry();
      if (l.voter() != null && (current.get(l.voter()) != Entry.Kind.DOWN || !counted.add(l.voter()))) {
        continue;
      }
      String key = normalise(e.question());
      if (key.isEmpty()) {
        continue;
      }
      int[] c = bySubject.computeIfAbsent(e.subject(), s -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new int[2]);
      c[0]++;
      if (e.kind() == Entry.Kind.DOWN) {
        c[1]++;
      }
      shown.putIfAbsent(key, e.question().strip());
    }
    List<Gap.Subject> out = new ArrayList<>();
    for (var s : bySubject.entrySet()) {
      List<Gap> gaps = new ArrayList<>();
      int total = 0;
      for (var q : s.getValue().entrySet()) {
        gaps.add(new Gap(shown.get(q.getKey()), q.getValue()[0], q.getValue()[1]));
        total += q.getValue()[0];
      }
      gaps.sort(Comparator.comparingInt(Gap::count).reversed().thenComparing(Gap::question));
      out.add(new Gap.Subject(s.getKey(), total, gaps.subList(0, Math.min(perSubject, gaps.size()))));
    }
    out.sort(Comparator.comparingInt(Gap.Subject::total).reversed().thenComparing(Gap.Subject::subject));
    return List.copyOf(out.subList(0, Math.min(subjects, out.size())));
  }

  /** The directory the logs are in. */
  public Path dir() {
    return dir;
  }

  static String normalise(String q) {
    return q.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", " ").strip();
  }

  private static String cut(String q) {
    String s = q == null ? "" : q.strip();
    return s.length() <= MAX_QUESTION_CHARS ? s : s.substring(0, MAX_QUESTION_CHARS);
  }

  private static JsonObject toJson(Entry e) {
    JsonObject o = new JsonObject();
    o.addProperty("time", e.time().toString());
    o.addProperty("kind", e.kind().name().toLowerCase(Locale.ROOT));
    o.addProperty("question", e.question());
    o.addProperty("subject", e.subject());
    o.addProperty("article", e.article());
    return o;
  }

  /** Parses one line, or {@code null} for a torn or foreign one. */
  private static Line fromJson(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      Entry e = new Entry(
          Instant.parse(o.get("time").getAsString()),
          Entry.Kind.valueOf(o.get("kind").getAsString().toUpperCase(Locale.ROOT)),
          text(o.get("question")),
          text(o.get("subject")),
          text(o.get("article")));
      return new Line(e, o.has("voter") ? text(o.get("voter")) : null);
    } catch (RuntimeException e) {
      // JsonParseException, IllegalStateException, DateTimeParseException, IllegalArgumentException
      return null;
    }
  }

  private static String text(JsonElement e) {
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}

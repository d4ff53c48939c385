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
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Append-only JSON-lines logs under the data directory. Thread-safe (appends are serialised, and
 * each line goes out in one write so a crash leaves at most one torn last line, which reading
 * skips).
 *
 * <ul>
 *   <li>{@value #GAPS_FILE}: every question answered {@code none} or {@code unsure}, and every
 *       thumbs-down;
 *   <li>{@value #FEEDBACK_FILE}: every thumbs-up and thumbs-down.
 * </ul>
 *
 * Student identities are not recorded: a question is kept with its subject and article only (so
 * every vote is kept, not one per voter).
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

  @Override
  public void vote(Vote v) {
    record(v.up() ? Entry.Kind.UP : Entry.Kind.DOWN, v.question(), v.subject(), v.article());
  }

  /** Records one event now; never throws (a failed write is logged). */
  public void record(Entry.Kind kind, String question, String subject, String article) {
    Entry e = new Entry(clock.instant(), kind, cut(question), subject, article);
    String line = toJson(e) + "\n";
    try {
      synchronized (lock) {
        Files.createDirectories(dir);
        if (kind.isGap()) {
          append(dir.resolve(GAPS_FILE), line);
        }
        if (kind == Entry.Kind.UP || kind == Entry.Kind.DOWN) {
          append(dir.resolve(FEEDBACK_FILE), line);
        }
      }
    } catch (IOException | RuntimeException ex) {
      log.accept("could not write the feedback log in " + dir + ": " + ex);
    }
  }

  private static void append(Path file, String line) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  /** Every readable entry of one of the files ({@link #GAPS_FILE} or {@link #FEEDBACK_FILE}), oldest first. */
  public List<Entry> read(String file) {
    List<String> lines;
    synchronized (lock) {
      try {
        lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return List.of();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the feedback log " + dir.resolve(file), e);
      }
    }
    List<Entry> out = new ArrayList<>();
    for (String line : lines) {
      Entry e = fromJson(line);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public Votes votes() {
    long up = 0;
    long down = 0;
    for (Entry e : read(FEEDBACK_FILE)) {
      if (e.kind() == Entry.Kind.UP) {
        up++;
      } else if (e.kind() == Entry.Kind.DOWN) {
        down++;
      }
    }
    return new Votes(up, down);
  }

  @Override
  public List<Gap.Subject> gaps(int subjects, int perSubject) {
    Map<String, Map<String, int[]>> bySubject = new HashMap<>();
    Map<String, String> shown = new HashMap<>();
    for (Entry e : read(GAPS_FILE)) {
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

  private static String toJson(Entry e) {
    JsonObject o = new JsonObject();
    o.addProperty("time", e.time().toString());
    o.addProperty("kind", e.kind().name().toLowerCase(Locale.ROOT));
    o.addProperty("question", e.question());
    o.addProperty("subject", e.subject());
    o.addProperty("article", e.article());
    return o.toString();
  }

  /** Parses one line, or {@code null} for a torn or foreign one. */
  private static Entry fromJson(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      return new Entry(
          Instant.parse(o.get("time").getAsString()),
          Entry.Kind.valueOf(o.get("kind").getAsString().toUpperCase(Locale.ROOT)),
          text(o.get("question")),
          text(o.get("subject")),
          text(o.get("article")));
    } catch (RuntimeException e) {
      // JsonParseException, IllegalStateException, DateTimeParseException, IllegalArgumentException
      return null;
    }
  }

  private static String text(JsonElement e) {
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}

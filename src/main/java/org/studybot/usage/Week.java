package org.studybot.usage;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One workspace's last seven UTC days (today and the six before), summed over every replica: the
 * admin's view. Front ends put {@link #table()} in a code block, narrow enough for a phone.
 * Immutable and thread-safe.
 *
 * @param today the last day of the window
 * @param days the seven days, oldest first
 * @param unanswered subjects of the questions answered unsure or none, most first ({@code ""}: no
 *     subject named or found)
 * @param up 👍 votes cast in the window (a changed vote counts on its new side)
 * @param down 👎 votes
 * @param cacheHits questions answered from the reply cache
 */
public record Week(
    LocalDate today, List<Week.Day> days, List<Week.SubjectCount> unanswered, long up, long down, long cacheHits) {
  /** Days in the window. */
  public static final int DAYS = 7;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE dd", Locale.ROOT);
  private static final String BARS = "▁▂▃▄▅▆▇█";

  /**
   * One day's messages. Immutable.
   *
   * @param date the UTC day
   * @param answered study questions answered with confidence
   * @param unsure answered with the closest few articles
   * @param none answered with nothing relevant
   * @param chat greetings, thanks and other messages that are not study questions
   */
  public record Day(LocalDate date, long answered, long unsure, long none, long chat) {
    /** Study questions: answered, unsure and none. */
    public long questions() {
      return answered + unsure + none;
    }
  }

  /** How many questions of one subject went unanswered. Immutable. */
  public record SubjectCount(String subject, long count) {}

  public Week {
    days = List.copyOf(days);
    unanswered = List.copyOf(unanswered);
  }

  /** The last seven days of {@code team} (null: every workspace), read from {@code counts}. */
  public static Week of(UsageCounts counts, String team) {
    LocalDate today = counts.today();
    return from(counts.since(team, today.minusDays(DAYS - 1)), today);
  }

  /** The seven days up to {@code today} out of {@code counts}; counts of other days are left out. */
  public static Week from(List<DailyCount> counts, LocalDate today) {
    LocalDate first = today.minusDays(DAYS - 1);
    Map<LocalDate, long[]> byDay = new TreeMap<>();
    for (int i = 0; i < DAYS; i++) {
      byDay.put(first.plusDays(i), new long[4]);
    }
    Map<String, Long> subjects = new LinkedHashMap<>();
    long up = 0;
    long down = 0;
    long hits = 0;
    for (DailyCount c : counts) {
      long[] day = byDay.get(c.day());
      if (day == null) {
        continue;
      }
      switch (c.dimension()) {
        case UsageRecorder.STATUS -> {
          int i = switch (c.item()) {
            case "answered" -> 0;
            case "unsure" -> 1;
            case "none" -> 2;
            case "chat" -> 3;
            default -> -1;
          };
          if (i >= 0) {
            day[i] += c.value();
          }
        }
        case UsageRecorder.UNANSWERED -> subjects.merge(c.item(), c.value(), Long::sum);
        case UsageRecorder.VOTE -> {
          if (c.item().equals("up")) {
            up += c.value();
          } else if (c.item().equals("down")) {
            down += c.value();
          }
        }
        case UsageRecorder.CACHE -> hits += c.value();
        default -> {
          // a dimension a newer replica counts: not shown by this one
        }
      }
    }
    List<Day> days = new ArrayList<>();
    byDay.forEach((d, v) -> days.add(new Day(d, v[0], v[1], v[2], v[3])));
    List<SubjectCount> top = new ArrayList<>();
    subjects.forEach((s, n) -> {
      if (n > 0) {
        top.add(new SubjectCount(s, n));
      }
    });
    top.sort(Comparator.comparingLong(SubjectCount::count).reversed().thenComparing(SubjectCount::subject));
    // A vote changed inside the window from one cast before it can take a side below zero.
    return new Week(today, days, top, Math.max(0, up), Math.max(0, down), hits);
  }

  /** Study questions in the window. */
  public long questions() {
    return days.stream().mapToLong(Day::questions).sum();
  }

  public long answered() {
    return days.stream().mapToLong(Day::answered).sum();
  }

  public long unsure() {
    return days.stream().mapToLong(Day::unsure).sum();
  }

  public long none() {
    return days.stream().mapToLong(Day::none).sum();
  }

  public long chat() {
    return days.stream().mapToLong(Day::chat).sum();
  }

  /**
   * The shares of questions answered, unsure and none, in whole percent adding up to 100 (largest
   * remainders get the rounding), or all 0 with no questions.
   */
  public long[] shares() {
    long q = questions();
    long[] parts = {answered(), unsure(), none()};
    long[] out = new long[3];
    if (q == 0) {
      return out;
    }
    double[] rest = new double[3];
    long given = 0;
    for (int i = 0; i < 3; i++) {
      double exact = 100.0 * parts[i] / q;
      out[i] = (long) Math.floor(exact);
      rest[i] = exact - out[i];
      given += out[i];
    }
    for (long left = 100 - given; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < 3; i++) {
        if (rest[i] > rest[best]) {
          best = i;
        }
      }
      out[best]++;
      rest[best] = -1;
    }
    return out;
  }

  /** Share of questions answered from the reply cache, in [0,1]. */
  public double cacheHitRate() {
    long q = questions();
    return q == 0 ? 0 : Math.min(1, (double) cacheHits / q);
  }

  /**
   * The days as a table for a monospaced block, 28 characters wide: questions, answered, unsure,
   * none, and a bar scaled to the busiest day; then the totals.
   *
   * <pre>
   *          Qs  ans  uns none
   * Thu 26    3    2    1    0 ▃
   * ...
   * 7 days   42   30    8    4
   * </pre>
   */
  public List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-6s %4s %4s %4s %4s", "", "Qs", "ans", "uns", "none"));
    long max = days.stream().mapToLong(Day::questions).max().orElse(0);
    for (Day d : days) {
      lines.add(String.format(Locale.ROOT, "%-6s %4d %4d %4d %4d %s", DAY.format(d.date()), d.questions(),
          d.answered(), d.unsure(), d.none(), bar(d.questions(), max)).stripTrailing());
    }
    lines.add(String.format(Locale.ROOT, "%-6s %4d %4d %4d %4d", DAYS + " days", questions(), answered(), unsure(),
        none()));
    return List.copyOf(lines);
  }

  /** One bar of eight heights for {@code n} out of {@code max}; blank for none. */
  static String bar(long n, long max) {
    if (n <= 0 || max <= 0) {
      return "";
    }
    int level = (int) Math.min(BARS.length(), Math.max(1, Math.round((double) n * BARS.length() / max)));
    return String.valueOf(BARS.charAt(level - 1));
  }

  /** The window as {@code Thu 27 – Wed 03}. */
  public String range() {
    return DAY.format(today.minusDays(DAYS - 1)) + " – " + DAY.format(today);
  }
}

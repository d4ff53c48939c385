package org.studybot.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.studybot.feedback.FeedbackStore.VoteOutcome;
import org.studybot.feedback.Gap;

/**
 * What students tell the bot about its answers, shared by every replica: 👍/👎 votes (one per
 * voter per answer; a second click changes it) and the questions answered {@code none} or {@code
 * unsure}. Both hold question text, so both are purged when retention ends ({@link #purge}). The
 * {@link #gaps} report is one aggregate query, never a read of every row. No Slack user id is
 * stored: a voter is a hash ({@link #voter}). Thread-safe.
 */
public final class Feedback {
  /**
   * Votes counted. Immutable.
   *
   * @param up thumbs-up
   * @param down thumbs-down
   */
  public record Tally(long up, long down) {}

  static final int MAX_QUESTION = 2000;
  static final int MAX_KEY = 500;

  private final Store store;

  Feedback(Store store) {
    this.store = store;
  }

  /**
   * The voter's pseudonym: a SHA-256 of team and user, so one student's votes are recognised
   * without their Slack id being stored.
   */
  public static String voter(String team, String user) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((nz(team) + ":" + nz(user)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records {@code voter}'s vote on answer {@code answerId} (e.g. the channel and timestamp of the
   * bot's message), replacing their earlier vote on it.
   *
   * @param helpful 👍 (true) or 👎 (false)
   * @param question the question the answer was for (a 👎 counts as a gap for it)
   * @param team the workspace it was cast in ({@code ""}: none)
   * @param at when it was cast: a vote written later (held while the store could not write)
   *     keeps its time, and never replaces a vote the same voter cast after it
   */
  public VoteOutcome vote(
      String answerId,
      String voter,
      boolean helpful,
      String question,
      String subject,
      String article,
      String frontEnd,
      String team,
      Instant at) {
    if (answerId == null || answerId.isBlank() || answerId.length() > 255) {
      throw new IllegalArgumentException("vote answer id: \"" + answerId + "\" must be 1-255 characters");
    }
    int value = helpful ? 1 : -1;
    String q = cut(question);
    long now = at.toEpochMilli();
    return store.write(
        "record a vote",
        c -> {
          Integer before = null;
          long beforeAt = 0;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT vote, voted_at FROM feedback_vote WHERE answer_id = ? AND voter = ?")) {
            ps.setString(1, answerId);
            ps.setString(2, voter);
            try (ResultSet r = ps.executeQuery()) {
              if (r.next()) {
                before = r.getInt(1);
                beforeAt = r.getLong(2);
              }
            }
          }
          // A held vote written after a later click of the same voter: the later click stands.
          if (before != null && (before == value || beforeAt > now)) {
            return VoteOutcome.UNCHANGED;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO feedback_vote (answer_id, voter, vote, article, subject, question,"
                      + " question_key, front_end, voted_at, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote,"
                      + " voted_at = excluded.voted_at"
                      // Also when another replica wrote the voter's row since the SELECT above.
                      + " WHERE feedback_vote.voted_at <= excluded.voted_at")) {
            ps.setString(1, answerId);
            ps.setString(2, voter);
            ps.setInt(3, value);
            ps.setString(4, limit(article, 64));
            ps.setString(5, limit(subject, 255));
            ps.setString(6, q);
            ps.setString(7, key(q));
            ps.setString(8, limit(frontEnd, 40));
            ps.setLong(9, now);
            ps.setString(10, team(team));
            ps.executeUpdate();
          }
          return before == null ? VoteOutcome.NEW : VoteOutcome.CHANGED;
        });
  }

  /** Records a question the bot answered {@code none} or {@code unsure}. */
  public void unanswered(String status, String question, String subject, String article, String frontEnd) {
    unanswered(status, question, subject, article, frontEnd, "");
  }

  /** As above, asked in workspace {@code team} ({@code ""}: none). */
  public void unanswered(
      String status, String question, String subject, String article, String frontEnd, String team) {
    unanswered(status, question, subject, article, frontEnd, team, store.clock().instant());
  }

  /** As above, asked at {@code at} (a question held while the store could not write keeps its time). */
  public void unanswered(
      String status, String question, String subject, String article, String frontEnd, String team, Instant at) {
    String q = cut(question);
    long now = at.toEpochMilli();
    store.update(
        "record an unanswered question",
        Store.Commit.RELAXED,
        "INSERT INTO unanswered (asked_at, status, question, question_key, subject, article,"
            + " front_end, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        now,
        limit(nz(status).toLowerCase(Locale.ROOT), 16),
        q,
        key(q),
        limit(subject, 255),
        limit(article, 64),
        limit(frontEnd, 40),
        team(team));
  }

  /** Votes as they stand now (a changed vote counts once, as it is now). */
  public Tally tally() {
    return store.read(
        "count votes",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT COALESCE(SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END), 0),"
                          + " COALESCE(SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END), 0) FROM feedback_vote");
              ResultSet r = ps.executeQuery()) {
            r.next();
            return new Tally(r.getLong(1), r.getLong(2));
          }
        });
  }

  /**
   * The most frequent unanswered questions by subject, from every replica: up to {@code subjects}
   * subjects (most entries first), each with up to {@code perSubject} questions (most frequent
   * first). An entry is a question answered none or unsure, or an answer voted 👎; questions are
   * grouped by their lower-cased words. One aggregate query, bounded by its limits.
   */
  public List<Gap.Subject> gaps(int subjects, int perSubject) {
    return gaps(null, subjects, perSubject);
  }

  /** As {@link #gaps(int, int)}, only workspace {@code team}'s entries ({@code null}: every workspace's). */
  public List<Gap.Subject> gaps(String team, int subjects, int perSubject) {
    String only = team == null ? "" : " WHERE team = ?";
    String sql =
        "WITH entries AS ("
            + " SELECT subject, question_key, question, 0 AS down FROM unanswered" + only
            + " UNION ALL"
            + " SELECT subject, question_key, question, 1 AS down FROM feedback_vote WHERE vote < 0"
            + (team == null ? "" : " AND team = ?") + "),"
            + " grouped AS (SELECT subject, question_key, COUNT(*) AS n, SUM(down) AS downs,"
            + " MIN(question) AS shown FROM entries WHERE question_key <> ''"
            + " GROUP BY subject, question_key),"
            + " top_subjects AS (SELECT subject, SUM(n) AS total FROM grouped GROUP BY subject"
            + " ORDER BY total DESC, subject LIMIT ?),"
            + " ranked AS (SELECT g.subject, t.total, g.shown, g.n, g.downs, ROW_NUMBER() OVER"
            + " (PARTITION BY g.subject ORDER BY g.n DESC, g.shown) AS place"
            + " FROM grouped g JOIN top_subjects t ON g.subject = t.subject)"
            + " SELECT subject, total, shown, n, downs FROM ranked WHERE place <= ?"
            + " ORDER BY total DESC, subject, place";
    return store.read(
        "gaps",
        c -> {
          Map<String, List<Gap>> bySubject = new LinkedHashMap<>();
          Map<String, Integer> totals = new LinkedHashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (team != null) {
              ps.setString(i++, team(team));
              ps.setString(i++, team(team));
            }
            ps.setInt(i++, subjects);
            ps.setInt(i, perSubject);
            try (ResultSet r = ps.executeQuery()) {
              while (r.next()) {
                String s = r.getString(1);
                totals.put(s, r.getInt(2));
                bySubject.computeIfAbsent(s, k -> new ArrayList<>())
                    .add(new Gap(r.getString(3).strip(), r.getInt(4), r.getInt(5)));
              }
            }
          }
          List<Gap.Subject> out = new ArrayList<>();
          bySubject.forEach((s, gaps) -> out.add(new Gap.Subject(s, totals.get(s), gaps)));
          return List.copyOf(out);
        });
  }

  /** Deletes votes and unanswered questions recorded before {@code before}; returns how many. */
  public int purge(Instant before) {
    long t = before.toEpochMilli();
    return store.update("purge unanswered questions", Store.Commit.RELAXED, "DELETE FROM unanswered WHERE asked_at < ?", t)
        + store.update("purge votes", Store.Commit.RELAXED, "DELETE FROM feedback_vote WHERE voted_at < ?", t);
  }

  /** The grouping key of a question: its lower-cased words. */
  static String key(String question) {
    String k = question.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", " ").strip();
    return k.length() <= MAX_KEY ? k : k.substring(0, MAX_KEY);
  }

  private static String cut(String q) {
    String s = nz(q).strip();
    return s.length() <= MAX_QUESTION ? s : s.substring(0, MAX_QUESTION);
  }

  private static String team(String team) {
    return limit(team, 64);
  }

  /** {@code s} cut to its column's width, so an odd value is kept shortened, never refused. */
  private static String limit(String s, int max) {
    String t = nz(s);
    return t.length() <= max ? t : t.substring(0, max);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}

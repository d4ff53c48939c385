package org.studybot.soak;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.studybot.slack.SlackPayloads;

/**
 * Makes the soak's requests: students' questions (the evaluation set, off-topic ones included)
 * asked through {@code /ask}, {@code /study}, mentions and DMs in a fixed-seed mix, and an admin's
 * reloads. Each request carries the key its reply will be found by: its own response URL, or the
 * channel and thread the bot must post to. Not thread-safe: one ticker thread calls it.
 */
final class Workload {
  /** The admin the bot is started with ({@code STUDYBOT_ADMINS}). */
  static final String ADMIN = "USOAKADMIN";

  /**
   * One request to send.
   *
   * @param body the form or JSON body
   * @param json whether {@code body} is JSON (an event) rather than a form (a command)
   * @param replyKey where its one reply must arrive (see {@link Ledger#keyOf})
   * @param mustContain text the reply must carry, or empty
   */
  record Request(Kind kind, String body, boolean json, String replyKey, String mustContain) {}

  private final List<String> questions;
  private final List<String> subjects;
  private final UnaryOperator<String> responseUrl;
  private final Random random;
  private long seq;

  /**
   * @param questions what students ask (at least one)
   * @param subjects subject slugs for {@code /study} (at least one)
   * @param responseUrl the fake Web API's response URL for an id
   */
  Workload(List<String> questions, List<String> subjects, UnaryOperator<String> responseUrl, long seed) {
    if (questions.isEmpty() || subjects.isEmpty()) {
      throw new IllegalArgumentException(
          "the soak needs questions and subjects; got " + questions.size() + " questions and " + subjects.size() + " subjects");
    }
    this.questions = List.copyOf(questions);
    this.subjects = List.copyOf(subjects);
    this.responseUrl = responseUrl;
    this.random = new Random(seed);
  }

  /** The next student request: /ask 30 %, /study 20 %, mention 25 %, DM 25 %. */
  Request next(Instant now) {
    long n = ++seq;
    String student = "USOAK" + (n % 50);
    String q = questions.get(random.nextInt(questions.size()));
    int roll = random.nextInt(100);
    if (roll < 30) {
      return command(Kind.ASK, "/ask", q, student, n, "");
    }
    if (roll < 50) {
      String subject = subjects.get(random.nextInt(subjects.size()));
      String text = switch (random.nextInt(4)) {
        case 0 -> "";
        case 1 -> subject;
        case 2 -> subject + " 2";
        default -> subject + " " + q;
      };
      return command(Kind.STUDY, "/study", text, student, n, "");
    }
    String ts = now.getEpochSecond() + "." + String.format("%06d", n % 1_000_000);
    if (roll < 75) {
      JsonObject e = SlackPayloads.mention("<@UBOT> " + q, student, "CSOAK", ts);
      return new Request(Kind.MENTION, SlackPayloads.callback(e, "EvSOAKM" + n, now).toString(), true,
          Ledger.postKey("CSOAK", ts), "");
    }
    String dm = "DSOAK" + n;
    JsonObject e = SlackPayloads.dm(q, student, dm, ts);
    return new Request(Kind.DM, SlackPayloads.callback(e, "EvSOAKD" + n, now).toString(), true,
        Ledger.postKey(dm, null), "");
  }

  /** An admin's {@code /studybot reload}; its report must say the new index was swapped in. */
  Request reload() {
    return command(Kind.RELOAD, "/studybot", "reload", ADMIN, ++seq, "Reloaded:");
  }

  private Request command(Kind kind, String command, String text, String user, long n, String mustContain) {
    String id = "soak-" + n;
    String url = responseUrl.apply(id);
    String body = SlackPayloads.form(SlackPayloads.slash(command, text, user, url, "trigger-" + n));
    return new Request(kind, body, false, Ledger.respondKey(id), mustContain);
  }

  /** The subject slugs: the content directory's subdirectories. */
  static List<String> subjects(Path content) {
    try (Stream<Path> dirs = Files.list(content)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the subjects in " + content, e);
    }
  }
}

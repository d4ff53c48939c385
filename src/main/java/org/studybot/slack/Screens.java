package org.studybot.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.studybot.answer.Catalog;
import org.studybot.answer.ReloadReport;
import org.studybot.answer.SemanticStatus;
import org.studybot.content.Problem;
import org.studybot.feedback.Gap;
import org.studybot.reply.ActionValue;
import org.studybot.reply.ArticleRef;
import org.studybot.reply.BlockKitRenderer.Message;
import org.studybot.reply.Blocks;
import org.studybot.reply.Mrkdwn;
import org.studybot.search.CorpusIndex;
import org.studybot.store.Counters;
import org.studybot.usage.Week;

/**
 * The messages and views that are not answers: subject lists and pages for {@code /study}, the
 * admin replies, help, and the App Home. Each is within Slack's limits and follows {@link Mrkdwn}'s
 * escaping model: names and titles {@link Mrkdwn#literal}, placeholders such as {@code <subject>}
 * escaped (Slack reads {@code <…>} as a control sequence even inside backticks), every fallback
 * escaped. Thread-safe (stateless).
 */
final class Screens {
  /** Show another page of a subject; the value carries the subject and page. */
  static final String ACTION_PAGE = "studybot_page";
  /** Articles per {@code /study <subject>} page. */
  static final int PAGE_SIZE = 10;

  private Screens() {}

  static Message subjects(List<CorpusIndex.Subject> subjects, SlackCommands config) {
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.header("Subjects"));
    StringBuilder plain = new StringBuilder("Subjects:");
    lines(blocks, subjects.stream()
        .map(s -> "• " + Mrkdwn.bold(s.name()) + " — " + s.articles() + (s.articles() == 1 ? " article" : " articles"))
        .toList());
    subjects.forEach(s -> plain.append("\n").append(s.name()).append(" (").append(s.articles()).append(")"));
    blocks.add(
        Blocks.context(
            code(config.study() + " <subject>") + " lists a subject's articles; "
                + code(config.study() + " <subject> <question>") + " searches within it."));
    return Message.of(plain.toString(), blocks);
  }

  /** {@code text} as inline code, escaped: {@code `/study &lt;subject&gt;`}. */
  static String code(String text) {
    return "`" + Mrkdwn.escape(text.replace('`', '\'')) + "`";
  }

  static Message page(Catalog.Page p, String siteBase) {
    JsonArray blocks = new JsonArray();
    String title = p.subject().name() + (p.pages() > 1 ? " — page " + p.page() + " of " + p.pages() : "");
    blocks.add(Blocks.header(title));
    List<String> lines = new ArrayList<>();
    int n = (p.page() - 1) * PAGE_SIZE;
    for (ArticleRef a : p.articles()) {
      lines.add(++n + ". " + Mrkdwn.link(a.url() == null || a.url().isBlank() ? a.link() : a.url(), a.title(), siteBase));
    }
    lines(blocks, lines);
    List<JsonObject> nav = new ArrayList<>();
    if (p.page() > 1) {
      nav.add(Blocks.button(ACTION_PAGE + "_prev", "◀ Previous", pageValue(p, p.page() - 1)));
    }
    if (p.page() < p.pages()) {
      nav.add(Blocks.button(ACTION_PAGE + "_next", "Next ▶", pageValue(p, p.page() + 1)));
    }
    if (!nav.isEmpty()) {
      blocks.add(Blocks.actions(nav.toArray(JsonObject[]::new)));
    }
    StringBuilder plain = new StringBuilder(title);
    p.articles().forEach(a -> plain.append("\n").append(a.title()));
    return Message.of(plain.toString(), blocks);
  }

  private static String pageValue(Catalog.Page p, int page) {
    return new ActionValue("", p.subject().key(), "", true, page).encode();
  }

  static Message reload(ReloadReport r) {
    JsonArray blocks = new JsonArray();
    String head = (r.swapped() ? "Reloaded: " : "Reload did not swap: ") + r.message();
    blocks.add(Blocks.section((r.swapped() ? ":white_check_mark: " : ":warning: ") + Mrkdwn.escape(head)));
    StringBuilder plain = new StringBuilder(head);
    if (r.load() != null) {
      blocks.add(
          Blocks.context(
              String.format(Locale.ROOT, "%d files read · %d articles · %d skipped · serving %d · %.1f s",
                  r.load().files(), r.load().articles().size(), r.load().skipped(), r.serving(),
                  r.elapsed().toMillis() / 1000.0)));
      List<String> problems = new ArrayList<>();
      for (Problem p : r.load().problems()) {
        problems.add("• " + Mrkdwn.escape(p.toString()));
        plain.append("\n").append(p);
      }
      if (!problems.isEmpty()) {
        blocks.add(Blocks.section("*Skipped files and problems (" + problems.size() + "):*"));
        lines(blocks, problems);
      }
      List<String> stale = new ArrayList<>();
      for (String note : r.load().staleNotes()) {
        stale.add("• " + Mrkdwn.escape(note));
        plain.append("\n").append(note);
      }
      if (!stale.isEmpty()) {
        blocks.add(Blocks.section("*Stale (" + stale.size() + "): the last good version still serves until the file is fixed*"));
        lines(blocks, stale);
      }
    }
    return Message.of(plain.toString(), blocks);
  }

  /**
   * What admins see in {@code /studybot stats} and on their App Home. Immutable.
   *
   * @param index the corpus serving now, or {@code null} before the first load
   * @param week the last 7 days of {@code scope}, or {@code null} when they cannot be read
   * @param scope whose days they are, e.g. {@code workspace T123}
   * @param cachedReplies replies in the reply cache now
   * @param last the latest load or reload, or {@code null}
   * @param content what serves (source, commit) then one line per stale article, as {@code
   *     Library.contentStatus()} gives it
   * @param replicas one line on the replicas ({@code Library.replicaStatus()}), or {@code null}
   * @param semantic where matching by meaning stands (embedding progress), or {@code null}
   */
  record Status(CorpusIndex index, Week week, String scope, long cachedReplies, ReloadReport last,
      List<String> content, String replicas, SemanticStatus semantic, String held) {
    Status {
      content = List.copyOf(content);
      held = held == null ? "" : held;
    }
  }

  /** Subjects shown under "unanswered by subject". */
  static final int TOP_SUBJECTS = 5;

  /** {@code /studybot stats}: the admin's 7-day view. */
  static Message stats(Status s) {
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.header("StudyBot: last 7 days"));
    return Message.of(status(s, blocks), blocks);
  }

  /**
   * Adds the 7-day view and the serving status to {@code blocks}; returns their plain-text
   * fallback. Narrow enough for a phone: one line per figure, the days in a 28-column code block.
   */
  private static String status(Status s, JsonArray blocks) {
    StringBuilder plain = new StringBuilder();
    Week w = s.week();
    if (w == null) {
      String none = "The usage figures could not be read just now (no store, or it is not answering).";
      blocks.add(Blocks.section(none));
      plain.append(none);
    } else {
      long[] p = w.shares();
      String shares = String.format(Locale.ROOT, "answered %d%% · unsure %d%% · none %d%%", p[0], p[1], p[2]);
      blocks.add(Blocks.section("*" + w.questions() + (w.questions() == 1 ? " question*" : " questions*") + " · "
          + Mrkdwn.escape(w.range()) + "\n" + shares + " · chat " + w.chat()));
      blocks.add(Blocks.section("```" + Mrkdwn.escape(String.join("\n", w.table())) + "```"));
      plain.append(String.format(Locale.ROOT, "Questions in the last 7 days (%s): %d (%d answered, %d unsure, %d none) · chat %d",
          w.range(), w.questions(), w.answered(), w.unsure(), w.none(), w.chat()));
      List<String> lines = new ArrayList<>();
      List<String> subjects = new ArrayList<>();
      for (Week.SubjectCount c : w.unanswered().subList(0, Math.min(TOP_SUBJECTS, w.unanswered().size()))) {
        subjects.add((c.subject().isEmpty() ? "no subject" : c.subject()) + " " + c.count());
      }
      String unanswered = subjects.isEmpty() ? "none" : String.join(" · ", subjects);
      lines.add("*Unanswered by subject:* " + Mrkdwn.literal(unanswered));
      plain.append("\nUnanswered by subject: ").append(unanswered);
      lines.add("*Feedback:* " + w.up() + " 👍 · " + w.down() + " 👎");
      plain.append("\nFeedback: ").append(w.up()).append(" 👍 · ").append(w.down()).append(" 👎");
      String cache = String.format(Locale.ROOT, "%.0f%% hit rate, %d replies cached", w.cacheHitRate() * 100,
          s.cachedReplies());
      lines.add("*Cache:* " + cache);
      plain.append("\nCache: ").append(cache);
      blocks.add(Blocks.section(String.join("\n", lines)));
    }
    List<String> serving = new ArrayList<>();
    if (s.index() != null) {
      String corpus = String.format(Locale.ROOT, "%d articles in %d subjects (version %d)", s.index().size(),
          s.index().subjects().size(), s.index().version());
      serving.add("*Corpus:* " + corpus);
      plain.append("\nCorpus: ").append(corpus);
    }
    List<String> content = s.content();
    if (!content.isEmpty()) {
      serving.add("*Content:* " + Mrkdwn.escape(content.get(0)));
      plain.append("\nContent: ").append(content.get(0));
      if (content.size() > 1) {
        serving.add("*Stale (" + (content.size() - 1) + "):* broken files whose last good version still serves");
        plain.append("\nStale: ").append(content.size() - 1);
        for (String line : content.subList(1, content.size())) {
          serving.add("• " + Mrkdwn.escape(line));
        }
      }
    }
    String replicas = s.replicas() == null ? "1 (this one)" : s.replicas();
    serving.add("*Replicas:* " + Mrkdwn.escape(replicas));
    plain.append("\nReplicas: ").append(replicas);
    if (s.semantic() != null) {
      serving.add("*Semantic matching:* " + Mrkdwn.escape(s.semantic().summary()));
      plain.append("\nSemantic matching: ").append(s.semantic().summary());
    }
    if (!s.held().isEmpty()) {
      serving.add("*Store:* " + Mrkdwn.escape(s.held()));
      plain.append("\nStore: ").append(s.held());
    }
    lines(blocks, serving);
    String context = "Counts of " + Mrkdwn.escape(s.scope()) + ", UTC days; each replica adds its own every "
        + Screens.code("store.counts_every") + " (" + Counters.FLUSH_EVERY.toSeconds() + " s by default).";
    if (s.last() != null) {
      context += " Last load: " + Mrkdwn.escape(s.last().message());
    }
    blocks.add(Blocks.context(context));
    return plain.toString();
  }

  static Message gaps(List<Gap.Subject> subjects) {
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.header("Most frequent unanswered questions"));
    StringBuilder plain = new StringBuilder("Most frequent unanswered questions");
    if (subjects.isEmpty()) {
      blocks.add(Blocks.section("Nothing logged yet: every question so far was answered."));
      plain.append(": none yet");
    }
    for (Gap.Subject s : subjects) {
      String name = s.subject().isEmpty() ? "Any subject" : s.subject();
      StringBuilder sb = new StringBuilder(Mrkdwn.bold(name) + " (" + s.total() + ")");
      plain.append("\n").append(name).append(" (").append(s.total()).append(")");
      for (Gap g : s.gaps()) {
        sb.append("\n• ").append(Mrkdwn.literal(g.question())).append(" — ").append(g.count()).append("×");
        if (g.downVotes() > 0) {
          sb.append(" (").append(g.downVotes()).append(" 👎)");
        }
        plain.append("\n- ").append(g.question()).append(" x").append(g.count());
      }
      blocks.add(Blocks.section(sb.toString()));
    }
    return Message.of(plain.toString(), blocks);
  }

  /** The help text (mrkdwn, escaped: it goes into acks and the App Home as it is). */
  static String help(SlackCommands config, boolean admin) {
    String ask = config.ask();
    String study = config.study();
    String adm = config.admin();
    String s =
        "*StudyBot* answers study questions from its articles.\n"
            + "• Mention me in a channel (" + code("@StudyBot what is osmosis?") + ") and I answer in a thread, or send me a DM.\n"
            + "• " + code(ask + " <question>") + ": a private answer you can share.\n"
            + "• " + code(study) + ": the subjects; " + code(study + " <subject>") + ": its articles; "
            + code(study + " <subject> <question>") + ": search within it.\n"
            + "• 👍 / 👎 under an answer tells the content team what works.";
    if (admin) {
      s += "\n*Admin:* " + code(adm + " reload") + " re-reads the articles, " + code(adm + " stats")
          + " shows usage, " + code(adm + " gaps") + " the questions we can't answer yet.";
    }
    return s;
  }

  /**
   * The App Home view: how to use the bot and the subjects, and for admins ({@code admin} not
   * {@code null}) the 7-day view and the corpus status.
   */
  static String home(SlackCommands config, List<CorpusIndex.Subject> subjects, Status admin) {
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.header("StudyBot"));
    blocks.add(Blocks.section(help(config, admin != null)));
    if (admin != null) {
      blocks.add(Blocks.divider());
      blocks.add(Blocks.header("Last 7 days (admins only)"));
      status(admin, blocks);
    }
    blocks.add(Blocks.divider());
    blocks.add(Blocks.section("*Subjects*"));
    lines(blocks, subjects.stream().map(s -> "• " + Mrkdwn.literal(s.name()) + " (" + s.articles() + ")").toList());
    JsonObject view = new JsonObject();
    view.addProperty("type", "home");
    view.add("blocks", Blocks.fit(blocks));
    return view.toString();
  }

  /** Adds lines as sections, as few as fit in Slack's section limit. */
  private static void lines(JsonArray blocks, List<String> lines) {
    Blocks.sections(blocks, lines.stream().map(l -> Mrkdwn.cut(l, Blocks.MAX_SECTION_CHARS / 2)).toList(), "\n");
  }
}

package org.studybot.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.studybot.answer.Catalog;
import org.studybot.answer.ReloadReport;
import org.studybot.answer.SemanticStatus;
import org.studybot.answer.Stats;
import org.studybot.content.Problem;
import org.studybot.feedback.FeedbackStore;
import org.studybot.feedback.Gap;
import org.studybot.reply.ActionValue;
import org.studybot.reply.ArticleRef;
import org.studybot.reply.BlockKitRenderer.Message;
import org.studybot.reply.Blocks;
import org.studybot.reply.Mrkdwn;
import org.studybot.search.CorpusIndex;

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
   * @param content what serves (source, commit) then one line per stale article, as {@code
   *     Library.contentStatus()} gives it
   */
  static Message stats(
      CorpusIndex index, Stats.Snapshot s, long cached, FeedbackStore.Votes votes, ReloadReport last,
      List<String> content) {
    return stats(index, s, cached, votes, last, content, null, null);
  }

  /**
   * As above, with one line on the replicas ({@code Library.replicaStatus()}), or {@code null}, and
   * one on matching by meaning (embedding progress), or {@code null}.
   */
  static Message stats(
      CorpusIndex index, Stats.Snapshot s, long cached, FeedbackStore.Votes votes, ReloadReport last,
      List<String> content, String replicas, SemanticStatus semantic) {
    String text =
        String.format(
            Locale.ROOT,
            "*Corpus:* %d articles in %d subjects (version %d)%n"
                + "*Questions served:* %d (%d answered, %d unsure, %d none) · chat %d%n"
                + "*Cache:* %.0f%% hit rate, %d replies cached%n"
                + "*Feedback:* %d 👍 · %d 👎",
            index.size(), index.subjects().size(), index.version(), s.questions(), s.answered(), s.unsure(),
            s.none(), s.chat(), s.cacheHitRate() * 100, cached, votes.up(), votes.down());
    if (!content.isEmpty()) {
      text += "\n*Content:* " + Mrkdwn.escape(content.get(0));
      if (content.size() > 1) {
        text += "\n*Stale (" + (content.size() - 1) + "):* broken files whose last good version still serves";
        for (String line : content.subList(1, content.size())) {
          text += "\n• " + Mrkdwn.escape(line);
        }
      }
    }
    if (replicas != null) {
      text += "\n*Replicas:* " + Mrkdwn.escape(replicas);
    }
    if (semantic != null) {
      text += "\n*Semantic matching:* " + Mrkdwn.escape(semantic.summary());
    }
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.header("StudyBot stats"));
    blocks.add(Blocks.section(Blocks.plainCut(text, 2900)));
    if (last != null) {
      blocks.add(Blocks.context("Last load: " + Mrkdwn.escape(last.message())));
    }
    return Message.of(text.replace("*", ""), blocks);
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

  /** The App Home view: how to use the bot, the subjects, and for admins the corpus status. */
  static String home(SlackCommands config, CorpusIndex index, List<CorpusIndex.Subject> subjects, boolean admin, ReloadReport last) {
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.header("StudyBot"));
    blocks.add(Blocks.section(help(config, admin)));
    blocks.add(Blocks.divider());
    blocks.add(Blocks.section("*Subjects*"));
    lines(blocks, subjects.stream().map(s -> "• " + Mrkdwn.literal(s.name()) + " (" + s.articles() + ")").toList());
    if (admin) {
      blocks.add(Blocks.divider());
      blocks.add(
          Blocks.section(
              "*Corpus status:* " + index.size() + " articles in " + index.subjects().size() + " subjects, version "
                  + index.version() + (last == null ? "" : "\n" + Mrkdwn.escape(last.message()))));
    }
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

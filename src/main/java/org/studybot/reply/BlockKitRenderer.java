package org.studybot.reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.studybot.content.AnswerText;

/**
 * Renders a {@link Reply} as a Slack message: Block Kit blocks plus the plain {@code text}
 * fallback that notifications and screen readers use. Every message stays within Slack's limits
 * ({@link Blocks}); everything from content or users goes through {@link Mrkdwn}'s escaping model
 * (escaped once, links only to http/https/mailto, titles and subjects {@link Mrkdwn#literal}), in
 * the blocks and in the fallback alike. Thread-safe.
 *
 * <p>An answer shows its linked title, the summary (when it is not just the answer's opening),
 * the answer itself up to a budget, a "Read more" link, the related articles, the subject and how
 * sure the bot is, and buttons: thumbs up/down, and "Share in channel" on private replies. An
 * unsure reply offers the closest articles as buttons that open their answer (which can then be
 * shared: the uncertainty itself is never offered for sharing); a reply with no
 * article says what the bot can do, with "did you mean" subjects as buttons.
 */
public final class BlockKitRenderer {
  /** Thumbs-up on an answer. */
  public static final String ACTION_UP = "studybot_up";
  /** Thumbs-down on an answer. */
  public static final String ACTION_DOWN = "studybot_down";
  /** Post a private reply in the channel. */
  public static final String ACTION_SHARE = "studybot_share";
  /** Open one of an unsure reply's alternatives; the action id ends with {@code _<n>}. */
  public static final String ACTION_ALTERNATIVE = "studybot_alt";
  /** Ask again within a suggested subject; the action id ends with {@code _<n>}. */
  public static final String ACTION_SUBJECT = "studybot_subject";

  private static final int MAX_RELATED = 5;

  private final int answerChars;
  private final String siteBase;

  /**
   * @param answerChars how much of an answer's text a reply shows before "Read more"
   * @param siteBaseUrl the site that article paths ({@code /learn/…}) are on ({@code site_base_url})
   */
  public BlockKitRenderer(int answerChars, String siteBaseUrl) {
    this.answerChars = Math.max(200, answerChars);
    this.siteBase = siteBaseUrl;
  }

  /**
   * What to add to a reply. Immutable and thread-safe.
   *
   * @param ephemeral whether only the asker sees it (buttons then say so in their value)
   * @param share whether to offer "Share in channel"
   * @param feedback whether to offer thumbs up/down
   * @param intro a line shown above the reply (mrkdwn, already escaped), or {@code ""}
   */
  public record Options(boolean ephemeral, boolean share, boolean feedback, String intro) {
    public Options {
      intro = intro == null ? "" : intro;
    }

    /** A public reply with feedback buttons (mentions, DMs). */
    public static Options inConversation() {
      return new Options(false, false, true, "");
    }

    /** A private reply to a slash command: share and feedback buttons. */
    public static Options privately() {
      return new Options(true, true, true, "");
    }
  }

  /**
   * A message ready to post. Immutable apart from the JSON tree, which callers must not change.
   *
   * @param text the top-level {@code text} fallback as sent: mrkdwn, already escaped (build it
   *     with {@link #of})
   * @param blocks the blocks
   */
  public record Message(String text, JsonArray blocks) {
    /** A message whose fallback is {@code plain} text, escaped and cut here. */
    public static Message of(String plain, JsonArray blocks) {
      return new Message(Mrkdwn.fallback(plain, Blocks.MAX_FALLBACK_CHARS), Blocks.fit(blocks));
    }

    /** The blocks as the JSON string the Web API takes. */
    public String blocksJson() {
      return blocks.toString();
    }
  }

  /** Renders a reply. */
  public Message render(Reply r, Options o) {
    JsonArray blocks = new JsonArray();
    if (!o.intro().isEmpty()) {
      blocks.add(Blocks.context(o.intro()));
    }
    String text =
        switch (r.status()) {
          case ANSWERED -> answered(r, o, blocks);
          case UNSURE -> unsure(r, o, blocks);
          case NONE -> none(r, o, blocks);
        };
    return Message.of(text, blocks);
  }

  /** A simple message: one section of mrkdwn (escaped by the caller) and its plain fallback. */
  public static Message notice(String mrkdwn, String fallback) {
    JsonArray blocks = new JsonArray();
    blocks.add(Blocks.section(mrkdwn));
    return Message.of(fallback, blocks);
  }

  /** The URL to link an article to: its site path on the site, or its absolute URL. */
  private static String target(ArticleRef a) {
    return a.url() != null && !a.url().isBlank() ? a.url() : a.link();
  }

  private String answered(Reply r, Options o, JsonArray blocks) {
    ArticleRef a = r.article();
    blocks.add(Blocks.section("*" + Mrkdwn.link(target(a), a.title(), siteBase) + "*"));
    String plainAnswer = r.answer().plain().replaceAll("\\s+", " ").strip();
    String summary = r.summary().strip();
    boolean summaryIsOpening = !summary.isEmpty() && plainAnswer.startsWith(summary.replace("…", "").strip());
    if (!summary.isEmpty() && !summaryIsOpening) {
      blocks.add(Blocks.section(Mrkdwn.italic(summary)));
    }
    boolean cut = answerSections(r.answer(), blocks);
    blocks.add(
        Blocks.section(
            Mrkdwn.linkOrText(target(a), cut ? "Read the rest on the site →" : "Read more on the site →", siteBase)));
    if (!r.related().isEmpty()) {
      StringBuilder sb = new StringBuilder("*Related:*");
      for (ArticleRef rel : r.related().subList(0, Math.min(MAX_RELATED, r.related().size()))) {
        sb.append("\n• ").append(Mrkdwn.link(target(rel), rel.title(), siteBase));
      }
      blocks.add(Blocks.section(sb.toString()));
    }
    blocks.add(Blocks.context(sureLine(a.subject(), r.confidence())));
    List<JsonObject> buttons = new ArrayList<>();
    String value = ActionValue.of(r.question(), r.subject(), a.id(), o.ephemeral()).encode();
    if (o.feedback()) {
      buttons.add(Blocks.button(ACTION_UP, "👍 Helpful", value));
      buttons.add(Blocks.button(ACTION_DOWN, "👎 Not helpful", value));
    }
    if (o.share()) {
      buttons.add(Blocks.button(ACTION_SHARE, "Share in channel", value));
    }
    if (!buttons.isEmpty()) {
      blocks.add(Blocks.actions(buttons.toArray(JsonObject[]::new)));
    }
    String summaryText = summary.isEmpty() ? plainAnswer : summary;
    return a.title() + "\n" + summaryText + Mrkdwn.safeUrl(target(a), siteBase).map(u -> "\n" + u).orElse("");
  }

  /** Adds the answer as sections within the budget; returns whether it was cut. */
  private boolean answerSections(AnswerText answer, JsonArray blocks) {
    int budget = answerChars;
    List<String> parts = new ArrayList<>();
    boolean cut = false;
    for (AnswerText.Paragraph p : answer.paragraphs()) {
      String md = Mrkdwn.paragraph(p, siteBase);
      if (md.length() > budget) {
        if (budget > 80) {
          parts.add(Mrkdwn.cut(md, budget));
        }
        cut = true;
        break;
      }
      parts.add(md);
      budget -= md.length();
    }
    Blocks.sections(blocks, parts, "\n\n");
    return cut;
  }

  private String unsure(Reply r, Options o, JsonArray blocks) {
    blocks.add(Blocks.section(Mrkdwn.escape(r.message())));
    StringBuilder text = new StringBuilder(r.message());
    List<JsonObject> buttons = new ArrayList<>();
    int i = 0;
    for (ArticleRef alt : r.alternatives()) {
      blocks.add(Blocks.section("*" + Mrkdwn.link(target(alt), alt.title(), siteBase) + "*  ·  " + Mrkdwn.italic(alt.subject())));
      buttons.add(
          Blocks.button(
              ACTION_ALTERNATIVE + "_" + i,
              alt.title(),
              ActionValue.of(r.question(), r.subject(), alt.id(), o.ephemeral()).encode()));
      text.append("\n").append(++i).append(". ").append(alt.title());
      Mrkdwn.safeUrl(target(alt), siteBase).ifPresent(u -> text.append(" ").append(u));
    }
    if (!buttons.isEmpty()) {
      blocks.add(Blocks.actions(buttons.toArray(JsonObject[]::new)));
    }
    // No "Share in channel" here: what is worth sharing is the article the student picks (its
    // answer has the button), not the bot's uncertainty.
    blocks.add(Blocks.context(String.format(Locale.ROOT, "Not sure: %.0f%% · pick the one that answers your question", r.confidence() * 100)));
    return text.toString();
  }

  private static String none(Reply r, Options o, JsonArray blocks) {
    blocks.add(Blocks.section(Mrkdwn.escape(r.message())));
    if (!r.suggestions().isEmpty()) {
      List<JsonObject> buttons = new ArrayList<>();
      int i = 0;
      for (String s : r.suggestions()) {
        buttons.add(
            Blocks.button(
                ACTION_SUBJECT + "_" + i++, "Search " + s,
                new ActionValue(ActionValue.of(r.question(), "", "", o.ephemeral()).question(), s, "", o.ephemeral(), 0)
                    .encode()));
      }
      blocks.add(Blocks.actions(buttons.toArray(JsonObject[]::new)));
    }
    return r.message();
  }

  private static String sureLine(String subject, double confidence) {
    String s = Mrkdwn.literal(subject);
    return confidence > 0 ? String.format(Locale.ROOT, "%s · %.0f%% sure", s, confidence * 100) : s;
  }
}

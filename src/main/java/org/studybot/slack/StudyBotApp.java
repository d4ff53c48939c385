package org.studybot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.studybot.answer.Answerer;
import org.studybot.answer.Catalog;
import org.studybot.answer.Library;
import org.studybot.answer.Question;
import org.studybot.answer.Study;
import org.studybot.answer.UnansweredLog;
import org.studybot.config.BotConfig;
import org.studybot.feedback.FeedbackStore;
import org.studybot.metrics.Metrics;
import org.studybot.reply.ActionValue;
import org.studybot.reply.BlockKitRenderer;
import org.studybot.reply.BlockKitRenderer.Message;
import org.studybot.reply.BlockKitRenderer.Options;
import org.studybot.reply.Mrkdwn;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;
import org.studybot.search.CorpusIndex;

/**
 * StudyBot's Bolt app: the handlers for mentions, DMs, slash commands, buttons and the App Home.
 * Every handler acks at once and hands the work (searching, posting) to a bounded pool, so Slack
 * always gets its ack within 3 s. Thread-safe.
 *
 * <p>Where replies go: a mention is answered in a thread under it, a DM in the DM; slash commands
 * and clicks on private messages answer through the interaction's response URL (it works in any
 * channel, even one the bot is not in), and private notices in public threads use {@code
 * chat.postEphemeral}. When posting fails, the student is told privately where possible.
 *
 * <p>Replies come from the {@link Answerer}; this class only renders them. Questions it could not
 * answer well are logged by the {@link UnansweredLog} listener it installs for as long as it runs.
 */
public final class StudyBotApp implements AutoCloseable {
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,30}");
  private static final int WORKERS = 4;
  private static final int QUEUE = 2_000;
  /** Front-end names in {@link org.studybot.answer.AnswerEvent}s. */
  static final String MENTION = "slack-mention";
  static final String DM = "slack-dm";
  static final String ASK = "slack-ask";
  static final String STUDY = "slack-study";
  static final String SHARE = "slack-share";

  private final SlackCommands commands;
  private final Answerer answerer;
  private final Library library;
  private final Catalog catalog;
  private final FeedbackStore feedback;
  private final AutoCloseable unanswered;
  private final Consumer<String> log;
  private final Set<String> admins;
  private final BlockKitRenderer renderer;
  private final EventLedger events;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService scheduler;
  private final Slack slack;
  private final BotTokens tokens;
  private final WebApi api;
  private volatile Metrics metrics = Metrics.NONE;
  private final App app;

  /**
   * @param log told about refusals and failures, one line at a time (never secrets or message text)
   */
  public StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, Consumer<String> log) {
    this(settings, answerer, feedback, log, null);
  }

  /** As above; {@code later} (tests) replaces the scheduler that waits out rate limits. */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, Consumer<String> log, WebApi.Later later) {
    this(settings, answerer, feedback, EventLedger.inMemory(), BotTokens.single(settings.botToken()), log, later);
  }

  /** As above, answering each workspace with its own bot ({@code tokens}). */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, BotTokens tokens, Consumer<String> log,
      WebApi.Later later) {
    this(settings, answerer, feedback, EventLedger.inMemory(), tokens, log, later);
  }

  /**
   * As above, with the ledger of events already handled ({@code later}: see above, {@code null}
   * for the default).
   */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, EventLedger events,
      Consumer<String> log, WebApi.Later later) {
    this(settings, answerer, feedback, events, BotTokens.single(settings.botToken()), log, later);
  }

  /** As above, answering each workspace with its own bot ({@code tokens}). */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, EventLedger events, BotTokens tokens,
      Consumer<String> log, WebApi.Later later) {
    this.events = events;
    this.answerer = answerer;
    this.library = answerer.library();
    this.catalog = answerer.catalog();
    this.feedback = feedback;
    this.log = log;
    this.commands = commands(answerer.config());
    this.admins = new HashSet<>(commands.admins());
    this.renderer = new BlockKitRenderer(2_400, answerer.config().siteBaseUrl());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
            r -> daemon(r, "studybot-slack-" + n.incrementAndGet()));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "studybot-slack-retry"));
    this.slack = slack(settings);
    WebApi.Later wait = later != null ? later : (d, task) -> scheduler.schedule(task, d.toMillis(), TimeUnit.MILLISECONDS);
    this.tokens = tokens;
    this.api = new WebApi(slack, tokens, workers, wait, log);
    this.app = app(settings, slack, tokens, log);
    register();
    this.unanswered = answerer.listen(new UnansweredLog(feedback));
  }

  /** Counts votes and Web API calls in {@code m} from now on. */
  void metrics(Metrics m) {
    metrics = m;
    api.metrics(m);
  }

  private static SlackCommands commands(BotConfig config) {
    try {
      return SlackCommands.from(config.section("slack"));
    } catch (org.studybot.config.ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static Slack slack(SlackSettings s) {
    SlackConfig c = new SlackConfig();
    if (s.apiUrl() != null) {
      c.setMethodsEndpointUrlPrefix(s.apiUrl());
    }
    int ms = (int) Math.min(Integer.MAX_VALUE, s.apiTimeout().toMillis());
    c.setHttpClientCallTimeoutMillis(ms);
    c.setHttpClientReadTimeoutMillis(ms);
    c.setHttpClientWriteTimeoutMillis(ms);
    // Per-team call statistics would cost an extra auth.test per token; nothing reads them.
    c.setStatsEnabled(false);
    c.setPrettyResponseLoggingEnabled(false);
    return Slack.getInstance(c);
  }

  /**
   * With one token, Bolt's own checks (it asks {@code auth.test} once who the bot is); with
   * installations, {@link WorkspaceGate} in their place.
   */
  private static App app(SlackSettings s, Slack slack, BotTokens tokens, Consumer<String> log) {
    AppConfig config = appConfig(s, slack);
    return tokens.oauth() ? new App(config, slack, java.util.List.of(new WorkspaceGate(tokens, log))) : new App(config);
  }

  private static AppConfig appConfig(SlackSettings s, Slack slack) {
    return AppConfig.builder()
        .slack(slack)
        .singleTeamBotToken(s.botToken())
        .signingSecret(s.signingSecret())
        // The HTTP adapter verifies every request itself (UTF-8 body, timestamps refused both
        // ways); Bolt's own check hashes the platform charset and accepts any future timestamp.
        .requestVerificationEnabled(false)
        // Events the bot does not handle (message edits, joins...) are acked, not retried by Slack.
        .allEventsApiAutoAckEnabled(true)
        .authTestCacheEnabled(true)
        .build();
  }

  /** The Bolt app (for the HTTP adapter and Socket Mode). */
  public App app() {
    return app;
  }

  /** The answerer replies come from. */
  public Answerer answerer() {
    return answerer;
  }

  /**
   * An admin: one of {@code slack.admins} / {@code STUDYBOT_ADMINS}, or whoever installed the app
   * in the current workspace.
   */
  private boolean isAdmin(String user) {
    return user != null
        && (admins.contains(user)
            || tokens.bot(Workspace.current()).map(b -> user.equals(b.installerUserId())).orElse(false));
  }

  // ---------------------------------------------------------------- registration

  private void register() {
    app.command(commands.ask(), (req, ctx) -> {
      SlashCommandPayload p = req.getPayload();
      String text = SlackText.plain(p.getText());
      if (text.isEmpty()) {
        return ctx.ack("Ask a study question: " + Screens.code(commands.ask() + " what is photosynthesis?"));
      }
      submit(commands.ask(), null, p.getTeamId(), () -> {
        Reply r = answerer.answer(new Question(text, null, Question.DEFAULT_LIMIT, ASK));
        respondPrivately(p.getResponseUrl(), p.getChannelId(), p.getUserId(), renderer.render(r, Options.privately()));
      });
      return ctx.ack();
    });
    app.command(commands.study(), (req, ctx) -> {
      SlashCommandPayload p = req.getPayload();
      String text = SlackText.plain(p.getText());
      submit(commands.study(), null, p.getTeamId(), () ->
          respondPrivately(p.getResponseUrl(), p.getChannelId(), p.getUserId(), study(text)));
      return ctx.ack();
    });
    app.command(commands.admin(), (req, ctx) -> {
      SlashCommandPayload p = req.getPayload();
      String text = SlackText.plain(p.getText()).toLowerCase(Locale.ROOT);
      String sub = text.isEmpty() ? "help" : text.split("\\s+")[0];
      if (sub.equals("help")) {
        return ctx.ack(Screens.help(commands, isAdmin(p.getUserId())));
      }
      if (!Set.of("reload", "stats", "gaps").contains(sub)) {
        return ctx.ack("I don't know " + Screens.code(sub) + ". Try " + Screens.code(commands.admin() + " help") + ".");
      }
      if (!isAdmin(p.getUserId())) {
        log.accept("refused " + commands.admin() + " " + sub + " from user " + p.getUserId() + ": not an admin");
        return ctx.ack("Sorry, " + Screens.code(commands.admin() + " " + sub) + " is for StudyBot admins only. "
            + "Ask your workspace's StudyBot admin if you need it.");
      }
      log.accept(commands.admin() + " " + sub + " by admin " + p.getUserId());
      switch (sub) {
        case "reload" -> {
          library.reload().whenComplete((report, error) -> {
            Message m = error != null
                ? BlockKitRenderer.notice("Reload failed: " + Mrkdwn.escape(String.valueOf(error)), "Reload failed: " + error)
                : Screens.reload(report);
            respondPrivately(p.getResponseUrl(), p.getChannelId(), p.getUserId(), m);
          });
          return ctx.ack("Reloading the articles…");
        }
        case "stats" -> api.submit("stats", () -> respondPrivately(p.getResponseUrl(), p.getChannelId(), p.getUserId(),
            Screens.stats(library.current(), answerer.stats().snapshot(), answerer.cachedReplies(), feedback.votes(),
                library.lastReload(), library.contentStatus(), library.replicaStatus())));
        default -> api.submit("gaps", () -> respondPrivately(p.getResponseUrl(), p.getChannelId(), p.getUserId(),
            Screens.gaps(feedback.gaps(10, 5))));
      }
      return ctx.ack();
    });

    app.event(AppMentionEvent.class, (payload, ctx) -> {
      AppMentionEvent e = payload.getEvent();
      boolean ignore = e.getBotId() != null || e.getSubtype() != null || e.getEdited() != null || e.getUser() == null
          || e.getUser().equals(ctx.getBotUserId())
          // In a DM the message event answers; answering the mention too would say it twice.
          || (e.getChannel() != null && e.getChannel().startsWith("D"));
      if (!ignore && events.firstTime(payload.getEventId())) {
        String thread = e.getThreadTs() != null ? e.getThreadTs() : e.getTs();
        submit("mention", payload.getEventId(), payload.getTeamId(),
            () -> answerInConversation(e.getText(), e.getChannel(), e.getUser(), thread, MENTION));
      }
      return ctx.ack();
    });
    app.event(MessageEvent.class, (payload, ctx) -> {
      MessageEvent e = payload.getEvent();
      boolean ignore = !"im".equals(e.getChannelType()) || e.getBotId() != null || e.getSubtype() != null
          || e.getEdited() != null || e.getUser() == null || e.getUser().equals(ctx.getBotUserId());
      if (!ignore && events.firstTime(payload.getEventId())) {
        submit("dm", payload.getEventId(), payload.getTeamId(),
            () -> answerInConversation(e.getText(), e.getChannel(), e.getUser(), e.getThreadTs(), DM));
      }
      return ctx.ack();
    });
    app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
      AppHomeOpenedEvent e = payload.getEvent();
      if ("home".equals(e.getTab()) && e.getUser() != null && events.firstTime(payload.getEventId())) {
        api.submit("app home", () -> publishHome(e.getUser()));
      }
      return ctx.ack();
    });

    app.blockAction(Pattern.compile("^studybot_.*"), (req, ctx) -> {
      BlockActionPayload p = req.getPayload();
      api.submit("button", () -> onAction(p));
      return ctx.ack();
    });
  }

  /** Runs {@code task} on the pool with the event's id and team in the MDC, for its log lines. */
  private void submit(String what, String eventId, String team, Runnable task) {
    if (eventId != null) {
      MDC.put("event_id", eventId);
    }
    if (team != null) {
      MDC.put("team", team);
    }
    try {
      api.submit(what, task);
    } finally {
      MDC.remove("event_id");
      MDC.remove("team");
    }
  }

  // ---------------------------------------------------------------- answering

  private void answerInConversation(String raw, String channel, String user, String threadTs, String frontEnd) {
    Reply r = answerer.answer(Question.of(SlackText.plain(raw)).from(frontEnd));
    postPublicly(channel, user, threadTs, renderer.render(r, Options.inConversation()));
  }

  private Message study(String text) {
    Study s = answerer.study(text, Screens.PAGE_SIZE, STUDY);
    if (s instanceof Study.Subjects list) {
      return Screens.subjects(list.subjects(), commands);
    }
    if (s instanceof Study.Listing listing) {
      return page(listing.page());
    }
    return renderer.render(((Study.Answer) s).reply(), Options.privately());
  }

  // ---------------------------------------------------------------- buttons

  private void onAction(BlockActionPayload p) {
    if (p.getActions() == null || p.getActions().isEmpty()) {
      return;
    }
    BlockActionPayload.Action action = p.getActions().get(0);
    String id = action.getActionId();
    String user = p.getUser() == null ? null : p.getUser().getId();
    String channel = p.getChannel() != null ? p.getChannel().getId()
        : p.getContainer() != null ? p.getContainer().getChannelId() : null;
    boolean dm = channel != null && channel.startsWith("D");
    String messageTs = p.getContainer() == null ? null : p.getContainer().getMessageTs();
    // In a channel a notice goes into the answer's thread; in a DM it stays where the student is
    // looking (the DM itself, or the thread the answer is already in), never a new thread.
    String thread = p.getContainer() == null ? null
        : p.getContainer().getThreadTs() != null ? p.getContainer().getThreadTs() : dm ? null : messageTs;
    ActionValue v;
    try {
      v = ActionValue.decode(action.getValue());
    } catch (IllegalArgumentException e) {
      log.accept("ignored a " + id + " click with a value this bot did not write");
      return;
    }
    String url = p.getResponseUrl();
    if (id.equals(BlockKitRenderer.ACTION_UP) || id.equals(BlockKitRenderer.ACTION_DOWN)) {
      boolean up = id.equals(BlockKitRenderer.ACTION_UP);
      String subject = articleSubject(v.article()).orElse(v.subject());
      FeedbackStore.VoteOutcome vote = feedback.vote(
          new FeedbackStore.Vote(user, answerId(channel, messageTs, v), up, v.question(), subject, v.article()));
      Message thanks = thanks(vote, up);
      if (vote != FeedbackStore.VoteOutcome.UNCHANGED) {
        metrics.feedback(up); // a changed vote counts once more, the other way: both were cast
      }
      if (v.ephemeral()) {
        api.respond(url, "ephemeral", false, thanks);
      } else {
        api.postEphemeral(channel, user, thread, thanks);
      }
    } else if (id.equals(BlockKitRenderer.ACTION_SHARE)) {
      Reply r = v.article().isEmpty() ? sharable(v) : answerer.article(v.article(), v.question()).orElse(null);
      if (r == null) {
        api.respond(url, "ephemeral", false, gone());
        return;
      }
      // The question is quoted as plain text: escaped, emphasis neutralised, verbatim (no
      // mentions, channel links or URLs made from it); links the student typed were dropped on input.
      String intro = who(user, "Someone") + " shared an answer to: " + Mrkdwn.italic(v.question());
      Message m = renderer.render(r, new Options(false, false, true, intro));
      api.respond(url, "in_channel", false, m).thenAccept(o -> {
        if (o.ok()) {
          api.respond(url, "ephemeral", true, BlockKitRenderer.notice("Shared in the channel.", "Shared in the channel."));
        } else {
          api.respond(url, "ephemeral", false, BlockKitRenderer.notice(
              "Sorry, I couldn't share that here (" + Mrkdwn.escape(o.error()) + ").", "Sorry, I couldn't share that here."));
        }
      });
    } else if (id.startsWith(BlockKitRenderer.ACTION_ALTERNATIVE)) {
      Optional<Reply> r = answerer.article(v.article(), v.question());
      deliverChoice(v, url, channel, user, thread, dm, r.orElse(null), "picked");
    } else if (id.startsWith(BlockKitRenderer.ACTION_SUBJECT)) {
      if (v.question().isBlank()) {
        Message m = catalog.page(v.subject(), 1, Screens.PAGE_SIZE).map(this::page).orElseGet(StudyBotApp::gone);
        api.respond(url, "ephemeral", true, m);
        return;
      }
      Reply r = answerer.answer(new Question(v.question(), v.subject(), Question.DEFAULT_LIMIT, STUDY));
      deliverChoice(v, url, channel, user, thread, dm, r, "searched " + v.subject() + " for");
    } else if (id.startsWith(Screens.ACTION_PAGE)) {
      Message m = catalog.page(v.subject(), v.page(), Screens.PAGE_SIZE).map(this::page).orElseGet(StudyBotApp::gone);
      api.respond(url, "ephemeral", true, m);
    }
  }

  private void deliverChoice(
      ActionValue v, String url, String channel, String user, String thread, boolean dm, Reply r, String verb) {
    if (r == null) {
      api.respond(url, "ephemeral", false, gone());
    } else if (v.ephemeral()) {
      api.respond(url, "ephemeral", true, renderer.render(r, Options.privately()));
    } else {
      // In a DM the student knows who asked: no intro naming them.
      String intro = dm ? "" : who(user, "Someone") + " " + Mrkdwn.literal(verb) + ": " + Mrkdwn.italic(v.question());
      postPublicly(channel, user, thread, renderer.render(r, new Options(false, false, true, intro)));
    }
  }

  /** {@code <@U123>} for a well-formed user id from Slack, else {@code fallback}. */
  private static String who(String user, String fallback) {
    return user != null && USER_ID.matcher(user).matches() ? "<@" + user + ">" : fallback;
  }

  /**
   * What "Share in channel" on a reply without an article id shares: the answer if the bot is
   * sure; if it is not, the best article itself (never the "I'm not sure" message); or nothing.
   */
  private Reply sharable(ActionValue v) {
    Reply r = answerer.answer(new Question(v.question(), v.subject(), Question.DEFAULT_LIMIT, SHARE));
    if (r.status() == Status.ANSWERED) {
      return r;
    }
    return r.article() == null ? null : answerer.article(r.article().id(), v.question()).orElse(null);
  }

  /** A page of a subject's articles, linked on the site. */
  private Message page(Catalog.Page p) {
    return Screens.page(p, answerer.config().siteBaseUrl());
  }

  /**
   * The answer a vote is about: the message holding the buttons (its channel and timestamp), or,
   * when Slack does not say, the article and question. At most 255 characters (stores key on it).
   */
  static String answerId(String channel, String messageTs, ActionValue v) {
    String id = channel != null && messageTs != null ? channel + "/" + messageTs : "article/" + v.article() + "/" + v.question();
    return id.length() <= 255 ? id : id.substring(0, 255);
  }

  private static Message thanks(FeedbackStore.VoteOutcome vote, boolean up) {
    String text =
        switch (vote) {
          case NEW -> up ? "Thanks! Glad it helped." : "Thanks for telling me. I've logged it so the answer can be improved.";
          case CHANGED -> up ? "Changed your vote to 👍 helpful. Thanks!" : "Changed your vote to 👎 not helpful. I've logged it so the answer can be improved.";
          case UNCHANGED -> up ? "You've already marked this answer as helpful." : "You've already marked this answer as not helpful.";
        };
    return BlockKitRenderer.notice(text, text);
  }

  private Optional<String> articleSubject(String id) {
    return id.isEmpty() || library.current() == null
        ? Optional.empty()
        : answerer.article(id, "").map(r -> r.article().subject());
  }

  private static Message gone() {
    return BlockKitRenderer.notice(
        "That article is no longer in the library (it may have been reloaded). Ask again and I'll look it up.",
        "That article is no longer in the library.");
  }

  // ---------------------------------------------------------------- delivery

  private void postPublicly(String channel, String user, String threadTs, Message m) {
    api.postMessage(channel, threadTs, m).thenAccept(o -> {
      if (!o.ok() && user != null) {
        api.postEphemeral(channel, user, threadTs, BlockKitRenderer.notice(
            "Sorry, I couldn't post my answer (" + Mrkdwn.escape(o.error()) + "). Please try again in a moment.",
            "Sorry, I couldn't post my answer."));
      }
    });
  }

  private void respondPrivately(String url, String channel, String user, Message m) {
    api.respond(url, "ephemeral", false, m).thenAccept(o -> {
      if (!o.ok() && channel != null && user != null) {
        api.postEphemeral(channel, user, null, BlockKitRenderer.notice(
            "Sorry, I couldn't send my answer (" + Mrkdwn.escape(o.error()) + "). Please try again in a moment.",
            "Sorry, I couldn't send my answer."));
      }
    });
  }

  private void publishHome(String user) {
    CorpusIndex index = library.current();
    if (index == null) {
      return;
    }
    api.publishHome(user, Screens.home(commands, index, catalog.subjects(), isAdmin(user), library.lastReload()));
  }

  /** Stops the pools and the HTTP client; replies still queued are dropped. */
  @Override
  public void close() {
    try {
      unanswered.close();
    } catch (Exception e) {
      log.accept("removing the unanswered-question listener failed: " + e);
    }
    workers.shutdown();
    scheduler.shutdownNow();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      app.stop();
      slack.close();
    } catch (Exception e) {
      log.accept("closing the Slack client failed: " + e);
    }
  }

  /** Work waiting or running on the pool (tests check nothing is left behind). */
  int pendingWork() {
    return workers.getQueue().size() + workers.getActiveCount();
  }
}

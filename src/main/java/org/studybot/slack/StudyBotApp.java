package org.studybot.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
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
import org.studybot.intake.Handler;
import org.studybot.intake.Intake;
import org.studybot.intake.IntakeSettings;
import org.studybot.metrics.Metrics;
import org.studybot.reply.ActionValue;
import org.studybot.reply.BlockKitRenderer;
import org.studybot.reply.BlockKitRenderer.Message;
import org.studybot.reply.BlockKitRenderer.Options;
import org.studybot.reply.Mrkdwn;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;
import org.studybot.search.CorpusIndex;
import org.studybot.store.Work;
import org.studybot.store.WorkQueue;
import org.studybot.usage.UsageCounts;
import org.studybot.usage.UsageRecorder;
import org.studybot.usage.Week;

/**
 * StudyBot's Bolt app: the handlers for mentions, DMs, slash commands, buttons and the App Home.
 * Every handler records its request in the durable {@link Intake} (the store's work queue) and
 * acks at once, so Slack always gets its ack within 3 s and nothing acknowledged is lost; the
 * intake's workers then answer ({@link #handle}) and mark each item done once Slack took the
 * answer. A request the intake refuses (a student or channel asking too fast, the replica full) is
 * acknowledged and the student told: at once in a slash command's ack, else privately, at most
 * once per {@code intake.notice_every}. Thread-safe.
 *
 * <p>Where replies go: a mention is answered in a thread under it, a DM in the DM; slash commands
 * and clicks on private messages answer through the interaction's response URL (it works in any
 * channel, even one the bot is not in), and private notices in public threads use {@code
 * chat.postEphemeral}. When posting fails, the student is told privately where possible.
 *
 * <p>Replies come from the {@link Answerer}; this class only renders them. Questions it could not
 * answer well are logged by the {@link UnansweredLog} listener it installs for as long as it runs,
 * and with {@link #countUsage} every answer and vote is counted for the admins' 7-day view, each
 * with the workspace that asked ({@link Workspace#current()} on the answering thread).
 */
public final class StudyBotApp implements AutoCloseable {
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,30}");
  /** Threads that make Web API calls; the intake's workers bound how many calls are wanted at once. */
  private static final int WORKERS = 4;
  /** Why a request handed over before its commit was not delivered: the commit failed. */
  private static final String NOT_RECORDED = "not recorded in the store";
  private static final int QUEUE = 2_000;
  /** Button payloads are kept in the store as Slack sent them (snake_case JSON). */
  private static final Gson PAYLOADS = GsonFactory.createSnakeCase();
  static final String SLOW_DOWN =
      "You're sending me questions faster than I can answer them, so I skipped some. "
          + "Please wait a few seconds and ask again, one question at a time.";
  static final String BUSY = "I'm very busy right now and couldn't take that. Please try again in a minute.";
  static final String UNAVAILABLE =
      "I can't take questions right now (my storage is not answering). Please try again in a minute.";
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
  private volatile UsageCounts usageCounts;
  private volatile UsageRecorder usage;
  private volatile AutoCloseable usageListener;
  private final App app;
  private final Clock clock;
  private final IntakeSettings intakeSettings;
  private final Intake intake;

  /**
   * @param queue where acknowledged requests are recorded until answered
   * @param owner this replica's name in the queue ({@link Intake#ownerFor})
   * @param clock when requests are accepted
   * @param log told about refusals and failures, one line at a time (never secrets or message text)
   */
  public StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, WorkQueue queue, String owner,
      Clock clock, Consumer<String> log) {
    this(settings, answerer, feedback, queue, owner, clock, log, null);
  }

  /** As above; {@code later} (tests) replaces the scheduler that waits out rate limits (and the intake's pause). */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, WorkQueue queue, String owner,
      Clock clock, Consumer<String> log, WebApi.Later later) {
    this(settings, answerer, feedback, EventLedger.inMemory(), BotTokens.single(settings.botToken()), queue, owner,
        clock, log, later);
  }

  /**
   * As above, with the ledger of events already handled ({@code later}: see above, {@code null}
   * for the default).
   */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, EventLedger events, WorkQueue queue,
      String owner, Clock clock, Consumer<String> log, WebApi.Later later) {
    this(settings, answerer, feedback, events, BotTokens.single(settings.botToken()), queue, owner, clock, log, later);
  }

  /** As above, answering each workspace with its own bot ({@code tokens}). */
  StudyBotApp(SlackSettings settings, Answerer answerer, FeedbackStore feedback, EventLedger events, BotTokens tokens,
      WorkQueue queue, String owner, Clock clock, Consumer<String> log, WebApi.Later later) {
    this.events = events;
    this.clock = clock;
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
    this.intakeSettings = intakeSettings(answerer.config());
    this.intake = new Intake(intakeSettings, queue, owner, this::handle, clock,
        com.github.benmanes.caffeine.cache.Ticker.systemTicker(), log);
    if (later == null) {
      // Tests that skip the waits (later) skip the pause too.
      api.onRateLimited(intake::pause);
    }
    this.app = app(settings, slack, tokens, log);
    register();
    this.unanswered = answerer.listen(new UnansweredLog(feedback, StudyBotApp::currentTeam));
  }

  /**
   * Counts every answer and vote from now on in {@code counts} (the store's, shared by every
   * replica), per workspace and day; {@code /studybot stats} and the admins' App Home read them
   * back. Call once, before the intake starts.
   */
  void countUsage(UsageCounts counts) {
    UsageRecorder recorder = new UsageRecorder(counts, StudyBotApp::currentTeam);
    usageCounts = counts;
    usage = recorder;
    usageListener = answerer.listen(recorder);
  }

  /** The workspace whose request this thread is answering, or {@code ""}. */
  private static String currentTeam() {
    Workspace w = Workspace.current();
    return w == null || w.teamId() == null ? "" : w.teamId();
  }

  /**
   * Whose numbers an admin sees: with installations in many workspaces, only the workspace they
   * ask from; with one workspace's token, everything in the store (that workspace's, and the
   * shell's questions recorded beside them), {@code null}.
   */
  private String scope() {
    return tokens.oauth() ? currentTeam() : null;
  }

  private static IntakeSettings intakeSettings(BotConfig config) {
    try {
      return IntakeSettings.from(config.section("intake"));
    } catch (org.studybot.config.ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Resumes what is pending in the store and starts answering. */
  void startIntake() {
    intake.start();
  }

  /** The intake (for health and the stop's drain). */
  Intake intake() {
    return intake;
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
      return ack(ctx, command("ask", p, text));
    });
    app.command(commands.study(), (req, ctx) -> {
      SlashCommandPayload p = req.getPayload();
      String text = SlackText.plain(p.getText());
      return ack(ctx, command("study", p, text));
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
      Intake.Admission a = intake.offer(command(sub, p, ""), false);
      if (!a.willBeAnswered()) {
        return ctx.ack(text(a));
      }
      return sub.equals("reload") ? ctx.ack("Reloading the articles…") : ctx.ack();
    });

    app.event(AppMentionEvent.class, (payload, ctx) -> {
      AppMentionEvent e = payload.getEvent();
      boolean ignore = e.getBotId() != null || e.getSubtype() != null || e.getEdited() != null || e.getUser() == null
          || e.getUser().equals(ctx.getBotUserId())
          // In a DM the message event answers; answering the mention too would say it twice.
          || (e.getChannel() != null && e.getChannel().startsWith("D"));
      if (!ignore && !events.seen(payload.getEventId())) {
        String thread = e.getThreadTs() != null ? e.getThreadTs() : e.getTs();
        JsonObject w = new JsonObject();
        w.addProperty("text", e.getText());
        w.addProperty("channel", e.getChannel());
        w.addProperty("user", e.getUser());
        w.addProperty("thread", thread);
        Work work = new Work("mention", eventKey(payload.getEventId()), team(payload.getTeamId()), e.getUser(),
            e.getChannel(), withWorkspace(w), clock.instant(), null);
        if (!offerEvent(work, payload.getEventId(), thread)) {
          throw new NotRecorded("mention");
        }
      }
      return ctx.ack();
    });
    app.event(MessageEvent.class, (payload, ctx) -> {
      MessageEvent e = payload.getEvent();
      boolean ignore = !"im".equals(e.getChannelType()) || e.getBotId() != null || e.getSubtype() != null
          || e.getEdited() != null || e.getUser() == null || e.getUser().equals(ctx.getBotUserId());
      if (!ignore && !events.seen(payload.getEventId())) {
        JsonObject w = new JsonObject();
        w.addProperty("text", e.getText());
        w.addProperty("channel", e.getChannel());
        w.addProperty("user", e.getUser());
        if (e.getThreadTs() != null) {
          w.addProperty("thread", e.getThreadTs());
        }
        Work work = new Work("dm", eventKey(payload.getEventId()), team(payload.getTeamId()), e.getUser(),
            e.getChannel(), withWorkspace(w), clock.instant(), null);
        if (!offerEvent(work, payload.getEventId(), e.getThreadTs())) {
          throw new NotRecorded("dm");
        }
      }
      return ctx.ack();
    });
    app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
      AppHomeOpenedEvent e = payload.getEvent();
      if ("home".equals(e.getTab()) && e.getUser() != null && !events.seen(payload.getEventId())) {
        JsonObject w = new JsonObject();
        w.addProperty("user", e.getUser());
        Work work = new Work("home", eventKey(payload.getEventId()), team(payload.getTeamId()), e.getUser(), null,
            withWorkspace(w), clock.instant(), null);
        // A refused home view is not worth a notice: the tab shows the last one, and the next open
        // publishes it again.
        if (intake.offer(work, false) != Intake.Admission.UNAVAILABLE) {
          events.remember(payload.getEventId());
        }
      }
      return ctx.ack();
    });

    app.blockAction(Pattern.compile("^studybot_.*"), (req, ctx) -> {
      BlockActionPayload p = req.getPayload();
      String user = p.getUser() == null ? null : p.getUser().getId();
      String channel = p.getChannel() != null ? p.getChannel().getId()
          : p.getContainer() != null ? p.getContainer().getChannelId() : null;
      String key = actionKey(p);
      JsonObject w = new JsonObject();
      w.add("action", PAYLOADS.toJsonTree(p));
      Work work = new Work("button", key, team(p.getTeam() == null ? null : p.getTeam().getId()), user, channel,
          withWorkspace(w), clock.instant(), clock.instant().plus(intakeSettings.responseUrlValid()));
      Intake.Admission a = intake.offer(work, false);
      if (a == Intake.Admission.UNAVAILABLE && isVote(p)) {
        // The store cannot record the click (a full disk), and Slack never sends an interaction
        // again: the vote is taken now instead, held by the feedback store until it can write, and
        // thanked, rather than lost behind a "try again".
        onAction(p);
      } else if (!a.willBeAnswered() && intake.shouldTell(user)) {
        api.respond(p.getResponseUrl(), "ephemeral", false, refusal(a));
      }
      return ctx.ack();
    });
  }

  /** A slash command as work: answered through its response URL while that works (30 minutes). */
  private Work command(String kind, SlashCommandPayload p, String text) {
    JsonObject w = new JsonObject();
    w.addProperty("text", text);
    w.addProperty("response_url", p.getResponseUrl());
    w.addProperty("channel", p.getChannelId());
    w.addProperty("user", p.getUserId());
    Instant now = clock.instant();
    String key = p.getTriggerId() != null ? "cmd:" + p.getTriggerId() : "cmd:" + UUID.randomUUID();
    return new Work(kind, key, team(p.getTeamId()), p.getUserId(), p.getChannelId(), withWorkspace(w), now,
        now.plus(intakeSettings.responseUrlValid()));
  }

  /** Acks a slash command: empty when it will be answered, else what the student should do. */
  private Response ack(SlashCommandContext ctx, Work work) {
    Intake.Admission a = intake.offer(work, false);
    return a.willBeAnswered() ? ctx.ack() : ctx.ack(text(a));
  }

  /**
   * Offers an event not seen before; a refused one is acknowledged and its student told privately
   * (once per notice interval). The ledger remembers the event only now that the intake decided
   * (its work key is what makes two deliveries at once record it once). False when the store
   * could not record it: then it is not acknowledged, so Slack's next delivery is handled.
   */
  private boolean offerEvent(Work work, String eventId, String thread) {
    Intake.Admission a = intake.offer(work, work.kind().equals("mention"));
    if (a == Intake.Admission.UNAVAILABLE) {
      return false;
    }
    events.remember(eventId);
    if (!a.willBeAnswered() && intake.shouldTell(work.user())) {
      api.postEphemeral(work.channel(), work.user(), work.kind().equals("mention") ? thread : null, refusal(a));
    }
    return true;
  }

  /** Whether the click is a 👍 or 👎 on an answer. */
  private static boolean isVote(BlockActionPayload p) {
    String id = p.getActions() == null || p.getActions().isEmpty() ? null : p.getActions().get(0).getActionId();
    return BlockKitRenderer.ACTION_UP.equals(id) || BlockKitRenderer.ACTION_DOWN.equals(id);
  }

  /** A click's key: its trigger and the button (and when it was pressed), unique per click. */
  private static String actionKey(BlockActionPayload p) {
    if (p.getTriggerId() == null || p.getActions() == null || p.getActions().isEmpty()) {
      return "act:" + UUID.randomUUID();
    }
    BlockActionPayload.Action a = p.getActions().get(0);
    String key = "act:" + p.getTriggerId() + "/" + a.getActionId() + "/" + a.getActionTs();
    return key.length() <= 255 ? key : "act:" + UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The current workspace's team, else the one the payload names. */
  private static String team(String fromPayload) {
    Workspace w = Workspace.current();
    return w != null && w.teamId() != null ? w.teamId() : fromPayload;
  }

  /**
   * {@code w} with the current workspace's organisation, so the worker that answers it later, on
   * another thread, answers as the same workspace's bot.
   */
  private static String withWorkspace(JsonObject w) {
    Workspace ws = Workspace.current();
    if (ws != null && ws.enterpriseId() != null) {
      w.addProperty("enterprise", ws.enterpriseId());
    }
    return w.toString();
  }

  /** The work key of an event: its id, so every delivery of it (a retry, to any replica) is one item. */
  static String eventKey(String eventId) {
    return eventId == null || eventId.isEmpty() ? "ev:" + UUID.randomUUID() : "ev:" + eventId;
  }

  private static String text(Intake.Admission a) {
    return switch (a) {
      case SLOW_DOWN -> SLOW_DOWN;
      case BUSY -> BUSY;
      default -> UNAVAILABLE;
    };
  }

  private static Message refusal(Intake.Admission a) {
    return BlockKitRenderer.notice(Mrkdwn.escape(text(a)), text(a));
  }

  // ---------------------------------------------------------------- the intake's deliveries

  /**
   * Delivers one recorded request (called by the intake's workers), as the bot of the workspace it
   * came from.
   */
  private CompletableFuture<Handler.Result> handle(Handler.Job job) {
    Work w = job.item().work();
    JsonObject p;
    try {
      p = JsonParser.parseString(w.payload()).getAsJsonObject();
    } catch (RuntimeException e) {
      log.accept("a " + w.kind() + " could not be read back: " + e.getClass().getSimpleName());
      return CompletableFuture.completedFuture(Handler.Result.failed(e.getClass().getSimpleName()));
    }
    Workspace ws = w.team() == null && !p.has("enterprise") ? null : new Workspace(string(p, "enterprise"), w.team());
    // The event's id and team go in the MDC for the answer's log lines, as when it arrived.
    if (w.key().startsWith("ev:")) {
      MDC.put("event_id", w.key().substring(3));
    }
    if (w.team() != null) {
      MDC.put("team", w.team());
    }
    try {
      return Workspace.get(ws, () -> handle(job, w, p));
    } finally {
      MDC.remove("event_id");
      MDC.remove("team");
    }
  }

  private CompletableFuture<Handler.Result> handle(Handler.Job job, Work w, JsonObject p) {
    // An answer in a conversation (the busy path) is worked out while the request's record is
    // still committing, and waits for it before it is posted; everything else waits first.
    // Nothing is sent for a request the store did not record (it was not acknowledged either).
    boolean conversation = w.kind().equals("mention") || w.kind().equals("dm");
    if (!conversation && !job.awaitRecorded()) {
      return CompletableFuture.completedFuture(Handler.Result.failed(NOT_RECORDED));
    }
    CompletableFuture<WebApi.Outcome> sent;
    try {
      if (w.kind().equals("button")) {
        sent = onAction(PAYLOADS.fromJson(p.get("action"), BlockActionPayload.class));
      } else {
        String text = string(p, "text");
        String url = string(p, "response_url");
        String channel = string(p, "channel");
        String user = string(p, "user");
        String intro = job.late() ? lateIntro(job.waited()) : "";
        sent = switch (w.kind()) {
          case "mention" -> answerInConversation(job, text, channel, user, string(p, "thread"), MENTION, intro);
          case "dm" -> answerInConversation(job, text, channel, user, string(p, "thread"), DM, intro);
          case "ask" -> respondPrivately(url, channel, user, renderer.render(
              answerer.answer(new Question(text, null, Question.DEFAULT_LIMIT, ASK)), Options.privately()));
          case "study" -> respondPrivately(url, channel, user, study(text));
          case "stats" -> respondPrivately(url, channel, user, stats());
          case "gaps" -> respondPrivately(url, channel, user, Screens.gaps(feedback.gaps(scope(), 10, 5)));
          case "reload" -> library.reload().handle((report, error) -> error != null
                  ? BlockKitRenderer.notice("Reload failed: " + Mrkdwn.escape(String.valueOf(error)), "Reload failed: " + error)
                  : Screens.reload(report))
              .thenCompose(m -> respondPrivately(url, channel, user, m));
          case "home" -> publishHome(user);
          default -> CompletableFuture.completedFuture(WebApi.Outcome.refused("unknown work " + w.kind()));
        };
      }
    } catch (RuntimeException e) {
      log.accept("a " + w.kind() + " could not be answered: " + e.getClass().getSimpleName());
      return CompletableFuture.completedFuture(Handler.Result.failed(e.getClass().getSimpleName()));
    }
    return sent
        .thenCompose(o -> o.ok() || !o.retryable() || !job.lastAttempt()
            ? CompletableFuture.completedFuture(o)
            : tellUndelivered(w, o))
        .handle((o, error) -> {
          if (error != null) {
            countRetry(job);
            return Handler.Result.retry(error.getClass().getSimpleName());
          }
          if (!o.ok() && o.retryable()) {
            countRetry(job);
            return Handler.Result.retry(o.error());
          }
          return o.ok() ? Handler.Result.DELIVERED : Handler.Result.failed(o.error());
        });
  }

  /** A delivery the intake will try again (after the last attempt nothing follows). */
  private void countRetry(Handler.Job job) {
    if (!job.lastAttempt()) {
      metrics.retried("intake");
    }
  }

  /** Slack stayed down through every attempt: the student hears that rather than nothing. */
  private CompletableFuture<WebApi.Outcome> tellUndelivered(Work w, WebApi.Outcome o) {
    log.accept("a " + w.kind() + " could not be delivered after every attempt (" + o.error() + "); telling the student");
    if (w.channel() == null || w.user() == null) {
      return CompletableFuture.completedFuture(o);
    }
    String thread = null;
    if (w.kind().equals("mention")) {
      thread = string(JsonParser.parseString(w.payload()).getAsJsonObject(), "thread");
    }
    return api.postEphemeral(w.channel(), w.user(), thread, BlockKitRenderer.notice(
        "Sorry, I couldn't post my answer (" + Mrkdwn.escape(o.error()) + "). Please try again in a moment.",
        "Sorry, I couldn't post my answer."));
  }

  private static String string(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
  }

  /** Said above an answer that comes late (the bot was restarting, or Slack was down). */
  static String lateIntro(Duration waited) {
    long minutes = waited.toMinutes();
    String ago = minutes < 1 ? waited.toSeconds() + " seconds" : minutes == 1 ? "a minute" : minutes + " minutes";
    return "_Sorry this is late: you asked " + ago + " ago, while I was restarting or Slack was unavailable._";
  }

  // ---------------------------------------------------------------- answering

  private CompletableFuture<WebApi.Outcome> answerInConversation(
      Handler.Job job, String raw, String channel, String user, String threadTs, String frontEnd, String intro) {
    Reply r = answerer.answer(Question.of(SlackText.plain(raw)).from(frontEnd));
    if (!job.awaitRecorded()) {
      return CompletableFuture.completedFuture(WebApi.Outcome.refused(NOT_RECORDED));
    }
    Options o = Options.inConversation();
    return postPublicly(channel, user, threadTs,
        renderer.render(r, intro.isEmpty() ? o : new Options(o.ephemeral(), o.share(), o.feedback(), intro)));
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

  private CompletableFuture<WebApi.Outcome> onAction(BlockActionPayload p) {
    if (p.getActions() == null || p.getActions().isEmpty()) {
      return CompletableFuture.completedFuture(WebApi.Outcome.OK);
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
      return CompletableFuture.completedFuture(WebApi.Outcome.OK);
    }
    String url = p.getResponseUrl();
    if (id.equals(BlockKitRenderer.ACTION_UP) || id.equals(BlockKitRenderer.ACTION_DOWN)) {
      boolean up = id.equals(BlockKitRenderer.ACTION_UP);
      String subject = articleSubject(v.article()).orElse(v.subject());
      FeedbackStore.VoteOutcome vote = feedback.vote(new FeedbackStore.Vote(
          user, answerId(channel, messageTs, v), up, v.question(), subject, v.article(), currentTeam()));
      UsageRecorder counted = usage;
      if (counted != null) {
        counted.voted(up, vote);
      }
      Message thanks = thanks(vote, up);
      if (vote != FeedbackStore.VoteOutcome.UNCHANGED) {
        metrics.feedback(up); // a changed vote counts once more, the other way: both were cast
      }
      if (v.ephemeral()) {
        return api.respond(url, "ephemeral", false, thanks);
      } else {
        return api.postEphemeral(channel, user, thread, thanks);
      }
    } else if (id.equals(BlockKitRenderer.ACTION_SHARE)) {
      Reply r = v.article().isEmpty() ? sharable(v) : answerer.article(v.article(), v.question()).orElse(null);
      if (r == null) {
        return api.respond(url, "ephemeral", false, gone());
      }
      // The question is quoted as plain text: escaped, emphasis neutralised, verbatim (no
      // mentions, channel links or URLs made from it); links the student typed were dropped on input.
      String intro = who(user, "Someone") + " shared an answer to: " + Mrkdwn.italic(v.question());
      Message m = renderer.render(r, new Options(false, false, true, intro));
      return api.respond(url, "in_channel", false, m).thenCompose(o -> {
        if (o.ok()) {
          // The share is what counts; the confirmation is a courtesy.
          api.respond(url, "ephemeral", true, BlockKitRenderer.notice("Shared in the channel.", "Shared in the channel."));
          return CompletableFuture.completedFuture(o);
        }
        if (o.retryable()) {
          return CompletableFuture.completedFuture(o);
        }
        return api.respond(url, "ephemeral", false, BlockKitRenderer.notice(
            "Sorry, I couldn't share that here (" + Mrkdwn.escape(o.error()) + ").", "Sorry, I couldn't share that here."));
      });
    } else if (id.startsWith(BlockKitRenderer.ACTION_ALTERNATIVE)) {
      Optional<Reply> r = answerer.article(v.article(), v.question());
      return deliverChoice(v, url, channel, user, thread, dm, r.orElse(null), "picked");
    } else if (id.startsWith(BlockKitRenderer.ACTION_SUBJECT)) {
      if (v.question().isBlank()) {
        Message m = catalog.page(v.subject(), 1, Screens.PAGE_SIZE).map(this::page).orElseGet(StudyBotApp::gone);
        return api.respond(url, "ephemeral", true, m);
      }
      Reply r = answerer.answer(new Question(v.question(), v.subject(), Question.DEFAULT_LIMIT, STUDY));
      return deliverChoice(v, url, channel, user, thread, dm, r, "searched " + v.subject() + " for");
    } else if (id.startsWith(Screens.ACTION_PAGE)) {
      Message m = catalog.page(v.subject(), v.page(), Screens.PAGE_SIZE).map(this::page).orElseGet(StudyBotApp::gone);
      return api.respond(url, "ephemeral", true, m);
    }
    return CompletableFuture.completedFuture(WebApi.Outcome.OK);
  }

  private CompletableFuture<WebApi.Outcome> deliverChoice(
      ActionValue v, String url, String channel, String user, String thread, boolean dm, Reply r, String verb) {
    if (r == null) {
      return api.respond(url, "ephemeral", false, gone());
    } else if (v.ephemeral()) {
      return api.respond(url, "ephemeral", true, renderer.render(r, Options.privately()));
    } else {
      // In a DM the student knows who asked: no intro naming them.
      String intro = dm ? "" : who(user, "Someone") + " " + Mrkdwn.literal(verb) + ": " + Mrkdwn.italic(v.question());
      return postPublicly(channel, user, thread, renderer.render(r, new Options(false, false, true, intro)));
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

  /**
   * Posts in the conversation. When Slack refuses the post for good, the student is told privately
   * instead, and that notice is the delivery; when Slack is only unavailable, the outcome says so
   * and the intake tries again later (no notice yet: the answer may still come).
   */
  private CompletableFuture<WebApi.Outcome> postPublicly(String channel, String user, String threadTs, Message m) {
    return api.postMessage(channel, threadTs, m).thenCompose(o -> {
      if (o.ok() || o.retryable() || user == null) {
        return CompletableFuture.completedFuture(o);
      }
      return api.postEphemeral(channel, user, threadTs, BlockKitRenderer.notice(
          "Sorry, I couldn't post my answer (" + Mrkdwn.escape(o.error()) + "). Please try again in a moment.",
          "Sorry, I couldn't post my answer."));
    });
  }

  /** Answers through a response URL; as {@link #postPublicly} when that fails. */
  private CompletableFuture<WebApi.Outcome> respondPrivately(String url, String channel, String user, Message m) {
    return api.respond(url, "ephemeral", false, m).thenCompose(o -> {
      if (o.ok() || o.retryable() || channel == null || user == null) {
        return CompletableFuture.completedFuture(o);
      }
      return api.postEphemeral(channel, user, null, BlockKitRenderer.notice(
          "Sorry, I couldn't send my answer (" + Mrkdwn.escape(o.error()) + "). Please try again in a moment.",
          "Sorry, I couldn't send my answer."));
    });
  }

  private CompletableFuture<WebApi.Outcome> publishHome(String user) {
    CorpusIndex index = library.current();
    if (index == null) {
      return CompletableFuture.completedFuture(WebApi.Outcome.unavailable("content_not_loaded"));
    }
    boolean admin = isAdmin(user);
    return api.publishHome(user, Screens.home(commands, catalog.subjects(), admin ? status() : null));
  }

  /** {@code /studybot stats}: the asking admin's workspace's last 7 days and how the bot is serving. */
  private Message stats() {
    return Screens.stats(status());
  }

  /**
   * What admins see: the last 7 days of their workspace (read from the store) and the corpus and
   * replicas; when the store does not answer, the rest without the days.
   */
  private Screens.Status status() {
    UsageCounts counts = usageCounts;
    String scope = scope();
    Week week = null;
    if (counts != null) {
      try {
        week = Week.of(counts, scope);
      } catch (RuntimeException e) {
        log.accept("the usage counts could not be read: " + e.getMessage());
      }
    }
    return new Screens.Status(library.current(), week,
        scope == null ? "everything in this bot's store" : "workspace " + scope, answerer.cachedReplies(), library.lastReload(),
        library.contentStatus(), library.replicaStatus(), library.semanticStatus(), feedback.held());
  }

  /**
   * Stops the intake (drains for at most {@code intake.drain}, leaves the rest pending in the
   * store), then the pools and the HTTP client.
   */
  @Override
  public void close() {
    intake.close();
    try {
      unanswered.close();
      if (usageListener != null) {
        usageListener.close();
      }
    } catch (Exception e) {
      log.accept("removing the answer listeners failed: " + e);
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

  /** Work held by the intake or waiting or running on the pool (tests check nothing is left behind). */
  int pendingWork() {
    return intake.counts().held() + workers.getQueue().size() + workers.getActiveCount();
  }
}

package org.studybot.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.answer.Question;
import org.studybot.answer.UnansweredLog;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.ConfigLoader;
import org.studybot.config.Secrets;
import org.studybot.content.CorpusLoader;
import org.studybot.content.LastGood;
import org.studybot.content.LoadResult;
import org.studybot.content.Problem;
import org.studybot.logging.LoggingSettings;
import org.studybot.logging.Logs;
import org.studybot.reply.JsonReplies;
import org.studybot.reply.Reply;
import org.studybot.reply.TextRenderer;
import org.studybot.search.CorpusIndex;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.Semantic;
import org.studybot.semantic.VectorCache;
import org.studybot.semantic.VectorStore;
import org.studybot.store.SharedVectors;
import org.studybot.store.Store;
import org.studybot.store.StoreException;
import org.studybot.store.StoreFeedback;
import org.studybot.store.StoreSettings;
import org.studybot.usage.UsageRecorder;
import org.studybot.source.ContentSource;
import org.studybot.source.ContentSources;
import org.studybot.source.SourceUpdate;

/**
 * StudyBot's command line. Streams and environment are injected and {@link #run} returns the exit
 * code, so tests call it directly; only {@link #main} exits.
 */
public final class Main {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  static final Set<String> VALUED = Set.of("content", "config", "subject", "limit", "set", "semantic", "distractors");
  static final Set<String> FLAGS = Set.of("json", "help", "full", "verbose", "fit", "no-wait", "quick");

  static final String HELP =
      """
      StudyBot: answers study questions from a library of Q&A articles.

      Usage: java -jar target/studybot.jar [command] [options]

      Commands:
        shell                  ask questions in the terminal (the default without Slack tokens)
        serve                  run the Slack bot (the default when SLACK_BOT_TOKEN, or
                               SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, are set)
        ask [--subject S] [--limit K] [--json] [--full] QUESTION...
                               answer one question (--limit: results in the JSON, 1-100)
        query [--subject S] [--limit K] [--no-wait]
                               read questions from standard input, one per line (text or
                               {"q": "...", "subject": "..."}), write one JSON object per line;
                               waits for the articles' vectors first unless --no-wait
        validate               check every article; exit 1 if any problem
        index                  build the vector cache and index under data_dir for the content,
                               then exit (a deploy step: the bot then starts with nothing to embed);
                               a progress bar on a terminal, progress lines otherwise
        migrate                create or upgrade the store's schema, then exit (see README: Store)
        subjects               list the subjects, their slugs and article counts
        eval [--set DIR] [--verbose] [--fit] [--distractors DIR] [--no-wait] [--quick]
                               measure matching on an evaluation set (default: the one bundled in
                               the jar, a copy of src/test/resources/eval),
                               optionally with the articles under DIR loaded beside the content;
                               waits for the articles' vectors first unless --no-wait; --quick
                               measures the interim state of a large cold start instead (every
                               article by its quick pass's vector, the interim calibration);
                               --fit refits the confidence (with --distractors, on both)

      Options for every command:
        --content DIR          the articles (default: content_dir from the config, content/)
        --config FILE          the configuration (default config/studybot.yml)
        --semantic on|off      override search.semantic
        --help                 this text

      Exit codes: 0 ok, 1 failure, 2 usage.
      """;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  /** Where progress and problems go: {@code studybot: } lines on err until the config says otherwise. */
  private Consumer<String> logLines;
  private boolean allowEmpty;
  /** The {@code store} section, parsed once by {@link #config} with the rest of the configuration. */
  private StoreSettings storeSettings;
  /** The embedding model every command uses; {@code null}: the configured one. */
  private Supplier<? extends Embedder> embedder;
  /** Whether standard error is a terminal (a progress bar) rather than a log or a pipe. */
  private boolean terminal = System.console() != null;

  public Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = env;
    this.logLines = line -> err.println("studybot: " + line);
  }

  /** The embedding model to use instead of the configured one (tests hold it at a latch). */
  Main embedder(Supplier<? extends Embedder> model) {
    this.embedder = model;
    return this;
  }

  /** Whether standard error is a terminal, instead of asking {@link System#console()}. */
  Main terminal(boolean isTerminal) {
    this.terminal = isTerminal;
    return this;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(new Main(System.in, out, err, System.getenv()).run(args));
  }

  /** Runs one command line; returns the exit code. */
  public int run(String... argv) {
    Args a;
    try {
      a = Args.parse(argv, VALUED, FLAGS);
    } catch (Usage u) {
      err.println("studybot: " + u.getMessage());
      err.println("Try --help.");
      return USAGE;
    }
    if (a.flag("help") || "help".equals(a.command)) {
      out.print(HELP);
      return OK;
    }
    try {
      BotConfig config = config(a);
      logLines = Logs.start(LoggingSettings.from(config.section("logging")), err);
      Secrets secrets = Secrets.fromEnv(env);
      String command = a.command != null ? a.command : secrets.hasSlack() ? "serve" : "shell";
      return switch (command) {
        case "shell" -> shell(config);
        case "ask" -> ask(a, config);
        case "query" -> query(a, config);
        case "validate" -> validate(config);
        case "index" -> index(a, config, secrets);
        case "subjects" -> subjects(config);
        case "eval" -> Eval.run(a, config, out, err, c -> measuring(start(c, null, a.flag("quick")), a));
        case "migrate" -> Migrate.run(config, storeSettings, secrets, out, err);
        case "serve" -> serve(config, secrets);
        default -> throw new Usage("unknown command \"" + command + "\"");
      };
    } catch (Usage u) {
      err.println("studybot: " + u.getMessage());
      err.println("Try --help.");
      return USAGE;
    } catch (ConfigException e) {
      err.println("studybot: " + e.getMessage());
      return FAILURE;
    } catch (UncheckedIOException e) {
      err.println("studybot: " + e.getCause().getMessage());
      return FAILURE;
    }
  }

  private BotConfig config(Args a) throws ConfigException, Usage {
    String file = a.option("config", null);
    BotConfig config =
        ConfigLoader.load(Path.of(file != null ? file : "config/studybot.yml"), file != null, env);
    BotConfig.Builder changed = config.toBuilder();
    if (a.options.containsKey("content")) {
      changed.contentDir(Path.of(a.option("content", "content")));
    }
    if (a.options.containsKey("semantic")) {
      String s = a.option("semantic", "on");
      if (!s.equals("on") && !s.equals("off")) {
        throw new Usage("--semantic takes on or off, not \"" + s + "\"");
      }
      changed.semantic(s.equals("on"));
    }
    config = changed.build();
    // Every package's own section is read once here, so a bad value stops start-up in any mode.
    org.studybot.slack.SlackCommands.from(config.section("slack"));
    storeSettings = StoreSettings.from(config.section("store"));
    org.studybot.ops.HttpSettings.from(config.section("http"), 0);
    allowEmpty = config.root().bool("allow_empty");
    ContentSources.git(config);
    return config;
  }

  /** Loads the corpus and builds the answerer, logging to standard error; vectors in the cache file. */
  Answerer start(BotConfig config) {
    return start(config, null);
  }

  /**
   * Loads the corpus and builds the answerer, logging to standard error, its article vectors shared
   * in {@code store} (every process on it embeds a text once), or with no store ({@code null}) in
   * the cache file under the data directory.
   */
  Answerer start(BotConfig config, Store store) {
    return start(config, store, false);
  }

  /** As {@link #start(BotConfig, Store)}; {@code interimOnly} as {@link Engine#start}'s (eval --quick). */
  Answerer start(BotConfig config, Store store, boolean interimOnly) {
    Secrets secrets;
    boolean git;
    try {
      secrets = Secrets.fromEnv(env);
      git = ContentSources.git(config).isPresent();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // read and checked before any command
    }
    // With a Git source the checkout under data_dir is the content; content_dir is not read.
    if (!git && !Files.isDirectory(config.contentDir())) {
      throw new UncheckedIOException(
          new IOException("content directory " + config.contentDir() + " does not exist (set content_dir or --content)"));
    }
    Answerer answerer =
        Engine.start(
            config, secrets, this::log, embedder,
            store == null ? null : model -> vectorsIn(store, model, config.dataDir()), interimOnly);
    CorpusIndex index = answerer.library().current();
    if ((index == null || index.size() == 0) && !allowEmpty) {
      answerer.library().close();
      var report = answerer.library().lastReload();
      String why = report == null ? "nothing loaded" : report.message();
      // A supervisor restarts a process that exits, not one that serves 503 forever.
      throw new UncheckedIOException(new IOException("no articles loaded from "
          + (git ? answerer.library().source().describe() : config.contentDir().toString()) + " (" + why
          + "); add articles there, point content_dir or --content at them, or set allow_empty: on to start anyway"));
    }
    return answerer;
  }

  /**
   * {@code answerer} once its corpus has its vectors: the commands that measure matching wait for
   * the background embedding of a cold start (unless {@code --no-wait}), so they measure words and
   * meaning, not words alone.
   */
  private Answerer measuring(Answerer answerer, Args a) {
    if (a.flag("no-wait")) {
      return answerer;
    }
    var status = answerer.library().semanticStatus();
    if (status.backlog() > 0) {
      log("waiting for " + String.format(java.util.Locale.ROOT, "%,d", status.backlog())
          + " articles to be embedded before answering (--no-wait answers by words meanwhile)");
    }
    try {
      answerer.library().awaitVectors();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while waiting for the article vectors", e));
    }
    return answerer;
  }

  /**
   * {@code index}: the vectors of the content the bot would serve, embedded (only those the cache
   * lacks) and indexed under {@code data_dir}, with progress on standard error.
   */
  private int index(Args a, BotConfig config, Secrets secrets) throws Usage, ConfigException {
    if (!a.words.isEmpty()) {
      throw new Usage("index takes no arguments, not \"" + String.join(" ", a.words) + "\"");
    }
    if (ContentSources.git(config).isEmpty() && !Files.isDirectory(config.contentDir())) {
      err.println("studybot: content directory " + config.contentDir() + " does not exist (set content_dir or --content)");
      return FAILURE;
    }
    ProgressBar bar = new ProgressBar(err, terminal);
    try {
      Engine.IndexReport r = Engine.index(config, secrets, bar::log, bar, embedder);
      out.printf(java.util.Locale.ROOT, "indexed %,d articles from %s: %,d embedded, %,d from the cache; vectors under %s%n",
          r.articles(), r.source(), r.embedded(), r.articles() - r.embedded(), config.dataDir());
      return OK;
    } catch (IllegalStateException e) {
      err.println("studybot: index: " + e.getMessage());
      return FAILURE;
    } catch (UncheckedIOException e) {
      err.println("studybot: index: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return FAILURE;
    }
  }

  /**
   * The article vectors of {@code embedder}'s model in {@code store}, shared by every process on
   * it; the cache file under {@code dataDir}, when there is one (a version before the store kept
   * it, or a command without a store), seeds the store, so an upgrade embeds nothing again.
   */
  private VectorStore vectorsIn(Store store, Embedder embedder, Path dataDir) {
    log("article vectors shared in the store (" + store.dialect().toString().toLowerCase(java.util.Locale.ROOT)
        + "): a text embedded once serves every replica");
    Path file = dataDir.resolve(Semantic.CACHE_FILE);
    VectorStore seed =
        Files.isRegularFile(file) ? VectorCache.open(file, embedder.modelId(), embedder.dimension(), this::log) : null;
    return new SharedVectors(store, embedder.modelId(), embedder.dimension(), seed, this::log);
  }

  private int shell(BotConfig config) throws ConfigException {
    // Questions the shell cannot answer well join the same store as Slack's, for the gaps report,
    // every question is counted there (workspace "") for the admins' stats, and it shares the
    // store's article vectors; a store that cannot be opened costs only those records (and vectors
    // go to the cache file), never the shell.
    Store store = null;
    try {
      store = openStore(config, Secrets.fromEnv(env));
    } catch (StoreException e) {
      log(e.getMessage() + "; unanswered questions are not recorded, nor counted");
    }
    Answerer answerer;
    try {
      answerer = start(config, store);
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      throw e;
    }
    if (store != null) {
      answerer.listen(new UnansweredLog(new StoreFeedback(store, "shell", this::log)));
      answerer.listen(new UsageRecorder(store.counters(), () -> ""));
      // Counts are written every few seconds, as in serve, so a shell stopped with Ctrl-C keeps them.
      store.startBackground(storeSettings.retention(), storeSettings.countsEvery(), this::log);
    }
    try {
      return new Shell(in, out, answerer, in == System.in && System.console() != null).run();
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  /** Opens (and migrates) the store the configuration and environment name, and logs which. */
  private Store openStore(BotConfig config, Secrets secrets) throws ConfigException {
    Store store = Store.open(storeSettings.target(secrets, config.dataDir()), secrets.encryptionKey(), Clock.systemUTC());
    log(store.toString() + (store.migrationsApplied() > 0
        ? " (migrated from schema " + store.schemaVersionBefore() + ")" : ""));
    return store;
  }

  /**
   * {@code serve}: the store first (acknowledged work and feedback live there, so a store that
   * cannot be opened stops start-up), then the Slack bot over it until shutdown.
   */
  private int serve(BotConfig config, Secrets secrets) throws ConfigException {
    Store store;
    try {
      store = openStore(config, secrets);
    } catch (StoreException e) {
      err.println("studybot: " + e.getMessage());
      return FAILURE;
    }
    try (store) {
      store.startBackground(storeSettings.retention(), storeSettings.countsEvery(), this::log);
      return org.studybot.slack.SlackLauncher.run(config, secrets, c -> start(c, store), store, out, err, logLines);
    }
  }

  private void log(String line) {
    logLines.accept(line);
  }

  private int ask(Args a, BotConfig config) throws Usage {
    String text = String.join(" ", a.words).strip();
    if (text.isEmpty()) {
      throw new Usage("ask needs a question: ask \"what is entropy?\"");
    }
    Answerer answerer = start(config);
    Reply r = answerer.answer(new Question(text, a.option("subject", null), limit(a)));
    out.print(a.flag("json") ? JsonReplies.full(r) + "\n" : new TextRenderer(a.flag("full")).render(r));
    return OK;
  }

  private static int limit(Args a) throws Usage {
    String l = a.option("limit", String.valueOf(Question.DEFAULT_LIMIT));
    try {
      int n = Integer.parseInt(l);
      if (n < 1 || n > 100) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Usage("--limit takes a number from 1 to 100, not \"" + l + "\"");
    }
  }

  private int query(Args a, BotConfig config) throws Usage {
    int limit = limit(a);
    String defaultSubject = a.option("subject", null);
    Answerer answerer = measuring(start(config), a);
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNo = 0;
    try {
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String q = line;
        String subject = defaultSubject;
        String trimmed = line.strip();
        if (trimmed.startsWith("{")) {
          try {
            JsonObject o = JsonParser.parseString(trimmed).getAsJsonObject();
            q = text(o.get("q"));
            if (q == null) {
              q = text(o.get("question"));
            }
            String s = text(o.get("subject"));
            if (s != null && !s.isBlank()) {
              subject = s;
            }
            if (q == null) {
              err.println("studybot: standard input line " + lineNo + ": a JSON question needs a \"q\" field");
              continue;
            }
          } catch (JsonSyntaxException | IllegalStateException | UnsupportedOperationException e) {
            err.println("studybot: standard input line " + lineNo + ": not a JSON object, read as text");
          }
        }
        Reply reply = answerer.answer(new Question(q, subject, limit));
        w.println(JsonReplies.line(q, subject, reply));
        w.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.flush();
      // Stops a background embedding (--no-wait) before the command returns.
      answerer.library().close();
    }
    return OK;
  }

  private static String text(JsonElement e) {
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
  }

  /**
   * Checks every article of the content the bot serves: {@code content_dir}, or with {@code
   * content.git.url} the checkout under {@code data_dir} as it is (cloned first if there is none;
   * not fetched, so it checks what is served). Articles that the bot serves from their last good
   * version are marked stale; nothing is written.
   */
  private int validate(BotConfig config) throws ConfigException {
    Path dir = config.contentDir();
    if (ContentSources.git(config).isPresent()) {
      try (ContentSource source = ContentSources.open(config, Secrets.fromEnv(env), line -> err.println("studybot: " + line))) {
        if (source.served().isEmpty()) {
          SourceUpdate cloned = source.update();
          if (!cloned.ok()) {
            err.println("studybot: " + cloned.failure());
            return FAILURE;
          }
        }
        dir = source.directory();
        out.println("checking commit " + source.served().map(Object::toString).orElse("?") + " in " + dir);
      }
    } else if (!Files.isDirectory(dir)) {
      err.println("studybot: content directory " + dir + " does not exist");
      return FAILURE;
    }
    LoadResult result =
        new CorpusLoader(
                config.limits().maxFileBytes(),
                LastGood.readOnly(config.dataDir().resolve(ContentSources.LAST_GOOD_FILE)))
            .load(dir);
    for (Problem p : result.problems()) {
      out.println(p);
    }
    for (String note : result.staleNotes()) {
      out.println(note.replaceFirst(": broken, still serving", ": stale: the bot still serves"));
    }
    out.println(result.summary());
    return result.problems().isEmpty() ? OK : FAILURE;
  }

  private int subjects(BotConfig config) {
    Answerer answerer = start(config);
    for (CorpusIndex.Subject s : answerer.library().current().subjects().values()) {
      out.printf("%-28s %-28s %5d%n", s.name(), s.key(), s.articles());
    }
    return OK;
  }
}

package org.studybot.answer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigException;
import org.studybot.config.Secrets;
import org.studybot.content.CorpusLoader;
import org.studybot.content.LastGood;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Matcher;
import org.studybot.semantic.ArticleVectors;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.OnnxEmbedder;
import org.studybot.semantic.Semantic;
import org.studybot.semantic.SentenceModel;
import org.studybot.semantic.VectorStore;
import org.studybot.source.ContentSource;
import org.studybot.source.ContentSources;
import org.studybot.source.ContentWebhook;
import org.studybot.source.GitContentSource;
import org.studybot.source.LocalDirectory;
import org.studybot.source.PushCoalescer;

/**
 * Assembles the answering engine from a configuration: the loader, the library (loaded once,
 * here), the matcher and the answerer. Every front end starts from here.
 *
 * <p>With {@code search.semantic: on} the index carries sentence embeddings and questions are
 * matched by words and meaning ({@link org.studybot.semantic.HybridMatcher}); off, or where the
 * model cannot run, by words alone ({@link LexicalMatcher}). The log says which.
 *
 * <p>The articles come from {@code content_dir}, or from a Git repository when {@code
 * content.git.url} is set; then, with {@code STUDYBOT_WEBHOOK_SECRET}, the library also carries the
 * push webhook route ({@link ContentWebhook}) for a front end's HTTP server to serve.
 */
public final class Engine {
  /** How long the content directory must be quiet after a change before it is reloaded. */
  static final java.time.Duration WATCH_QUIET = java.time.Duration.ofMillis(500);
  /** How long after the first push of a burst the reload runs: a CMS saving many files pushes often. */
  static final java.time.Duration PUSH_QUIET = java.time.Duration.ofSeconds(3);

  private Engine() {}

  /**
   * Loads the corpus and returns an answerer over it.
   *
   * @param log told about progress and problems, a line at a time
   */
  public static Answerer start(BotConfig config, Consumer<String> log) {
    return start(config, log, () -> embedder(config, log));
  }

  /** The embedding model, its native libraries under the data directory or, failing that, in the temp directory. */
  private static Embedder embedder(BotConfig config, Consumer<String> log) {
    SentenceModel model = SentenceModel.named(config.search().model()).orElseThrow(); // checked by the config
    try {
      return OnnxEmbedder.load(model, config.dataDir().resolve(Semantic.NATIVE_DIR));
    } catch (java.io.UncheckedIOException e) {
      // A read-only or full data directory must not cost semantic matching: unpack elsewhere.
      java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
          "studybot-native-" + System.getProperty("user.name", "user"));
      log.accept("cannot unpack native libraries under " + config.dataDir() + " (" + e.getCause().getMessage()
          + "); using " + tmp);
      return OnnxEmbedder.load(model, tmp);
    }
  }

  /**
   * Loads the corpus from the source the configuration names ({@code content_dir}, or {@code
   * content.git.url} with the token in {@code secrets}) and returns an answerer over it.
   *
   * @throws UncheckedIOException when a Git source has nothing to serve yet (the first clone
   *     failed); the message says why
   */
  public static Answerer start(BotConfig config, Secrets secrets, Consumer<String> log) {
    return start(config, secrets, log, null, null);
  }

  /**
   * As {@link #start(BotConfig, Secrets, Consumer)}, the article vectors kept in the store that
   * {@code vectors} opens for the embedding model (a store shared by replicas), or, when it is
   * {@code null}, in the cache file under the data directory; the embedder from {@code embedder}
   * (the command line's tests hold it at a latch), or the configured model when it is {@code null}.
   */
  public static Answerer start(
      BotConfig config, Secrets secrets, Consumer<String> log, Supplier<? extends Embedder> embedder,
      Function<Embedder, VectorStore> vectors) {
    return start(config, secrets, log, embedder, vectors, false);
  }

  /**
   * As {@link #start(BotConfig, Secrets, Consumer, Supplier, Function)}; with {@code interimOnly},
   * every article is indexed with the quick pass's interim vectors only (embedded before the
   * corpus serves, the full pass never run): the state a large cold start serves between its two
   * passes, for {@code eval --quick} to measure.
   */
  public static Answerer start(
      BotConfig config, Secrets secrets, Consumer<String> log, Supplier<? extends Embedder> embedder,
      Function<Embedder, VectorStore> vectors, boolean interimOnly) {
    ContentSource source;
    try {
      source = ContentSources.open(config, secrets, log);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // checked when the config was read
    }
    Answerer answerer =
        start(config, source, log, embedder != null ? embedder : () -> embedder(config, log), vectors, interimOnly);
    Library library = answerer.library();
    if (library.current() == null && source instanceof GitContentSource) {
      ReloadReport failed = library.lastReload();
      library.close();
      throw new UncheckedIOException(new IOException(failed == null ? "no content" : failed.message()));
    }
    if (source instanceof GitContentSource git) {
      if (secrets.webhookSecret().isPresent()) {
        PushCoalescer pushes =
            new PushCoalescer(PUSH_QUIET, PushCoalescer.daemonScheduler(),
                () -> library.reload().thenAccept(r -> log.accept("reload after push: " + r.message())), log);
        library.route(ContentWebhook.PATH, new ContentWebhook(secrets.webhookSecret().get(), git::branch, pushes::push, log));
        log.accept("content push webhook on POST " + ContentWebhook.PATH + " (served with the Slack bot's HTTP server)");
      } else {
        log.accept("no " + Secrets.WEBHOOK_SECRET + ": the push webhook is off; reload with the admin command");
      }
    }
    return answerer;
  }

  /**
   * What {@link #index} did.
   *
   * @param articles the articles indexed
   * @param embedded how many of them had no cached vector and were embedded
   * @param source where they came from (a directory, or a commit of a Git repository)
   */
  public record IndexReport(int articles, int embedded, String source) {}

  /**
   * Brings the vector cache and the vector index under {@code data_dir} up to date with the
   * content (for Git, the branch's head, fetched first) and leaves them for the next start, which
   * then has nothing to embed: {@code studybot index}, a deploy step so replicas start warm.
   *
   * @param progress told after each batch how many articles are embedded, of how many
   * @param embedder the embedding model, or {@code null} for the configured one
   * @throws IllegalStateException when semantic matching is off or cannot run here, there are no
   *     articles, or the model fails; the message says which
   * @throws UncheckedIOException when the content or the index cannot be read or written
   */
  public static IndexReport index(
      BotConfig config, Secrets secrets, Consumer<String> log, Library.Vectorizer.Progress progress,
      Supplier<? extends Embedder> embedder) {
    if (!config.search().semantic()) {
      throw new IllegalStateException("search.semantic is off: there are no vectors to build");
    }
    try (ContentSource source = ContentSources.open(config, secrets, log)) {
      org.studybot.source.SourceUpdate update = source.update();
      if (!update.ok() && update.version() == null) {
        throw new UncheckedIOException(new IOException(update.failure()));
      } else if (!update.ok()) {
        log.accept(update.describe() + "; indexing that");
      }
      var load = new CorpusLoader(config.limits().maxFileBytes(),
          LastGood.readOnly(config.dataDir().resolve(ContentSources.LAST_GOOD_FILE))).load(source.directory());
      load.problems().forEach(p -> log.accept("skipped: " + p));
      if (load.articles().isEmpty()) {
        throw new IllegalStateException("no articles in " + source.describe() + " (" + load.summary() + ")");
      }
      Embedder model;
      try {
        model = embedder == null ? embedder(config, log) : embedder.get();
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalStateException("semantic matching cannot run here: " + e.getMessage(), e);
      }
      try (model) {
        int embedded = new Semantic(model, config.dataDir(), log).index(load.articles(), progress::update);
        return new IndexReport(load.articles().size(), embedded,
            source.served().map(v -> "commit " + v.shortId() + " of " + source.describe()).orElse(source.describe()));
      }
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // checked when the config was read
    }
  }

  /** As {@link #start(BotConfig, Consumer)}, with the embedder from {@code embedder} (tests fake it). */
  static Answerer start(BotConfig config, Consumer<String> log, Supplier<? extends Embedder> embedder) {
    return start(config, new LocalDirectory(config.contentDir()), log, embedder);
  }

  /**
   * The library's view of {@code semantic}: plan a corpus's vectors, then add them to its words,
   * with a quick pass of interim vectors first when the library asks for one.
   */
  static Library.Vectorizer vectorizer(Semantic semantic) {
    return articles -> {
      ArticleVectors.Plan plan = semantic.plan(articles);
      return new Library.Vectorizer.Job() {
        @Override
        public int missing() {
          return plan.missing();
        }

        @Override
        public boolean offersQuick() {
          return true;
        }

        @Override
        public CorpusIndex addQuickTo(
            CorpusIndex lexical, long version, Library.Vectorizer.Progress progress, BooleanSupplier cancelled) {
          ArticleVectors.Plan quick = semantic.planQuick(articles, plan);
          return semantic.addQuickVectors(lexical, plan, quick, version, progress::update, cancelled);
        }

        @Override
        public CorpusIndex addTo(
            CorpusIndex lexical, long version, Library.Vectorizer.Progress progress, BooleanSupplier cancelled) {
          return semantic.addVectors(lexical, plan, version, progress::update, cancelled);
        }
      };
    };
  }

  /** As {@link #start(BotConfig, Consumer)}, reading {@code source}. */
  static Answerer start(BotConfig config, ContentSource source, Consumer<String> log, Supplier<? extends Embedder> embedder) {
    return start(config, source, log, embedder, null, false);
  }

  /**
   * As {@link #start(BotConfig, ContentSource, Consumer, Supplier)}, the vectors kept in the store
   * {@code vectors} opens for the embedder ({@code null}: the cache file under the data directory).
   */
  static Answerer start(
      BotConfig config,
      ContentSource source,
      Consumer<String> log,
      Supplier<? extends Embedder> embedder,
      Function<Embedder, VectorStore> vectors,
      boolean interimOnly) {
    LexicalMatcher lexical = new LexicalMatcher(config.limits().maxQuestionChars(), config.limits().maxQueryTerms());
    Library.IndexBuilder builder = CorpusIndex::build;
    Library.Vectorizer vectorizer = null;
    Matcher matcher = lexical;
    Embedder owned = null;
    if (config.search().semantic()) {
      try {
        owned = embedder.get();
        Semantic semantic =
            vectors == null
                ? new Semantic(owned, config.dataDir(), log)
                : new Semantic(owned, vectors.apply(owned), config.dataDir().resolve(Semantic.INDEX_DIR), log);
        if (interimOnly) {
          builder = semantic::buildInterim;
        } else {
          vectorizer = vectorizer(semantic);
        }
        matcher = semantic.matcher(lexical, config.limits().maxQuestionChars());
        log.accept("semantic matching on: words and " + (interimOnly ? "quick meaning only" : "meaning") + " ("
            + semantic.embedder().modelId() + ")");
      } catch (RuntimeException | LinkageError e) {
        if (owned != null) {
          owned.close();
          owned = null;
        }
        log.accept("semantic matching off: " + e.getMessage() + "; matching by words alone");
      }
    } else {
      log.accept("semantic matching off: matching by words alone");
    }
    CorpusLoader loader =
        new CorpusLoader(config.limits().maxFileBytes(), LastGood.at(config.dataDir().resolve(ContentSources.LAST_GOOD_FILE)));
    Library library =
        new Library(source, loader, builder, vectorizer, config.search().embedBeforeAnswering(),
            config.search().quickPassAbove(), log);
    if (owned != null) {
      // The embedder's threads live as long as the library that embeds with them.
      library.closeWith(owned);
    }
    ReloadReport report = library.loadNow();
    if (report.load() != null) {
      report.load().problems().forEach(p -> log.accept("skipped: " + p));
      report.load().staleNotes().forEach(log);
    }
    log.accept(report.message());
    if (config.content().watch() && source instanceof GitContentSource) {
      log.accept("reload.watch is ignored with content.git.url: a push or the admin's reload updates the checkout");
    } else if (config.content().watch()) {
      try {
        library.closeWith(ContentWatcher.reloading(library, WATCH_QUIET, log));
        log.accept("watching " + config.contentDir() + " for changes");
      } catch (java.io.IOException e) {
        log.accept("cannot watch " + config.contentDir() + " (reload by hand instead): " + e.getMessage());
      }
    }
    return new Answerer(config, library, matcher);
  }
}

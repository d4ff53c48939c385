package org.studybot.answer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.content.Summaries;
import org.studybot.reply.ArticleRef;
import org.studybot.reply.Intent;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;
import org.studybot.search.CorpusIndex;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;
import org.studybot.search.Matcher;
import org.studybot.search.QueryText;

/**
 * The one entry point every front end calls: a message in, a {@link Reply} out; front ends only
 * render. Besides {@link #answer}, it gives the reply for one article chosen by id ({@link
 * #article}), browses subjects ({@link #study}, {@link #catalog}) and says when a subject does not
 * exist ({@link #noSuchSubject}). Every answered message is told to the {@link AnswerListener}s the
 * wiring installs ({@link #listen}): the counters, the unanswered-question log, metrics. Thread-safe.
 *
 * <p>Chat (greetings, thanks, "who are you") gets a short reply without a search. A question is
 * matched against the corpus the {@link Library} serves now; the calibrated {@link Confidence} of
 * the best match decides the status against the configured thresholds. Replies are cached
 * (Caffeine, configured by a spec string) keyed on the normalised question, the subject, the
 * result limit and the corpus version, so a reload never serves a stale reply.
 */
public final class Answerer {
  private static final int SEARCH_DEPTH = 10;

  private final BotConfig config;
  private final Library library;
  private final Matcher matcher;
  private final Cache<Key, Reply> cache;
  private final Ticker ticker;
  private final Catalog catalog;
  private final List<AnswerListener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder listenerFailures = new LongAdder();

  private record Key(String question, String subject, int limit, long version) {}

  /** An answerer with the cache on the system clock. */
  public Answerer(BotConfig config, Library library, Matcher matcher) {
    this(config, library, matcher, Ticker.systemTicker());
  }

  /** An answerer whose cache reads time from {@code ticker} (tests pass a fake one). */
  public Answerer(BotConfig config, Library library, Matcher matcher, Ticker ticker) {
    this.config = config;
    this.library = library;
    this.matcher = matcher;
    this.ticker = ticker;
    this.catalog = new Catalog(config, library);
    // Statistics always on: the cache-hit count in /studybot stats is Caffeine's own.
    this.cache = Caffeine.from(withoutRecordStats(config.cacheSpec())).recordStats().ticker(ticker).build();
    // Replies of the old corpus can never be hit again (the version is in the key): free them now.
    library.onSwap(cache::invalidateAll);
  }

  /**
   * Installs a listener told about every message answered from now on. Closing the returned handle
   * removes it (a front end that stops takes its listener with it).
   */
  public AutoCloseable listen(AnswerListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Answers one message and tells the listeners. Never throws for any text. */
  public Reply answer(Question q) {
    return answer(q, true);
  }

  /**
   * Answers a message again for a delivery that failed (a Web API call that timed out, a replica
   * that died before posting): the same reply as {@link #answer}, not told to the listeners, since
   * the first attempt was already counted and a retry is not a second question.
   */
  public Reply answerAgain(Question q) {
    return answer(q, false);
  }

  private Reply answer(Question q, boolean tell) {
    long start = ticker.read();
    boolean[] cached = {false};
    Reply reply = reply(q, cached);
    if (!tell) {
      return reply;
    }
    AnswerEvent event = AnswerEvent.of(reply, q.frontEnd(), ticker.read() - start, cached[0]);
    for (AnswerListener l : listeners) {
      try {
        l.answered(event);
      } catch (RuntimeException e) {
        // A failing listener (a store that is down) must never cost the student the answer.
        listenerFailures.increment();
      }
    }
    return reply;
  }

  private Reply reply(Question q, boolean[] cached) {
    String cleaned = QueryText.clean(q.text(), config.limits().maxQuestionChars());
    Intent intent = SmallTalk.classify(cleaned);
    if (library.current() == null) {
      // Started with allow_empty: on and nothing loaded yet: say so rather than fail.
      return Reply.message(Status.NONE, Intent.QUESTION, cleaned, null,
          "I have no articles loaded yet. Please try again later.", List.of(), List.of(), 0, 0);
    }
    try (CorpusIndex.Lease lease = library.lease()) {
      CorpusIndex index = lease.index();
      if (intent != Intent.QUESTION) {
        return chat(intent, cleaned, index);
      }
      String subjectKey = null;
      String subjectName = null;
      if (q.subject() != null) {
        var subject = Catalog.subject(index, q.subject());
        if (subject.isEmpty()) {
          return noSuchSubject(q.subject(), cleaned, index);
        }
        subjectKey = subject.get().key();
        subjectName = subject.get().name();
      }
      Key key = new Key(normalise(cleaned), subjectKey, q.limit(), index.version());
      Reply hit = cache.getIfPresent(key);
      if (hit != null) {
        cached[0] = true;
        return hit;
      }
      MatchResult result =
          matcher.match(lease, cleaned, subjectKey, Math.max(SEARCH_DEPTH, Math.max(q.limit(), config.answer().alternatives())));
      Reply reply = build(cleaned, subjectName, result, q.limit(), index);
      cache.put(key, reply);
      return reply;
    }
  }

  private Reply build(String question, String subject, MatchResult result, int limit, CorpusIndex index) {
    List<ArticleRef> results = new ArrayList<>();
    for (Match m : result.matches().subList(0, Math.min(limit, result.matches().size()))) {
      results.add(ref(m.article(), m.score()));
    }
    double confidence = Confidence.of(question, result);
    Match best = result.best();
    if (best == null || confidence < config.answer().unsureAt()) {
      return Reply.message(
          Status.NONE, Intent.QUESTION, question, subject, nothingFound(index, subject), List.of(), results,
          confidence, index.version());
    }
    Article a = best.article();
    Status status = confidence >= config.answer().answeredAt() ? Status.ANSWERED : Status.UNSURE;
    List<ArticleRef> alternatives = new ArrayList<>();
    if (status == Status.UNSURE) {
      for (Match m : result.matches().subList(0, Math.min(config.answer().alternatives(), result.matches().size()))) {
        alternatives.add(ref(m.article(), m.score()));
      }
    }
    String message =
        status == Status.UNSURE ? unsure(question, a) : "";
    return new Reply(
        status, Intent.QUESTION, question, subject, confidence, ref(a, best.score()),
        Summaries.of(a, config.answer().summaryChars()), a.answerText(), Refs.related(config, a, index), alternatives,
        results,
        message, List.of(), index.version());
  }

  /** Why the bot is unsure: the generic line, or that no article says who, when, where or how much. */
  private static String unsure(String question, Article best) {
    if (!AnswerType.supplies(question, best)) {
      return switch (AnswerType.wanted(question)) {
        case PERSON -> noArticleSays("who that was");
        case TIME -> noArticleSays("when that was");
        case PLACE -> noArticleSays("where that was");
        case QUANTITY -> "None of my articles gives that figure (they explain ideas rather than list facts and"
            + " records; an encyclopedia will know). Here are the closest on the topic:";
        case ANY -> noArticleSays("that");
      };
    }
    return "I'm not sure which of these answers your question. Here are the closest:";
  }

  private static String noArticleSays(String what) {
    return "None of my articles says " + what + " (they explain ideas more than their history; an encyclopedia "
        + "will know). Here are the closest on the topic:";
  }

  private ArticleRef ref(Article a, double score) {
    return Refs.of(config, a, score);
  }

  /**
   * The reply for one article chosen by id (an unsure reply's alternative, a shared answer), or
   * empty when it is no longer in the library. Its confidence is 0: the student chose the article,
   * so the bot claims no certainty about it. Not told to listeners: nothing was matched.
   *
   * @param question the question the article was chosen for (shown with it), or {@code ""}
   */
  public Optional<Reply> article(String id, String question) {
    try (CorpusIndex.Lease lease = library.lease()) {
      CorpusIndex index = lease.index();
      return index.byId(id).map(a -> new Reply(
          Status.ANSWERED, Intent.QUESTION, question, null, 0, ref(a, 0),
          Summaries.of(a, config.answer().summaryChars()), a.answerText(), Refs.related(config, a, index),
          List.of(), List.of(), "", List.of(), index.version()));
    }
  }

  /**
   * Browses by subject, the {@code /study} of every front end: no text lists the subjects; a
   * subject alone (or with a page number) lists its articles, {@code pageSize} a page; a subject
   * and a question searches within it; an unknown subject says so with suggestions.
   */
  public Study study(String text, int pageSize, String frontEnd) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return new Study.Subjects(catalog.subjects());
    }
    Catalog.Split split = catalog.split(t);
    if (split.subject().isEmpty()) {
      return new Study.Answer(noSuchSubject(split.asked(), split.question()));
    }
    CorpusIndex.Subject subject = split.subject().get();
    String q = split.question().strip();
    if (q.isEmpty() || q.matches("\\d{1,4}")) {
      return new Study.Listing(catalog.page(subject, q.isEmpty() ? 1 : Integer.parseInt(q), pageSize));
    }
    return new Study.Answer(answer(new Question(q, subject.key(), Question.DEFAULT_LIMIT, frontEnd)));
  }

  /** The subjects, their articles by page, and splitting {@code /study} text. */
  public Catalog catalog() {
    return catalog;
  }

  /** The reply to a subject that does not exist: "did you mean", else the subjects there are. */
  public Reply noSuchSubject(String asked, String question) {
    try (CorpusIndex.Lease lease = library.lease()) {
      return noSuchSubject(asked, question, lease.index());
    }
  }

  private Reply chat(Intent intent, String question, CorpusIndex index) {
    String message =
        switch (intent) {
          case GREETING -> "Hi! I'm StudyBot. Ask me a study question, like \"what is the difference between weather and climate?\"";
          case THANKS -> "You're welcome! Good luck with your studies.";
          case IDENTITY -> "I'm StudyBot: I answer study questions from " + index.size() + " articles in "
              + index.subjects().size() + " subjects. " + capabilities();
          case HELP -> capabilities();
          case CHAT -> "I'm just StudyBot: I only answer study questions. " + capabilities();
          case VAGUE -> "Could you tell me a bit more? Say which topic you mean, for example \"how does "
              + "photosynthesis work?\" rather than \"how does it work?\"";
          case OFF_TOPIC -> offTopic(SmallTalk.offTopicKind(question)) + " " + capabilities();
          default -> "Ask me a study question. " + capabilities();
        };
    return Reply.message(Status.NONE, intent, question, null, message, List.of(), List.of(), 0, index.version());
  }

  /** Why an off-topic message gets no article, and where to ask instead. */
  private static String offTopic(SmallTalk.OffTopic kind) {
    return switch (kind == null ? SmallTalk.OffTopic.OTHER : kind) {
      case SCHOOL -> "Sorry, I can't answer that: dates, rooms, grades and what is on a test are up to your class, "
          + "so ask your teacher or check your class page.";
      case SHOPPING -> "Sorry, I can't help with that: I don't know products, shops or prices.";
      case LIVE -> "Sorry, I can't answer that: I have no live news, weather or prices (a news or weather service will).";
      case TASK -> "Sorry, I can't do that: I don't write, remind, translate or tell jokes; I find the study article "
          + "that answers a question.";
      case PERSONAL -> "Sorry, I can't advise on that: for choices about your own life and studies, talk to someone "
          + "you trust, or your school's counsellor or advisor.";
      case TRIVIA -> "Sorry, I can't answer that: it's a fact none of my study articles covers (an encyclopedia or "
          + "a search engine will know).";
      case OPINION -> "Sorry, I don't give opinions or pick favourites: my articles explain ideas and the arguments "
          + "about them, so ask what something is, how it works or why (your teacher or classmates are the ones to "
          + "ask what they think).";
      case LINK -> "Sorry, I can't open links: paste or type the question you have about it.";
      case OTHER -> "Sorry, I can't answer that: it isn't something a study article covers (for your class, grades "
          + "or schedule, ask your school or instructor).";
    };
  }

  private String capabilities() {
    return "Ask a question in your own words and I'll find the article that answers it, with a summary, "
        + "the link and related reading. Browse a subject with " + config.answer().browseCommand() + ".";
  }

  private String nothingFound(CorpusIndex index, String subject) {
    String where = subject == null ? "" : " in " + subject;
    return "Sorry, I can't answer that" + where + ": I only know study topics, and nothing I have matches your question. "
        + "I cover " + subjectList(index) + ". Try rephrasing, or browse a subject with " + config.answer().browseCommand() + ".";
  }

  private static String subjectList(CorpusIndex index) {
    List<String> names = index.subjects().values().stream().map(CorpusIndex.Subject::name).toList();
    if (names.size() > 12) {
      return names.size() + " subjects, including " + String.join(", ", names.subList(0, 12));
    }
    return String.join(", ", names);
  }

  private Reply noSuchSubject(String asked, String question, CorpusIndex index) {
    List<String> suggestions = Catalog.suggest(asked, index);
    String message = "I don't have a subject called \"" + asked + "\"."
        + (suggestions.isEmpty() ? " Subjects: " + subjectList(index) + "." : " Did you mean " + String.join(" or ", suggestions) + "?");
    return Reply.message(Status.NONE, Intent.QUESTION, question, null, message, suggestions, List.of(), 0, index.version());
  }

  /** The spec minus {@code recordStats}, which the answerer always sets (Caffeine refuses it twice). */
  private static String withoutRecordStats(String spec) {
    return java.util.Arrays.stream(spec.split(","))
        .filter(p -> !p.strip().equals("recordStats"))
        .collect(java.util.stream.Collectors.joining(","));
  }

  private static String normalise(String cleaned) {
    return cleaned.toLowerCase(Locale.ROOT).replaceAll("[\\s?!.]+", " ").strip();
  }

  /** How many times a listener threw (its event was lost; the reply went out). */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  /** The library this answerer serves from. */
  public Library library() {
    return library;
  }

  /** The matcher it searches with. */
  public Matcher matcher() {
    return matcher;
  }

  /** The configuration it runs with. */
  public BotConfig config() {
    return config;
  }

  /** Drops every cached reply (the corpus version in the key already keeps replies fresh). */
  public void clearCache() {
    cache.invalidateAll();
  }

  /** The reply cache's own statistics (all zero unless the cache spec has {@code recordStats}). */
  public com.github.benmanes.caffeine.cache.stats.CacheStats cacheStats() {
    return cache.stats();
  }

  /** Estimated cached replies (for stats). */
  public long cachedReplies() {
    return cache.estimatedSize();
  }
}

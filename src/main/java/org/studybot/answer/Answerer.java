package org.studybot.answer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.content.RelatedRef;
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
 * The one entry point every front end calls: a message in, a {@link Reply} out. Thread-safe.
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
  private final Stats stats = new Stats();

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
    this.cache = Caffeine.from(config.cacheSpec()).ticker(ticker).build();
    // Replies of the old corpus can never be hit again (the version is in the key): free them now.
    library.onSwap(cache::invalidateAll);
  }

  /** Answers one message. Never throws for any text. */
  public Reply answer(Question q) {
    String cleaned = QueryText.clean(q.text(), config.limits().maxQuestionChars());
    Intent intent = SmallTalk.classify(cleaned);
    try (CorpusIndex.Lease lease = library.lease()) {
      CorpusIndex index = lease.index();
      if (intent != Intent.QUESTION) {
        stats.chat();
        return chat(intent, cleaned, index);
      }
      String subjectKey = null;
      String subjectName = null;
      if (q.subject() != null) {
        var subject = index.subject(q.subject());
        if (subject.isEmpty()) {
          Reply r = unknownSubject(q.subject(), cleaned, index);
          stats.question(Status.NONE, false);
          return r;
        }
        subjectKey = subject.get().key();
        subjectName = subject.get().name();
      }
      Key key = new Key(normalise(cleaned), subjectKey, q.limit(), index.version());
      Reply cached = cache.getIfPresent(key);
      if (cached != null) {
        stats.question(cached.status(), true);
        return cached;
      }
      MatchResult result =
          matcher.match(lease, cleaned, subjectKey, Math.max(SEARCH_DEPTH, Math.max(q.limit(), config.answer().alternatives())));
      Reply reply = build(cleaned, subjectName, result, q.limit(), index);
      cache.put(key, reply);
      stats.question(reply.status(), false);
      return reply;
    }
  }

  private Reply build(String question, String subject, MatchResult result, int limit, CorpusIndex index) {
    List<ArticleRef> results = new ArrayList<>();
    for (Match m : result.matches().subList(0, Math.min(limit, result.matches().size()))) {
      results.add(ref(m.article(), m.score()));
    }
    double confidence = Confidence.of(result);
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
        status == Status.UNSURE ? "I'm not sure which of these answers your question. Here are the closest:" : "";
    return new Reply(
        status, Intent.QUESTION, question, subject, confidence, ref(a, best.score()),
        Summaries.of(a, config.answer().summaryChars()), a.answerText(), related(a, index), alternatives, results,
        message, List.of(), index.version());
  }

  /** The article's related entries, resolved against the corpus where loaded. */
  private List<ArticleRef> related(Article a, CorpusIndex index) {
    List<ArticleRef> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(a.id());
    for (RelatedRef r : a.related()) {
      if (!seen.add(r.id())) {
        continue;
      }
      out.add(
          index
              .byId(r.id())
              .map(loaded -> ref(loaded, 0))
              .orElseGet(() -> new ArticleRef(r.id(), r.title(), r.subject(), config.link(r.url()), r.url(), 0)));
    }
    return out;
  }

  private ArticleRef ref(Article a, double score) {
    return new ArticleRef(a.id(), a.title(), a.subject(), config.link(a.url()), a.url(), score);
  }

  private Reply chat(Intent intent, String question, CorpusIndex index) {
    String message =
        switch (intent) {
          case GREETING -> "Hi! I'm StudyBot. Ask me a study question, like \"what is the difference between weather and climate?\"";
          case THANKS -> "You're welcome! Good luck with your studies.";
          case IDENTITY -> "I'm StudyBot: I answer study questions from " + index.size() + " articles in "
              + index.subjects().size() + " subjects. " + capabilities();
          case HELP -> capabilities();
          case OFF_TOPIC -> "Sorry, I can't answer that: it isn't something a study article covers (for your "
              + "class, grades or schedule, ask your school or instructor). " + capabilities();
          default -> "Ask me a study question. " + capabilities();
        };
    return Reply.message(Status.NONE, intent, question, null, message, List.of(), List.of(), 0, index.version());
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

  private Reply unknownSubject(String asked, String question, CorpusIndex index) {
    List<String> suggestions = suggestSubjects(asked, index);
    String message = "I don't have a subject called \"" + asked + "\"."
        + (suggestions.isEmpty() ? " Subjects: " + subjectList(index) + "." : " Did you mean " + String.join(" or ", suggestions) + "?");
    return Reply.message(Status.NONE, Intent.QUESTION, question, null, message, suggestions, List.of(), 0, index.version());
  }

  /** Up to three subject names closest to what was typed (prefix, then spelling distance). */
  static List<String> suggestSubjects(String asked, CorpusIndex index) {
    String key = org.studybot.content.Slugs.subject(asked);
    return index.subjects().values().stream()
        .map(s -> new Object() {
              final CorpusIndex.Subject subject = s;
              final int distance =
                  s.key().startsWith(key) || key.startsWith(s.key()) ? 0 : editDistance(key, s.key());
            })
        .filter(o -> o.distance <= Math.max(2, key.length() / 3))
        .sorted(Comparator.comparingInt(o -> o.distance))
        .limit(3)
        .map(o -> o.subject.name())
        .toList();
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String normalise(String cleaned) {
    return cleaned.toLowerCase(Locale.ROOT).replaceAll("[\\s?!.]+", " ").strip();
  }

  /** The counters since start. */
  public Stats stats() {
    return stats;
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

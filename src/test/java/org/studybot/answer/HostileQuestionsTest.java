package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.studybot.config.BotConfig;
import org.studybot.reply.Reply;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.MatchResult;
import org.studybot.search.QueryTerm;

/**
 * Thousands of generated hostile questions (fixed seed): none may throw, and the work per question
 * stays bounded — its length, its distinct terms and the clauses searched.
 */
class HostileQuestionsTest {
  private static final long SEED = 20261130L;
  private static final int INPUTS = 2500;
  private static final String[] PIECES = {
    "AND", "OR", "NOT", "&&", "||", "!", "*", "?", "~", "~2", "^5", "\"", "(", ")", "[", "]", "{", "}", ":", "\\",
    "/", "+", "-", "title:", "*:*", "field:[a TO z]", "entropy", "heat", "photosynthesis", "the", "what", "is",
    "how", "of", "a", "😀", "🎉🎉", "👩‍🔬", "\u0000", "\u0007", "\u001b[31m", "\r\n", "\t", "\u200b", "\u202e", "\u2066",
    "\uD800", "\uDFFF", "مرحبا", "שלום", "光合作用", "café", "<@U123ABC>", "<!channel>", "<#C1|biology>",
    "<https://x.org|link>", "<https://x.org>", "&amp;", "&lt;", "&gt;", ":wave:", "*bold*", "_it_", "`code`",
    "```block```", "> quote", "wat", "diff", "btwn", "w/", "u", "r", "%", "%s", "${x}", "' OR 1=1 --", "<", ">", "|",
  };

  private static Answerer answerer;
  private static LexicalMatcher matcher;
  private static BotConfig config;

  @BeforeAll
  static void start() {
    config = BotConfig.builder().semantic(false).contentDir(Path.of("content")).build();
    answerer = Engine.start(config, line -> {});
    matcher = new LexicalMatcher(config.limits().maxQuestionChars(), config.limits().maxQueryTerms());
  }

  @AfterAll
  static void stop() {
    answerer.library().close();
  }

  /** One generated question: a mix of pieces, random code points, or a very long run. */
  static String generate(Random rnd) {
    StringBuilder sb = new StringBuilder();
    switch (rnd.nextInt(8)) {
      case 0 -> { // very long
        String piece = PIECES[rnd.nextInt(PIECES.length)];
        while (sb.length() < 100_000) {
          sb.append(piece).append(rnd.nextBoolean() ? " " : "");
        }
      }
      case 1 -> { // random code points, surrogates and controls included
        int n = rnd.nextInt(200);
        for (int i = 0; i < n; i++) {
          sb.append((char) rnd.nextInt(0x10000));
        }
      }
      case 2 -> { // many distinct words
        int n = 50 + rnd.nextInt(2000);
        for (int i = 0; i < n; i++) {
          sb.append("w").append(Integer.toString(rnd.nextInt(1_000_000), 36)).append(' ');
        }
      }
      default -> { // a mix of hostile pieces
        int n = 1 + rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
          sb.append(PIECES[rnd.nextInt(PIECES.length)]);
          if (rnd.nextInt(3) > 0) {
            sb.append(' ');
          }
        }
      }
    }
    return sb.toString();
  }

  @Test
  void generatedInputsNeverFailAndStayBounded() {
    Random rnd = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int maxTerms = 0;
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      for (int i = 0; i < INPUTS; i++) {
        String q = generate(rnd);
        String subject = rnd.nextInt(10) == 0 ? PIECES[rnd.nextInt(PIECES.length)] : null;
        try {
          Reply r = answerer.answer(new Question(q, subject, 5));
          assertNotNull(r);
          assertTrue(r.results().size() <= 5);
          assertTrue(r.confidence() >= 0 && r.confidence() <= 1, "confidence " + r.confidence());
          assertTrue(r.question().length() <= config.limits().maxQuestionChars());
          MatchResult m = matcher.match(lease, q, null, 10);
          int clauses = (int) m.terms().stream().filter(t -> t.searched() != null).count();
          assertTrue(m.terms().size() <= config.limits().maxQueryTerms(), "terms " + m.terms().size());
          assertTrue(clauses <= config.limits().maxQueryTerms(), "clauses " + clauses);
          for (QueryTerm t : m.terms()) {
            assertTrue(t.typed().length() <= 40, t::toString);
          }
          maxTerms = Math.max(maxTerms, m.terms().size());
        } catch (Throwable e) {
          failures.add("#" + i + " " + abbreviate(q) + " -> " + e);
        }
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(config.limits().maxQueryTerms(), maxTerms, "the cap was reached, so it was exercised");
  }

  @Test
  void namedHostileInputs() {
    List<String> inputs =
        List.of(
            "*", "AND OR NOT", "what is \"entropy AND (heat", "x".repeat(100_000), "the of and a is what how why",
            "😀🎉👩‍🔬🙃", "\u0000\u0001\u0002\u007f", "\u202eטקסט מימין לשמאל\u202c", "<@U1> <!here> <#C1|x> &amp;&lt;&gt;",
            "\uD800\uD800\uDC00", "", " ", "?");
    for (String q : inputs) {
      Reply r = answerer.answer(Question.of(q));
      assertNotNull(r.status(), abbreviate(q));
    }
  }

  private static String abbreviate(String q) {
    String s = q.length() > 80 ? q.substring(0, 80) + "…(" + q.length() + " chars)" : q;
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(Character.isISOControl(c) || Character.isSurrogate((char) c) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
    return sb.toString();
  }
}

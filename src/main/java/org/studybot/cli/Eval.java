package org.studybot.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.studybot.answer.Answerer;
import org.studybot.answer.Catalog;
import org.studybot.answer.Confidence;
import org.studybot.answer.Question;
import org.studybot.reply.Intent;
import org.studybot.config.BotConfig;
import org.studybot.eval.EvalCorpus;
import org.studybot.eval.EvalSet;
import org.studybot.eval.Evaluation;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;

/**
 * The {@code eval} command: runs the evaluation set ({@code --set DIR}, else the one bundled in the
 * jar) and prints the figures; {@code --verbose} adds
 * every miss with the evidence of the top candidates and the rank of the expected article; {@code
 * --distractors DIR} loads the articles under DIR beside the content (copied together into a
 * temporary directory, removed after); {@code --fit} refits the confidence model's weights on the
 * set and prints them with the thresholds that would result (with {@code --distractors}, fitted on
 * the set with and without the distractors together, so one model serves both).
 */
final class Eval {
  private Eval() {}

  static int run(Args a, BotConfig config, PrintStream out, PrintStream err, Function<BotConfig, Answerer> engine)
      throws Usage {
    EvalSet set;
    try {
      // Without --set, the copy of src/test/resources/eval bundled in the jar: no source tree needed.
      set = a.options.containsKey("set") ? EvalSet.load(Path.of(a.option("set", ""))) : EvalSet.bundled();
    } catch (IOException e) {
      err.println("studybot: " + e.getMessage());
      return Main.FAILURE;
    }
    Path merged = null;
    if (a.options.containsKey("distractors")) {
      try {
        merged = Files.createTempDirectory("studybot-eval-");
        int n = EvalCorpus.merge(config.contentDir(), Path.of(a.option("distractors", "")), merged);
        err.println("studybot: evaluating with " + n + " distractor files beside " + config.contentDir()
            + " (copied together to " + merged + ")");
      } catch (IOException e) {
        err.println("studybot: --distractors: " + e.getMessage());
        EvalCorpus.delete(merged);
        return Main.FAILURE;
      }
    }
    BotConfig plain = merged == null ? null : config;
    if (merged != null) {
      config = config.toBuilder().contentDir(merged).build();
    }
    try {
      Answerer answerer = engine.apply(config);
      List<Sample> samples;
      try {
        evaluate(a, answerer, set, out);
        if (a.flag("quick")) {
          interimTable(answerer, set, config, a.flag("verbose"), out);
        }
        samples = a.flag("fit") ? samples(answerer, set, merged == null ? "set" : "set+distractors") : List.of();
      } finally {
        answerer.library().close();
      }
      if (a.flag("fit")) {
        List<Sample> all = new ArrayList<>(samples);
        if (plain != null) {
          Answerer without = engine.apply(plain);
          try {
            all.addAll(samples(without, set, "set"));
          } finally {
            without.library().close();
          }
        }
        fit(all, out);
      }
      return Main.OK;
    } finally {
      EvalCorpus.delete(merged);
    }
  }

  private static void evaluate(Args a, Answerer answerer, EvalSet set, PrintStream out) {
    Evaluation.Report report = Evaluation.run(answerer, set);
    out.print(report.table());
    if (a.flag("verbose")) {
      out.println("\nmisses (kind | question | expected | got status/id/confidence (rank of expected)),"
          + " then the top candidates and the expected one: rank, score, coverage, head coverage, similarity:");
      try (CorpusIndex.Lease lease = answerer.library().lease()) {
        for (Evaluation.Outcome o : report.outcomes()) {
          if (!o.correct()) {
            out.printf(
                "  %-11s | %s | %s | %s %s %.2f (rank %d)%n",
                o.c().kind(),
                o.c().question(),
                o.c().expected() == null ? "none" : o.c().expected() + " " + title(answerer, o.c().expected()),
                o.reply().status().wireName(),
                o.reply().article() == null ? "-" : o.reply().article().id() + " " + o.reply().article().title(),
                o.reply().confidence(),
                o.rank());
            if (o.reply().intent() == Intent.QUESTION) {
              candidates(answerer, lease, o.c(), out);
            }
          }
        }
      }
    }
  }

  /** The best three candidates for a missed question, and the expected article where it ranks lower. */
  private static void candidates(Answerer answerer, CorpusIndex.Lease lease, EvalSet.Case c, PrintStream out) {
    MatchResult r = answerer.matcher().match(lease, c.question(), subjectKey(lease, c), 20);
    for (int i = 0; i < r.matches().size(); i++) {
      Match m = r.matches().get(i);
      boolean expected = m.article().id().equals(c.expected());
      if (i < 3 || expected) {
        out.printf(
            "      %s%2d  %8.3f  cov %.2f  head %.2f  sim %.2f  %s %s%n",
            expected ? "*" : " ", i + 1, m.score(), m.coverage(), m.headCoverage(), m.similarity(), m.article().id(),
            m.article().title());
      }
    }
  }

  private static String subjectKey(CorpusIndex.Lease lease, EvalSet.Case c) {
    return c.subject() == null ? null : Catalog.subject(lease.index(), c.subject()).map(CorpusIndex.Subject::key).orElse(null);
  }

  private static String title(Answerer answerer, String id) {
    return answerer.library().current().byId(id).map(x -> "(" + x.title() + ")").orElse("(not loaded)");
  }

  /**
   * For {@code --quick}: in-scope correct and off-topic not answered, as {@code eval} counts them, at
   * each offset the interim calibration could lower the semantic confidence's log-odds by ({@link
   * Confidence#INTERIM_OFFSET} is chosen from it), beside words alone on the same corpus (the same
   * questions matched by BM25 alone, as {@code --semantic off} does): the interim ships at an offset
   * where it answers at least as many in-scope questions right and answers no off-topic question
   * that words alone decline (the last column counts those; {@code --verbose} names them).
   */
  private static void interimTable(
      Answerer answerer, EvalSet set, BotConfig config, boolean verbose, PrintStream out) {
    double answeredAt = config.answer().answeredAt();
    double[] offsets = {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.5, 4.0, 5.0};
    LexicalMatcher words = new LexicalMatcher(config.limits().maxQuestionChars(), config.limits().maxQueryTerms());
    int[] inOk = new int[offsets.length];
    int[] offOk = new int[offsets.length];
    int[] offWorse = new int[offsets.length];
    List<List<String>> worse = new ArrayList<>();
    for (int i = 0; i < offsets.length; i++) {
      worse.add(new ArrayList<>());
    }
    int inN = 0;
    int offN = 0;
    int wordsIn = 0;
    int wordsOff = 0;
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      for (EvalSet.Case c : set.cases()) {
        if (c.offTopic()) {
          offN++;
        } else {
          inN++;
        }
        if (answerer.answer(new Question(c.question(), c.subject(), 5)).intent() != Intent.QUESTION) {
          for (int i = 0; i < offsets.length; i++) {
            offOk[i] += c.offTopic() ? 1 : 0; // chat caught before the search is not answered
          }
          wordsOff += c.offTopic() ? 1 : 0;
          continue;
        }
        // As deep as the answerer searches, so the confidence's evidence is the same.
        MatchResult r = answerer.matcher().match(lease, c.question(), subjectKey(lease, c), 10);
        boolean right = r.best() != null && !c.offTopic() && r.best().article().id().equals(c.expected());
        MatchResult w = words.match(lease, c.question(), subjectKey(lease, c), 10);
        boolean wordsAnswer = w.best() != null && Confidence.of(c.question(), w) >= answeredAt;
        if (c.offTopic()) {
          wordsOff += wordsAnswer ? 0 : 1;
        } else {
          wordsIn += wordsAnswer && w.best().article().id().equals(c.expected()) ? 1 : 0;
        }
        for (int i = 0; i < offsets.length; i++) {
          boolean answered = r.best() != null && Confidence.of(c.question(), r, offsets[i]) >= answeredAt;
          if (c.offTopic()) {
            offOk[i] += answered ? 0 : 1;
            if (answered && !wordsAnswer) {
              offWorse[i]++;
              worse.get(i).add("\"" + c.question() + "\" -> " + r.best().article().id());
            }
          } else {
            inOk[i] += answered && right ? 1 : 0;
          }
        }
      }
    }
    out.println("\ninterim offset (log-odds taken from the semantic confidence): in-scope correct / off-topic not answered"
        + " / off-topic answered that words alone decline");
    out.printf("  words  %5.1f%% / %5.1f%%%n", 100.0 * wordsIn / Math.max(1, inN), 100.0 * wordsOff / Math.max(1, offN));
    for (int i = 0; i < offsets.length; i++) {
      out.printf("  %.2f   %5.1f%% / %5.1f%% / %d%s%n", offsets[i], 100.0 * inOk[i] / Math.max(1, inN),
          100.0 * offOk[i] / Math.max(1, offN), offWorse[i], inOk[i] >= wordsIn && offWorse[i] == 0 ? "  meets" : "");
      if (verbose) {
        worse.get(i).forEach(q -> out.println("         " + q));
      }
    }
  }

  /** One question's confidence features, and whether the best match was the expected article. */
  private record Sample(String corpus, double[] x, int y, boolean offTopic) {}

  /** The confidence features of every question the search sees (chat is answered before any search). */
  private static List<Sample> samples(Answerer answerer, EvalSet set, String corpus) {
    List<Sample> out = new ArrayList<>();
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      for (EvalSet.Case c : set.cases()) {
        if (answerer.answer(new Question(c.question(), c.subject(), 5)).intent() != Intent.QUESTION) {
          continue;
        }
        MatchResult r = answerer.matcher().match(lease, c.question(), subjectKey(lease, c), 10);
        if (r.best() == null) {
          continue;
        }
        int y = !c.offTopic() && r.best().article().id().equals(c.expected()) ? 1 : 0;
        out.add(new Sample(corpus, Confidence.features(r), y, c.offTopic()));
      }
    }
    return out;
  }

  /**
   * Fits the logistic confidence model (label 1 when the best match is the expected article) and
   * prints the weights and, per corpus, the share of the search's in-scope questions answered
   * correctly and of its off-topic ones not answered at each threshold.
   */
  private static void fit(List<Sample> samples, PrintStream out) {
    int d = samples.get(0).x().length;
    List<double[]> xs = samples.stream().map(Sample::x).toList();
    double[] w = Confidence.fit(xs, samples.stream().map(Sample::y).toList());
    StringBuilder ws = new StringBuilder("{");
    for (int j = 0; j <= d; j++) {
      ws.append(j == 0 ? "" : ", ").append(String.format("%.3f", w[j]));
    }
    out.println("\nfitted weights (intercept, coverage, lead, head coverage" + (d > 3 ? ", similarity, agreement" : "") + "): " + ws + "}");
    List<String> corpora = samples.stream().map(Sample::corpus).distinct().toList();
    out.println("threshold  " + String.join("  ", corpora.stream().map(c -> c + ": in-scope correct / off-topic not answered").toList()));
    for (double t = 0.2; t <= 0.91; t += 0.05) {
      StringBuilder row = new StringBuilder(String.format("  %.2f   ", t));
      for (String corpus : corpora) {
        int inOk = 0;
        int inN = 0;
        int offOk = 0;
        int offN = 0;
        for (Sample s : samples) {
          if (!s.corpus().equals(corpus)) {
            continue;
          }
          boolean answered = Confidence.probability(w, s.x()) >= t;
          if (s.offTopic()) {
            offN++;
            offOk += answered ? 0 : 1;
          } else {
            inN++;
            inOk += answered && s.y() == 1 ? 1 : 0;
          }
        }
        row.append(String.format("   %5.1f%% / %5.1f%%", 100.0 * inOk / Math.max(1, inN), 100.0 * offOk / Math.max(1, offN)));
      }
      out.println(row);
    }
    out.println("(shares of the questions the search sees; chat caught before it counts as not answered in `eval`)");
  }
}

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
import org.studybot.search.MatchResult;

/**
 * The {@code eval} command: runs the evaluation set ({@code --set DIR}, else the one bundled in the
 * jar) and prints the figures; {@code --verbose} adds
 * every miss; {@code --distractors DIR} loads the articles under DIR beside the content (copied
 * together into a temporary directory, removed after); {@code --fit} refits the confidence model's weights on the set and prints them with
 * the thresholds that would result.
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
      config = config.toBuilder().contentDir(merged).build();
    }
    try {
      return evaluate(a, config, set, out, engine);
    } finally {
      EvalCorpus.delete(merged);
    }
  }

  private static int evaluate(
      Args a, BotConfig config, EvalSet set, PrintStream out, Function<BotConfig, Answerer> engine) {
    Answerer answerer = engine.apply(config);
    try {
      return evaluate(a, answerer, set, out);
    } finally {
      answerer.library().close();
    }
  }

  private static int evaluate(Args a, Answerer answerer, EvalSet set, PrintStream out) {
    Evaluation.Report report = Evaluation.run(answerer, set);
    out.print(report.table());
    if (a.flag("verbose")) {
      out.println("\nmisses (kind | question | expected | got status/id/confidence):");
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
        }
      }
    }
    if (a.flag("fit")) {
      fit(answerer, set, out);
    }
    return Main.OK;
  }

  private static String title(Answerer answerer, String id) {
    return answerer.library().current().byId(id).map(x -> "(" + x.title() + ")").orElse("(not loaded)");
  }

  /** Fits the logistic confidence model: label 1 when the best match is the expected article. */
  private static void fit(Answerer answerer, EvalSet set, PrintStream out) {
    List<double[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    List<Boolean> offTopic = new ArrayList<>();
    try (CorpusIndex.Lease lease = answerer.library().lease()) {
      for (EvalSet.Case c : set.cases()) {
        if (answerer.answer(new Question(c.question(), c.subject(), 5)).intent() != Intent.QUESTION) {
          continue; // chat is answered before any search: the confidence never sees it
        }
        String subjectKey = c.subject() == null ? null : Catalog.subject(lease.index(), c.subject()).map(CorpusIndex.Subject::key).orElse(null);
        MatchResult r = answerer.matcher().match(lease, c.question(), subjectKey, 10);
        if (r.best() == null) {
          continue;
        }
        xs.add(Confidence.features(r));
        ys.add(!c.offTopic() && r.best().article().id().equals(c.expected()) ? 1 : 0);
        offTopic.add(c.offTopic());
      }
    }
    int d = xs.get(0).length;
    double[] w = Confidence.fit(xs, ys);
    StringBuilder ws = new StringBuilder("{");
    for (int j = 0; j <= d; j++) {
      ws.append(j == 0 ? "" : ", ").append(String.format("%.3f", w[j]));
    }
    out.println("\nfitted weights (intercept, coverage, lead, head coverage" + (d > 3 ? ", similarity" : "") + "): " + ws + "}");
    out.println("threshold  in-scope-answered-correct  off-topic-not-answered");
    for (double t = 0.3; t <= 0.91; t += 0.05) {
      int inOk = 0;
      int inN = 0;
      int offOk = 0;
      int offN = 0;
      for (int i = 0; i < xs.size(); i++) {
        boolean answered = Confidence.probability(w, xs.get(i)) >= t;
        if (offTopic.get(i)) {
          offN++;
          offOk += answered ? 0 : 1;
        } else {
          inN++;
          inOk += answered && ys.get(i) == 1 ? 1 : 0;
        }
      }
      out.printf("  %.2f     %5.1f%%                     %5.1f%%%n", t, 100.0 * inOk / inN, 100.0 * offOk / Math.max(1, offN));
    }
  }

}

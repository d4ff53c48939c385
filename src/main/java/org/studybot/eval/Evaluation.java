package org.studybot.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.studybot.answer.Answerer;
import org.studybot.answer.Question;
import org.studybot.reply.ArticleRef;
import org.studybot.reply.Reply;
import org.studybot.reply.Status;

/**
 * Runs an {@link EvalSet} through an answerer. An in-scope question counts as correct when the
 * reply is {@code answered} with the expected article first; an off-topic one when it is not
 * {@code answered}. Also reports top-1 regardless of status and MRR@5.
 */
public final class Evaluation {
  /**
   * The kinds of the near-miss set: off-topic messages that share a word with an article
   * ({@code nearmiss}) and in-scope questions typed the way students do ({@code student}), added
   * after the first set was tuned on. The report gives their totals apart, so the first set's
   * figures stay comparable with earlier measurements.
   */
  public static final Set<String> NEAR_MISS_KINDS = Set.of("nearmiss", "student");

  /**
   * The kinds of the intent set: off-topic messages in forms the other sets lack ({@code
   * intentnear}: who discovered or when was a thing first made, prices, opinions, requests to the
   * bot, personal and health questions, news, chat, other languages, emoji, links) and in-scope
   * questions typed in the same forms ({@code intentq}: "who came up with natural selection",
   * "explain supply and demand to me"). Reported apart, as the near-miss set is.
   */
  public static final Set<String> INTENT_KINDS = Set.of("intentnear", "intentq");

  private Evaluation() {}

  /** The figures for one kind of question. Immutable and thread-safe. */
  public record KindFigures(String kind, int total, int correct, int top1, double mrr5) {
    public double accuracy() {
      return total == 0 ? 0 : (double) correct / total;
    }
  }

  /** One question's outcome. */
  public record Outcome(EvalSet.Case c, Reply reply, boolean correct, int rank) {}

  /** Everything measured. */
  public record Report(List<Outcome> outcomes, Map<String, KindFigures> byKind) {
    /** In-scope questions answered correctly, as a share. */
    public double inScopeAccuracy() {
      long n = outcomes.stream().filter(o -> !o.c().offTopic()).count();
      long ok = outcomes.stream().filter(o -> !o.c().offTopic() && o.correct()).count();
      return n == 0 ? 0 : (double) ok / n;
    }

    /** Off-topic questions not answered, as a share. */
    public double offTopicRejection() {
      long n = outcomes.stream().filter(o -> o.c().offTopic()).count();
      long ok = outcomes.stream().filter(o -> o.c().offTopic() && o.correct()).count();
      return n == 0 ? 0 : (double) ok / n;
    }

    /** Mean reciprocal rank of the expected article in the top 5, over in-scope questions. */
    public double mrr5() {
      return outcomes.stream().filter(o -> !o.c().offTopic()).mapToDouble(o -> o.rank() > 0 && o.rank() <= 5 ? 1.0 / o.rank() : 0).average().orElse(0);
    }

    /** The report on the questions {@code keep} accepts alone. */
    public Report select(Predicate<EvalSet.Case> keep) {
      return report(outcomes.stream().filter(o -> keep.test(o.c())).toList());
    }

    /** The first set's questions alone (every kind but the {@link #NEAR_MISS_KINDS} and {@link #INTENT_KINDS}). */
    public Report firstSet() {
      return select(c -> !NEAR_MISS_KINDS.contains(c.kind()) && !INTENT_KINDS.contains(c.kind()));
    }

    /** The intent set's questions alone (the {@link #INTENT_KINDS}). */
    public Report intentSet() {
      return select(c -> INTENT_KINDS.contains(c.kind()));
    }

    /** The near-miss set's questions alone (the {@link #NEAR_MISS_KINDS}). */
    public Report nearMissSet() {
      return select(c -> NEAR_MISS_KINDS.contains(c.kind()));
    }

    /** A table of the figures by kind, and the totals (apart for each set, when both are there). */
    public String table() {
      StringBuilder sb = new StringBuilder(String.format("%-14s %6s %9s %8s %7s%n", "kind", "n", "correct", "top-1", "MRR@5"));
      for (KindFigures k : byKind.values()) {
        sb.append(
            String.format(
                "%-14s %6d %8.1f%% %7.1f%% %7.3f%n",
                k.kind(), k.total(), 100.0 * k.accuracy(), 100.0 * k.top1() / Math.max(1, k.total()), k.mrr5()));
      }
      Report first = firstSet();
      Report near = nearMissSet();
      Report intent = intentSet();
      int sets = (first.outcomes().isEmpty() ? 0 : 1) + (near.outcomes().isEmpty() ? 0 : 1)
          + (intent.outcomes().isEmpty() ? 0 : 1);
      if (sets > 1) {
        if (!first.outcomes().isEmpty()) {
          sb.append(first.totals("first set (kinds but nearmiss, student, intentnear and intentq)"));
        }
        if (!near.outcomes().isEmpty()) {
          sb.append(near.totals("near-miss set (nearmiss, student)"));
        }
        if (!intent.outcomes().isEmpty()) {
          sb.append(intent.totals("intent set (intentnear, intentq)"));
        }
      }
      sb.append(totals(null));
      return sb.toString();
    }

    private String totals(String label) {
      return String.format("%sin-scope answered correctly: %.1f%%   off-topic not answered: %.1f%%   MRR@5: %.3f%n",
          label == null ? "" : label + ": ", 100 * inScopeAccuracy(), 100 * offTopicRejection(), mrr5());
    }
  }

  /** Runs every case of {@code set} through {@code answerer}. */
  public static Report run(Answerer answerer, EvalSet set) {
    List<Outcome> outcomes = new ArrayList<>();
    for (EvalSet.Case c : set.cases()) {
      Reply r = answerer.answer(new Question(c.question(), c.subject(), 5));
      int rank = 0;
      if (!c.offTopic()) {
        List<ArticleRef> results = r.results();
        for (int i = 0; i < results.size(); i++) {
          if (results.get(i).id().equals(c.expected())) {
            rank = i + 1;
            break;
          }
        }
      }
      boolean correct =
          c.offTopic()
              ? r.status() != Status.ANSWERED
              : r.status() == Status.ANSWERED && r.article() != null && r.article().id().equals(c.expected());
      outcomes.add(new Outcome(c, r, correct, rank));
    }
    return report(outcomes);
  }

  private static Report report(List<Outcome> outcomes) {
    Map<String, KindFigures> byKind = new TreeMap<>();
    Map<String, List<Outcome>> grouped = new TreeMap<>();
    outcomes.forEach(o -> grouped.computeIfAbsent(o.c().kind(), k -> new ArrayList<>()).add(o));
    grouped.forEach(
        (kind, list) -> {
          int correct = (int) list.stream().filter(Outcome::correct).count();
          int top1 = (int) list.stream().filter(o -> o.c().offTopic() ? o.correct() : o.rank() == 1).count();
          double mrr = list.stream().mapToDouble(o -> o.rank() > 0 && o.rank() <= 5 ? 1.0 / o.rank() : 0).average().orElse(0);
          byKind.put(kind, new KindFigures(kind, list.size(), correct, top1, mrr));
        });
    return new Report(outcomes, byKind);
  }
}

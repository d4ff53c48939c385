package org.studybot.eval;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.studybot.answer.Answerer;
import org.studybot.answer.Catalog;
import org.studybot.answer.Question;
import org.studybot.config.BotConfig;
import org.studybot.reply.Intent;
import org.studybot.reply.Reply;
import org.studybot.search.CorpusIndex;
import org.studybot.search.LexicalMatcher;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;
import org.studybot.search.QueryText;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.OnnxEmbedder;
import org.studybot.semantic.SentenceModel;

/**
 * Writes the evidence of every evaluation question's top candidates as tab-separated rows, one
 * per (question, candidate), for studying which features separate right answers from wrong ones
 * and for refitting the confidence offline. Not a test; run by hand after {@code mvn -q -B
 * -DskipTests package} (and {@code mvn test-compile}):
 *
 * <pre>java -cp target/studybot.jar:target/test-classes org.studybot.eval.FeatureDump CONTENT DATA SET OUT.tsv [DISTRACTORS]</pre>
 *
 * <p>Columns: case, source, kind, expected ({@code none} off-topic), intent, status, confidence,
 * rank, id, expected?, score, coverage, head coverage, similarity, term count, question, article title.
 *
 * <p>With {@code -Draw=FILE}, also the fusion's ingredients for every candidate of either ranking
 * (BM25 score or {@code NaN} when outside the word ranking, cosine, coverages), so fusion settings
 * can be tried offline: case, kind, expected, intent, id, expected?, bm25, cosine, coverage, head, per case the
 * lengths of both rankings, then the article's length in words (for the length prior), the reply's status
 * and the subject key or {@code -}. The nearest vectors are looked for as the hybrid matcher does (40 deep,
 * the 20 of highest cosine kept), so the fused ranking can be replayed exactly.
 */
public final class FeatureDump {
  private FeatureDump() {}

  public static void main(String[] args) throws Exception {
    try (DumpRun run = DumpRun.start(args);
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(run.out(), StandardCharsets.UTF_8));
        CorpusIndex.Lease lease = run.answerer().library().lease()) {
      BotConfig config = run.config();
      EvalSet set = run.set();
      Answerer answerer = run.answerer();
      PrintWriter raw =
          System.getProperty("raw") == null
              ? null
              : new PrintWriter(Files.newBufferedWriter(Path.of(System.getProperty("raw")), StandardCharsets.UTF_8));
      Embedder embedder = raw == null ? null : OnnxEmbedder.load(SentenceModel.named(config.search().model()).orElseThrow(), run.dataDir().resolve("native"));
      LexicalMatcher lexical = new LexicalMatcher(config.limits().maxQuestionChars(), config.limits().maxQueryTerms());
      if (raw != null) {
        raw.println("case\tkind\texpected\tintent\tid\tisexp\tbm25\tcos\tcov\thead\tnwords\tnnear\tlength\tstatus\tsubject");
      }
      out.println("case\tsource\tkind\texpected\tintent\tstatus\tconfidence\trank\tid\tisexp\tscore\tcov\thead\tsim\tterms\tquestion\tarticle");
      int n = 0;
      for (EvalSet.Case c : set.cases()) {
        n++;
        Reply reply = answerer.answer(new Question(c.question(), c.subject(), 5));
        String prefix =
            n + "\t" + c.source() + "\t" + c.kind() + "\t" + (c.expected() == null ? "none" : c.expected()) + "\t"
                + reply.intent() + "\t" + reply.status().wireName() + "\t" + String.format("%.4f", reply.confidence());
        if (reply.intent() != Intent.QUESTION) {
          out.println(prefix + "\t0\t-\t0\t0\t0\t0\t0\t0\t" + c.question() + "\t-");
          continue;
        }
        String subjectKey =
            c.subject() == null ? null : Catalog.subject(lease.index(), c.subject()).map(CorpusIndex.Subject::key).orElse(null);
        MatchResult r = answerer.matcher().match(lease, c.question(), subjectKey, 10); // the answerer's depth
        if (raw != null) {
          MatchResult words = lexical.match(lease, c.question(), subjectKey, 20);
          float[] q = embedder.embed(QueryText.normalize(c.question(), config.limits().maxQuestionChars()));
          // As the hybrid matcher: 40 looked for, the 20 of highest cosine kept.
          java.util.List<CorpusIndex.VectorHit> near = new java.util.ArrayList<>(lease.nearest(q, subjectKey, 40));
          near.sort(java.util.Comparator.comparingDouble((CorpusIndex.VectorHit h) -> -h.similarity()));
          near = near.subList(0, Math.min(20, near.size()));
          java.util.Map<String, double[]> rows = new java.util.LinkedHashMap<>();
          for (Match m : words.matches()) {
            double cos = lease.index().similarity(m.article(), q).orElse(Double.NaN);
            rows.put(m.article().id(), new double[] {m.score(), cos, m.coverage(), m.headCoverage(), lease.index().length(m.article())});
          }
          for (CorpusIndex.VectorHit h : near) {
            double[] row = rows.get(h.article().id());
            if (row == null) {
              Match e = LexicalMatcher.evidence(lease, h.doc(), h.article(), 0, words.terms());
              rows.put(h.article().id(), new double[] {Double.NaN, h.similarity(), e.coverage(), e.headCoverage(), lease.index().length(h.article())});
            }
          }
          for (var e : rows.entrySet()) {
            double[] v = e.getValue();
            raw.printf("%d\t%s\t%s\t%s\t%s\t%d\t%.5f\t%.5f\t%.4f\t%.4f\t%d\t%d\t%d\t%s\t%s%n", n, c.kind(),
                c.expected() == null ? "none" : c.expected(), reply.intent(), e.getKey(), e.getKey().equals(c.expected()) ? 1 : 0,
                v[0], v[1], v[2], v[3], words.matches().size(), near.size(), (int) v[4], reply.status().wireName(),
                subjectKey == null ? "-" : subjectKey);
          }
        }
        int rank = 0;
        for (Match m : r.matches()) {
          rank++;
          out.printf(
              "%s\t%d\t%s\t%d\t%.5f\t%.4f\t%.4f\t%.4f\t%d\t%s\t%s%n",
              prefix, rank, m.article().id(), m.article().id().equals(c.expected()) ? 1 : 0, m.score(), m.coverage(),
              m.headCoverage(), m.similarity(), r.terms().size(), c.question(), m.article().title());
        }
      }
      if (raw != null) {
        raw.close();
        embedder.close();
      }
    }
  }
}

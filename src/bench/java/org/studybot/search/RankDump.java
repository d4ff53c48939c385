package org.studybot.search;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.SmallFloat;
import org.studybot.answer.Answerer;
import org.studybot.answer.Catalog;
import org.studybot.answer.Question;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.content.Slugs;
import org.studybot.eval.DumpRun;
import org.studybot.eval.EvalSet;
import org.studybot.reply.Reply;
import org.studybot.semantic.Embedder;
import org.studybot.semantic.OnnxEmbedder;
import org.studybot.semantic.SentenceModel;

/**
 * Writes, for every evaluation question, the raw ingredients of every ranking StudyBot could make
 * of it, so ranking changes (BM25 parameters, fields, fusion weights) can be tried offline without
 * re-running the engine. Not a test; run by hand after {@code mvn -q -B -DskipTests package} and
 * {@code mvn test-compile}:
 *
 * <pre>java -cp target/studybot.jar:target/test-classes org.studybot.search.RankDump CONTENT DATA SET OUT.tsv [DISTRACTORS]</pre>
 *
 * <p>Rows: {@code Q} per question (case, kind, expected or {@code none}, the question's subject
 * key or {@code -}, intent, the reply's status, documents, mean length of the {@code all} field,
 * question text); {@code T} per searched term (term, weight as the matcher counts it, corrected 0/1,
 * document frequency); {@code C} per candidate: every article holding a searched term or among the
 * 40 nearest vectors (id, subject key, length of {@code all} as BM25 reads it, words in title and
 * question, rank among the nearest vectors or 0, cosine, then per term: frequency in {@code all},
 * in the head, in title and question, as {@code a/h/t} separated by commas).
 */
public final class RankDump {
  private RankDump() {}

  public static void main(String[] args) throws Exception {
    Analyzer analyzer = new StudyAnalyzer();
    Map<String, Map<String, Integer>> headTf = new HashMap<>();
    Map<String, Map<String, Integer>> titleTf = new HashMap<>();
    try (DumpRun run = DumpRun.start(args);
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(run.out(), StandardCharsets.UTF_8));
        CorpusIndex.Lease lease = run.answerer().library().lease();
        Embedder embedder =
            OnnxEmbedder.load(SentenceModel.named(run.config().search().model()).orElseThrow(), run.dataDir().resolve("native"))) {
      BotConfig config = run.config();
      Answerer answerer = run.answerer();
      LexicalMatcher lexical = new LexicalMatcher(config.limits().maxQuestionChars(), config.limits().maxQueryTerms());
      CorpusIndex index = lease.index();
      IndexReader reader = lease.searcher().getIndexReader();
      CollectionStatistics stats = lease.searcher().collectionStatistics(Documents.ALL);
      double avgdl = (double) stats.sumTotalTermFreq() / stats.docCount();
      // Every document's ordinal and BM25 length, by global doc number.
      int[] ordOf = new int[reader.maxDoc()];
      int[] lenOf = new int[reader.maxDoc()];
      for (LeafReaderContext leaf : reader.leaves()) {
        NumericDocValues ords = leaf.reader().getNumericDocValues(Documents.ORD);
        NumericDocValues norms = leaf.reader().getNormValues(Documents.ALL);
        for (int d = 0; d < leaf.reader().maxDoc(); d++) {
          ords.advanceExact(d);
          ordOf[leaf.docBase + d] = (int) ords.longValue();
          lenOf[leaf.docBase + d] = norms.advanceExact(d) ? SmallFloat.byte4ToInt((byte) norms.longValue()) : 0;
        }
      }
      int n = 0;
      for (EvalSet.Case c : run.set().cases()) {
        n++;
        Reply reply = answerer.answer(new Question(c.question(), c.subject(), 5));
        String subjectKey =
            c.subject() == null ? null : Catalog.subject(index, c.subject()).map(CorpusIndex.Subject::key).orElse(null);
        MatchResult words = lexical.match(lease, c.question(), subjectKey, 1);
        List<QueryTerm> terms = words.terms();
        out.printf(
            "Q\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%.4f\t%s%n", n, c.kind(), c.expected() == null ? "none" : c.expected(),
            subjectKey == null ? "-" : subjectKey, reply.intent(), reply.status().wireName(), stats.docCount(), avgdl,
            c.question().replace('\t', ' '));
        if (reply.intent() != org.studybot.reply.Intent.QUESTION) {
          continue;
        }
        // Frequencies of each searched term, by doc.
        List<Map<Integer, Integer>> tfs = new ArrayList<>();
        for (QueryTerm t : terms) {
          Map<Integer, Integer> tf = new HashMap<>();
          if (t.searched() != null) {
            for (LeafReaderContext leaf : reader.leaves()) {
              TermsEnum te = leaf.reader().terms(Documents.ALL).iterator();
              if (!te.seekExact(new org.apache.lucene.util.BytesRef(t.searched()))) {
                continue;
              }
              PostingsEnum p = te.postings(null, PostingsEnum.FREQS);
              for (int d = p.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = p.nextDoc()) {
                tf.put(leaf.docBase + d, p.freq());
              }
            }
          }
          tfs.add(tf);
          int df = t.searched() == null ? 0 : reader.docFreq(new Term(Documents.ALL, t.searched()));
          out.printf("T\t%s\t%s\t%.5f\t%d\t%d%n", t.typed(), t.searched() == null ? "-" : t.searched(), t.weight(),
              t.corrected() ? 1 : 0, df);
        }
        float[] q = embedder.embed(QueryText.normalize(c.question(), config.limits().maxQuestionChars()));
        Map<Integer, Integer> nearRank = new LinkedHashMap<>();
        int r = 0;
        for (CorpusIndex.VectorHit h : lease.nearest(q, subjectKey, 40)) {
          nearRank.put(h.doc(), ++r);
        }
        java.util.Set<Integer> docs = new java.util.TreeSet<>(nearRank.keySet());
        tfs.forEach(m -> docs.addAll(m.keySet()));
        for (int doc : docs) {
          Article a = index.article(ordOf[doc]);
          String key = Slugs.subject(a.subject());
          if (subjectKey != null && !subjectKey.equals(key)) {
            continue;
          }
          Map<String, Integer> head = headTf.computeIfAbsent(a.id(), x -> counts(analyzer, Documents.headText(a)));
          Map<String, Integer> title = titleTf.computeIfAbsent(a.id(), x -> counts(analyzer, a.title() + "\n" + a.question()));
          StringBuilder per = new StringBuilder();
          for (int t = 0; t < terms.size(); t++) {
            String s = terms.get(t).searched();
            per.append(t == 0 ? "" : ",")
                .append(tfs.get(t).getOrDefault(doc, 0))
                .append('/')
                .append(s == null ? 0 : head.getOrDefault(s, 0))
                .append('/')
                .append(s == null ? 0 : title.getOrDefault(s, 0));
          }
          int titleLen = title.values().stream().mapToInt(Integer::intValue).sum();
          double cos = index.similarity(a, q).orElse(Double.NaN);
          out.printf("C\t%s\t%s\t%d\t%d\t%d\t%.5f\t%s%n", a.id(), key, lenOf[doc], titleLen,
              nearRank.getOrDefault(doc, 0), cos, per);
        }
      }
    }
  }

  private static Map<String, Integer> counts(Analyzer analyzer, String text) {
    Map<String, Integer> out = new HashMap<>();
    try (TokenStream ts = analyzer.tokenStream(Documents.ALL, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.merge(term.toString(), 1, Integer::sum);
      }
      ts.end();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}

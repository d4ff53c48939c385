package org.studybot.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;

/**
 * Matches a student's free text against a {@link CorpusIndex} by its words. The text is never parsed as query
 * syntax: it is cleaned ({@link QueryText}), analyzed with the {@link StudyAnalyzer}, and each
 * distinct term becomes one optional clause. A term no article contains is replaced by the
 * closest indexed term (one edit for short words, two for long ones), at a lower weight. The work
 * per question is capped: its length and the number of distinct terms. Thread-safe.
 */
public final class LexicalMatcher implements Matcher {
  /** A spelling correction counts this much of the term it replaces. */
  static final double CORRECTION_WEIGHT = 0.7;

  private final Analyzer analyzer = new StudyAnalyzer();
  private final DirectSpellChecker oneEdit = spellChecker(1);
  private final DirectSpellChecker twoEdits = spellChecker(2);
  private final int maxChars;
  private final int maxTerms;

  /**
   * @param maxChars a question is cut to this many characters
   * @param maxTerms at most this many distinct terms are searched
   */
  public LexicalMatcher(int maxChars, int maxTerms) {
    this.maxChars = maxChars;
    this.maxTerms = maxTerms;
  }

  private static DirectSpellChecker spellChecker(int edits) {
    DirectSpellChecker c = new DirectSpellChecker();
    c.setMaxEdits(edits);
    c.setMinPrefix(1);
    c.setMinQueryLength(4);
    c.setAccuracy(0.6f);
    return c;
  }

  /**
   * The best {@code limit} articles for {@code question}.
   *
   * @param subjectKey only this subject ({@link org.studybot.content.Slugs#subject} form), or
   *     {@code null} for all
   */
  @Override
  public MatchResult match(CorpusIndex.Lease lease, String question, String subjectKey, int limit) {
    CorpusIndex index = lease.index();
    IndexSearcher searcher = lease.searcher();
    IndexReader reader = searcher.getIndexReader();
    try {
      List<QueryTerm> terms = terms(reader, analyze(QueryText.normalize(question, maxChars)));
      BooleanQuery.Builder should = new BooleanQuery.Builder();
      int clauses = 0;
      for (QueryTerm t : terms) {
        if (t.searched() == null) {
          continue;
        }
        Query q = new TermQuery(new Term(CorpusIndex.ALL, t.searched()));
        should.add(t.corrected() ? new BoostQuery(q, (float) CORRECTION_WEIGHT) : q, BooleanClause.Occur.SHOULD);
        clauses++;
      }
      if (clauses == 0 || limit <= 0) {
        return new MatchResult(List.of(), terms, index.version());
      }
      Query query = should.build();
      if (subjectKey != null) {
        query =
            new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(CorpusIndex.SUBJECT, subjectKey)), BooleanClause.Occur.FILTER)
                .build();
      }
      TopDocs top = searcher.search(query, limit);
      List<Match> matches = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(sd.doc, reader.leaves()));
        int local = sd.doc - leaf.docBase;
        NumericDocValues ords = leaf.reader().getNumericDocValues(CorpusIndex.ORD);
        if (ords == null || !ords.advanceExact(local)) {
          continue;
        }
        matches.add(new Match(index.article((int) ords.longValue()), sd.score, coverage(leaf, local, terms), Double.NaN));
      }
      return new MatchResult(matches, terms, index.version());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The question's distinct analyzed terms, at most {@code maxTerms}. */
  public List<String> analyze(String text) {
    Set<String> out = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(CorpusIndex.ALL, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && out.size() < maxTerms) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(out);
  }

  private List<QueryTerm> terms(IndexReader reader, List<String> analyzed) throws IOException {
    int docs = Math.max(1, reader.numDocs());
    double unknownWeight = idf(0, docs);
    Set<String> seen = new LinkedHashSet<>();
    List<QueryTerm> terms = new ArrayList<>();
    for (String t : analyzed) {
      int df = reader.docFreq(new Term(CorpusIndex.ALL, t));
      if (df > 0) {
        if (seen.add(t)) {
          terms.add(new QueryTerm(t, t, idf(df, docs)));
        }
        continue;
      }
      String fix = correct(reader, t);
      if (fix != null && seen.add(fix)) {
        int fixDf = reader.docFreq(new Term(CorpusIndex.ALL, fix));
        terms.add(new QueryTerm(t, fix, idf(fixDf, docs) * CORRECTION_WEIGHT));
      } else if (fix == null) {
        terms.add(new QueryTerm(t, null, unknownWeight));
      }
    }
    return terms;
  }

  private String correct(IndexReader reader, String term) throws IOException {
    if (term.length() < 4 || term.chars().anyMatch(Character::isDigit)) {
      return null;
    }
    DirectSpellChecker checker = term.length() >= 7 ? twoEdits : oneEdit;
    SuggestWord[] s =
        checker.suggestSimilar(new Term(CorpusIndex.ALL, term), 1, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
    return s.length == 0 ? null : s[0].string;
  }

  /**
   * The share of the question's information that a document contains: the weight of the {@code
   * terms} it has over the weight of them all, in [0,1].
   *
   * @param doc a document number of {@code lease}'s searcher
   */
  public static double coverage(CorpusIndex.Lease lease, int doc, List<QueryTerm> terms) {
    List<LeafReaderContext> leaves = lease.searcher().getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    try {
      return coverage(leaf, doc - leaf.docBase, terms);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double coverage(LeafReaderContext leaf, int local, List<QueryTerm> terms) throws IOException {
    double total = 0;
    double covered = 0;
    for (QueryTerm t : terms) {
      total += t.weight();
      if (t.searched() != null && contains(leaf, local, t.searched())) {
        covered += t.weight();
      }
    }
    return total == 0 ? 0 : covered / total;
  }

  private static boolean contains(LeafReaderContext leaf, int doc, String term) throws IOException {
    PostingsEnum p = leaf.reader().postings(new Term(CorpusIndex.ALL, term), PostingsEnum.NONE);
    return p != null && p.advance(doc) == doc;
  }

  /** BM25's inverse document frequency. */
  static double idf(int docFreq, int docs) {
    return Math.log(1 + (docs - docFreq + 0.5) / (docFreq + 0.5));
  }
}

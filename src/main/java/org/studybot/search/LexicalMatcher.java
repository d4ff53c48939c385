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
import org.studybot.content.Article;

/**
 * Matches a student's free text against a {@link CorpusIndex} by its words. The text is never parsed as query
 * syntax: it is cleaned ({@link QueryText}), analyzed with the {@link StudyAnalyzer}, and each
 * distinct term becomes one optional clause. A term no article contains is replaced by the
 * closest indexed term it is a plausible misspelling of (typing slips only: one for a word of four
 * letters, two from five), at a lower weight; a short word no article contains that is the
 * initialism of a name the articles write in full ("fdr": Franklin D. Roosevelt) is searched as that
 * name's words, at the same lower weight. The work
 * per question is capped: its length and the number of distinct terms. Thread-safe.
 */
public final class LexicalMatcher implements Matcher {
  /** A spelling correction counts this much of the term it replaces. */
  static final double CORRECTION_WEIGHT = 0.7;

  /** Extra hits fetched so that ties at the cut are ordered by corpus position, not document number. */
  static final int TIE_MARGIN = 16;

  /** At most this many spelling look-ups per question: each costs a walk of the term dictionary. */
  static final int MAX_CORRECTIONS = 6;

  /** Words shorter than this are never corrected: a short word is one edit away from many others. */
  static final int MIN_CORRECTED_LENGTH = 4;

  /** From this length a word may have two typing slips corrected; shorter ones one. */
  static final int TWO_SLIPS_LENGTH = 5;

  /** How many of the spelling checker's suggestions are tried, closest first, for a plausible one. */
  static final int SUGGESTIONS = 5;

  private final Analyzer analyzer = new StudyAnalyzer();
  private final DirectSpellChecker spelling = spellChecker(2);
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
    c.setMinQueryLength(MIN_CORRECTED_LENGTH);
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
      List<QueryTerm> terms = terms(index, reader, words(QueryText.normalize(question, maxChars)));
      BooleanQuery.Builder should = new BooleanQuery.Builder();
      int clauses = 0;
      for (QueryTerm t : terms) {
        if (t.searched() == null) {
          continue;
        }
        float boost = t.corrected() ? (float) CORRECTION_WEIGHT : 1f;
        should.add(new BoostQuery(new TermQuery(new Term(Documents.ALL, t.searched())), boost), BooleanClause.Occur.SHOULD);
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
                .add(new TermQuery(new Term(Documents.SUBJECT, subjectKey)), BooleanClause.Occur.FILTER)
                .build();
      }
      // A few more than asked, so equal scores at the cut are settled by corpus position too.
      TopDocs top = searcher.search(query, limit + TIE_MARGIN);
      List<Match> matches = new ArrayList<>(top.scoreDocs.length);
      List<Long> positions = new ArrayList<>(top.scoreDocs.length);
      boolean[][] inAll = contains(reader, top.scoreDocs, terms, Documents.ALL);
      boolean[][] inHead = contains(reader, top.scoreDocs, terms, Documents.HEAD);
      for (int k = 0; k < top.scoreDocs.length; k++) {
        ScoreDoc sd = top.scoreDocs[k];
        LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(sd.doc, reader.leaves()));
        int local = sd.doc - leaf.docBase;
        NumericDocValues ords = leaf.reader().getNumericDocValues(Documents.ORD);
        if (ords == null || !ords.advanceExact(local)) {
          continue;
        }
        double total = 0;
        double covered = 0;
        double headCovered = 0;
        for (int t = 0; t < terms.size(); t++) {
          double w = terms.get(t).weight();
          total += w;
          if (inAll[t][k]) {
            covered += w;
            if (inHead[t][k]) {
              headCovered += w;
            }
          }
        }
        positions.add(ords.longValue());
        Article article = index.article((int) ords.longValue());
        matches.add(
            new Match(
                article,
                sd.score,
                total == 0 ? 0 : covered / total,
                total == 0 ? 0 : headCovered / total,
                Double.NaN));
      }
      List<Match> ranked = byScoreThenPosition(matches, positions);
      return new MatchResult(ranked.subList(0, Math.min(limit, ranked.size())), terms, index.version());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The question's distinct words as written (stop words removed), at most {@code maxTerms}. */
  List<String> words(String text) {
    return tokens(StudyAnalyzer.SURFACE, text, maxTerms);
  }

  private List<String> tokens(String field, String text, int max) {
    Set<String> out = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && out.size() < max) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(out);
  }

  /** The stem the index holds for one written word, or {@code null} for a stop word. */
  private String stem(String word) {
    List<String> t = tokens(Documents.ALL, word, 1);
    return t.isEmpty() ? null : t.get(0);
  }

  /**
   * Each written word as a searched term: its stem when some article has it, else the stem of the
   * closest written word some article has, else unknown.
   */
  private List<QueryTerm> terms(CorpusIndex index, IndexReader reader, List<String> words) throws IOException {
    int docs = Math.max(1, reader.numDocs());
    double unknownWeight = idf(0, docs);
    Set<String> seen = new LinkedHashSet<>();
    List<QueryTerm> terms = new ArrayList<>();
    int lookups = 0;
    for (String word : words) {
      String stem = stem(word);
      if (stem == null) {
        continue;
      }
      int df = reader.docFreq(new Term(Documents.ALL, stem));
      if (df > 0) {
        if (seen.add(stem)) {
          terms.add(new QueryTerm(stem, stem, idf(df, docs)));
        }
        continue;
      }
      // An initialism of a name the articles write in full ("fdr": Franklin D. Roosevelt) is
      // searched as that name's words, each counted as a correction.
      List<QueryTerm> expanded = new ArrayList<>();
      for (String part : chatSpelling(word) ? List.<String>of() : index.lexical().initialism(word)) {
        String partStem = stem(part);
        int partDf = partStem == null ? 0 : reader.docFreq(new Term(Documents.ALL, partStem));
        if (partDf > 0 && !seen.contains(partStem)) {
          expanded.add(new QueryTerm(stem, partStem, idf(partDf, docs) * CORRECTION_WEIGHT));
        }
      }
      if (!expanded.isEmpty()) {
        for (QueryTerm t : expanded) {
          seen.add(t.searched());
          terms.add(t);
        }
        continue;
      }
      String fixedWord = lookups++ < MAX_CORRECTIONS ? index.lexical().correction(word, w -> correct(reader, w)) : null;
      String fix = fixedWord == null ? null : stem(fixedWord);
      int fixDf = fix == null ? 0 : reader.docFreq(new Term(Documents.ALL, fix));
      if (fixDf > 0) {
        if (seen.add(fix)) {
          terms.add(new QueryTerm(stem, fix, idf(fixDf, docs) * CORRECTION_WEIGHT));
        }
      } else if (seen.add(stem)) {
        terms.add(new QueryTerm(stem, null, unknownWeight));
      }
    }
    return terms;
  }

  /**
   * Whether {@code word} is a stop word typed with a slip ("wats", "wher", "whta"): chat spelling, not
   * an initialism, however many names of the corpus it spells.
   */
  static boolean chatSpelling(String word) {
    for (Object stop : StudyAnalyzer.STOP_WORDS) {
      String s = new String((char[]) stop);
      if (s.length() >= Initialisms.MIN_LETTERS - 1 && typo(word, s, 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The closest indexed word that {@code word} is plausibly a misspelling of, or {@code null}.
   * Only words of {@value #MIN_CORRECTED_LENGTH} letters or more are corrected, and only by
   * {@link #typo typing slips} (one for a word of four letters, two from five): a word the corpus lacks is more often a real word it does not cover
   * ("germs", "smokers", "wedding") than a misspelling, and correcting it to a word one letter away
   * ("genes", "showers", "winding") searched for a topic the student never asked about.
   */
  private String correct(IndexReader reader, String word) {
    if (word.length() < MIN_CORRECTED_LENGTH || word.chars().anyMatch(Character::isDigit)) {
      return null;
    }
    try {
      SuggestWord[] s =
          spelling.suggestSimilar(
              new Term(StudyAnalyzer.SURFACE, word), SUGGESTIONS, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
      int slips = word.length() >= TWO_SLIPS_LENGTH ? 2 : 1;
      for (SuggestWord w : s) {
        if (typo(word, w.string, slips)) {
          return w.string;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code typed} is {@code word} with at most {@code slips} typing slips, a letter dropped or
   * doubled (inserted, deleted) or two neighbours swapped ("serach", "tarrif"), or with one vowel
   * written for another alone ("pentamiter"). A consonant written for another letter is not a slip
   * but another word ("smarter" and "smaller"), nor is a vowel changed beside another slip ("motor"
   * and "meter"), so neither is corrected.
   */
  static boolean typo(String typed, String word, int slips) {
    int n = typed.length();
    int m = word.length();
    if (Math.abs(n - m) > slips) {
      return false;
    }
    // Restricted Damerau-Levenshtein distance where only vowel-for-vowel substitutions are allowed.
    int impossible = 3;
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        char a = typed.charAt(i - 1);
        char b = word.charAt(j - 1);
        // A vowel for a vowel counts as two slips: alone it is a slip, with another it is a new word.
        int substitute = a == b ? 0 : vowel(a) && vowel(b) ? 2 : impossible;
        int best = Math.min(d[i - 1][j - 1] + substitute, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1 && j > 1 && a == word.charAt(j - 2) && typed.charAt(i - 2) == b) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[n][m] <= slips;
  }

  private static boolean vowel(char c) {
    return "aeiouy".indexOf(c) >= 0;
  }

  /**
   * Which of {@code hits} contain each searched term in {@code field}: {@code [term][hit]}. One
   * postings walk per term and segment, over the hits in doc order: a postings look-up per term
   * and hit cost more than the search itself on a large corpus.
   */
  private static boolean[][] contains(IndexReader reader, ScoreDoc[] hits, List<QueryTerm> terms, String field)
      throws IOException {
    boolean[][] out = new boolean[terms.size()][hits.length];
    Integer[] order = new Integer[hits.length];
    for (int k = 0; k < hits.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
    for (int t = 0; t < terms.size(); t++) {
      if (terms.get(t).searched() == null) {
        continue;
      }
      Term term = new Term(field, terms.get(t).searched());
      LeafReaderContext leaf = null;
      PostingsEnum postings = null;
      for (int k : order) {
        int doc = hits[k].doc;
        if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
          leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
          postings = leaf.reader().postings(term, PostingsEnum.NONE);
        }
        int local = doc - leaf.docBase;
        if (postings != null && postings.docID() <= local) {
          out[t][k] = (postings.docID() == local ? local : postings.advance(local)) == local;
        }
      }
    }
    return out;
  }

  /**
   * A match for a document found some other way (the semantic matcher's nearest vectors), with its
   * lexical evidence for {@code terms}: coverage and head coverage; similarity {@code NaN}.
   *
   * @param doc a document number of {@code lease}'s searcher, holding {@code article}
   */
  public static Match evidence(CorpusIndex.Lease lease, int doc, Article article, double score, List<QueryTerm> terms) {
    List<LeafReaderContext> leaves = lease.searcher().getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    try {
      return evidence(leaf, doc - leaf.docBase, article, score, terms);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Match evidence(LeafReaderContext leaf, int local, Article article, double score, List<QueryTerm> terms)
      throws IOException {
    double total = 0;
    double covered = 0;
    double headCovered = 0;
    for (QueryTerm t : terms) {
      total += t.weight();
      if (t.searched() != null && contains(leaf, Documents.ALL, local, t.searched())) {
        covered += t.weight();
        if (contains(leaf, Documents.HEAD, local, t.searched())) {
          headCovered += t.weight();
        }
      }
    }
    return new Match(article, score, total == 0 ? 0 : covered / total, total == 0 ? 0 : headCovered / total, Double.NaN);
  }

  private static boolean contains(LeafReaderContext leaf, String field, int doc, String term) throws IOException {
    PostingsEnum p = leaf.reader().postings(new Term(field, term), PostingsEnum.NONE);
    return p != null && p.advance(doc) == doc;
  }

  /**
   * Equal scores in corpus order. Lucene breaks ties by document number, which parallel indexing
   * assigns differently on every load; the article's position in the corpus is stable.
   */
  private static List<Match> byScoreThenPosition(List<Match> matches, List<Long> positions) {
    Integer[] order = new Integer[matches.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          int byScore = Double.compare(matches.get(b).score(), matches.get(a).score());
          return byScore != 0 ? byScore : Long.compare(positions.get(a), positions.get(b));
        });
    List<Match> sorted = new ArrayList<>(order.length);
    for (int i : order) {
      sorted.add(matches.get(i));
    }
    return sorted;
  }

  /** BM25's inverse document frequency. */
  static double idf(int docFreq, int docs) {
    return Math.log(1 + (docs - docFreq + 0.5) / (docFreq + 0.5));
  }
}

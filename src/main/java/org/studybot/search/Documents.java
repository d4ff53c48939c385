package org.studybot.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.studybot.content.Article;
import org.studybot.content.Slugs;

/**
 * How an article becomes a Lucene document: the fields, what text goes into each and how it is
 * indexed. The indexing side of the schema that {@link LexicalMatcher} searches.
 */
final class Documents {
  /** All of an article's text, stemmed and scored by BM25. */
  static final String ALL = "all";

  /** What the article says it is about ({@link #headText}), only looked up. */
  static final String HEAD = "head";

  /** The subject's key ({@link Slugs#subject}), for subject filters. */
  static final String SUBJECT = "subject";

  /** The article's ordinal in the corpus, as doc values. */
  static final String ORD = "ord";

  /**
   * Analyzed text fields without positions: every query is a bag of term queries scored by BM25,
   * which needs only frequencies and norms, so positions would cost indexing time and memory for
   * nothing.
   */
  static final FieldType TERMS_AND_FREQS = terms(IndexOptions.DOCS_AND_FREQS, false);

  /**
   * Fields only ever looked up, never scored ({@value StudyAnalyzer#SURFACE}: its vocabulary and
   * document frequencies for spelling corrections; {@value #HEAD}: whether a hit contains a term):
   * no frequencies, no norms.
   */
  static final FieldType TERMS_ONLY = terms(IndexOptions.DOCS, true);

  private Documents() {}

  private static FieldType terms(IndexOptions options, boolean omitNorms) {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(false);
    t.setIndexOptions(options);
    t.setOmitNorms(omitNorms);
    t.freeze();
    return t;
  }

  /**
   * The document of article {@code a} at corpus ordinal {@code ord}.
   *
   * @param subjectKeys subject name to key, shared by the indexing threads
   * @param lengths where the article's length in words ({@link #ALL}, as BM25 counts it) is kept, at
   *     {@code ord}
   */
  static Document of(Article a, int ord, Analyzer analyzer, Map<String, String> subjectKeys, int[] lengths)
      throws IOException {
    Document doc = new Document();
    // Slugs.subject normalises and runs regexes; a corpus has a handful of subject names.
    doc.add(new StringField(SUBJECT, subjectKeys.computeIfAbsent(a.subject(), Slugs::subject), Field.Store.NO));
    doc.add(new NumericDocValuesField(ORD, ord));
    // The whole text is tokenized once: the stemmed field is the surface words stemmed (the
    // analyzer's two chains differ only by the final stemmer), which halves the indexing work.
    Words words = Words.of(analyzer, searchText(a));
    lengths[ord] = words.count();
    doc.add(new Field(ALL, new PorterStemFilter(words.replay()), TERMS_AND_FREQS));
    doc.add(new Field(HEAD, headText(a), TERMS_ONLY));
    doc.add(new Field(StudyAnalyzer.SURFACE, words.replay(), TERMS_ONLY));
    return doc;
  }

  /**
   * An article's surface words, analyzed once and kept in one character array (a String per word
   * would be tens of millions of objects for a large corpus).
   */
  private record Words(char[] chars, int[] ends, int count) {
    static Words of(Analyzer analyzer, String text) throws IOException {
      char[] chars = new char[Math.max(16, text.length())];
      int[] ends = new int[Math.max(16, text.length() / 4)];
      int used = 0;
      int count = 0;
      try (TokenStream ts = analyzer.tokenStream(StudyAnalyzer.SURFACE, text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          int len = term.length();
          if (used + len > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + len));
          }
          if (count == ends.length) {
            ends = Arrays.copyOf(ends, ends.length * 2);
          }
          System.arraycopy(term.buffer(), 0, chars, used, len);
          used += len;
          ends[count++] = used;
        }
        ts.end();
      }
      return new Words(chars, ends, count);
    }

    /** A token stream playing the words back, one token each. */
    TokenStream replay() {
      return new TokenStream() {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private int next;

        @Override
        public boolean incrementToken() {
          if (next >= count) {
            return false;
          }
          clearAttributes();
          int start = next == 0 ? 0 : ends[next - 1];
          term.copyBuffer(chars, start, ends[next] - start);
          next++;
          return true;
        }

        @Override
        public void reset() throws IOException {
          super.reset();
          next = 0;
        }
      };
    }
  }

  /**
   * What the article says it is about: title, question, subject, description and keywords. Not
   * searched on its own (short fields overweight question words); a question whose rare words
   * appear here is more surely on this article's topic, which the confidence uses.
   */
  static String headText(Article a) {
    return a.title() + "\n" + a.question() + "\n" + a.subject() + "\n" + a.description() + "\n"
        + String.join(", ", a.keywords());
  }

  /** All the text of an article that a question may match. */
  static String searchText(Article a) {
    StringBuilder sb = new StringBuilder(a.answer().length() + 512);
    sb.append(a.title()).append('\n');
    if (!a.question().equals(a.title())) {
      sb.append(a.question()).append('\n');
    }
    sb.append(a.subject()).append('\n');
    sb.append(a.description()).append('\n');
    sb.append(String.join(", ", a.keywords())).append('\n');
    // The markup characters are word breaks to the tokenizer, so the answer can go in as it is.
    sb.append(a.answer());
    return sb.toString();
  }
}

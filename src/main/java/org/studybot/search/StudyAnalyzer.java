package org.studybot.search;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analyzer for article text and questions alike, so both sides meet on the same terms.
 *
 * <p>The chain: {@link StandardTokenizer} (Unicode word breaks) → {@link EnglishPossessiveFilter}
 * ({@code newton's} → {@code newton}) → {@link LowerCaseFilter} → {@link ASCIIFoldingFilter}
 * ({@code café} → {@code cafe}) → {@link LengthFilter} (1 to 40 characters) → {@link StopFilter}
 * (English stop words plus the words every question has: {@code what why how explain difference
 * …}) → {@link PorterStemFilter}.
 *
 * <p>The {@value #SURFACE} field stops before the stemmer: it keeps the words as written, which is
 * the vocabulary spelling corrections are drawn from ({@code inflashun} is close to {@code
 * inflation}, not to its stem {@code inflat}).
 *
 * <p>Question words are stop words because in a field that holds a whole article they carry no
 * evidence, and in a question they would otherwise pull towards articles that happen to use them.
 * Immutable and thread-safe.
 */
public final class StudyAnalyzer extends Analyzer {
  /** The field whose terms are not stemmed. */
  public static final String SURFACE = "words";

  /** The stop words: Lucene's English set plus question and chat words. */
  public static final CharArraySet STOP_WORDS;

  static {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    set.addAll(
        List.of(
            "what", "whats", "why", "how", "hows", "when", "where", "which", "who", "whom", "whose",
            "do", "does", "did", "doing", "done", "is", "am", "are", "was", "were", "been", "being",
            "has", "have", "had", "can", "could", "would", "should", "shall", "will", "may", "might",
            "must", "i", "me", "my", "we", "our", "you", "your", "u", "ur", "it", "its", "im", "ive",
            "explain", "describe", "define", "definition", "tell", "please", "pls", "plz", "help",
            "know", "understand", "mean", "means", "meant", "also", "about", "from", "some", "any",
            "much", "many", "more", "most", "very", "really", "just", "get", "got", "give",
            "example", "examples", "eg", "ie", "etc", "thing", "things", "stuff", "someone",
            "something", "anyone", "anything", "ones", "actually", "basically", "kind",
            "sort", "lol", "pls", "hey", "hi", "hello", "thanks", "thank", "yo", "ok", "okay", "so",
            "um", "uh", "idk", "gonna", "wanna", "need", "want", "dont", "doesnt", "isnt", "cant",
            "vs", "versus", "between", "difference", "differences", "different", "differ",
            "happen", "happens", "happened",
            "use", "used", "using", "important", "importance", "concept", "term", "called",
            "quick", "question", "q", "again", "still", "would", "into", "out", "up", "down", "over",
            "under", "us", "them", "they", "their", "there", "here", "this", "that", "these",
            "those", "then", "than", "own", "same", "other", "each", "both", "all", "such", "too",
            "way", "ways"));
    STOP_WORDS = CharArraySet.unmodifiableSet(set);
  }

  /** An analyzer; its chains are kept per field, since {@value #SURFACE} has its own. */
  public StudyAnalyzer() {
    super(PER_FIELD_REUSE_STRATEGY);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    source.setMaxTokenLength(255);
    TokenStream stream = new EnglishPossessiveFilter(source);
    stream = new LowerCaseFilter(stream);
    stream = new ASCIIFoldingFilter(stream);
    stream = new LengthFilter(stream, 1, 40);
    stream = new StopFilter(stream, STOP_WORDS);
    if (!SURFACE.equals(fieldName)) {
      stream = new PorterStemFilter(stream);
    }
    return new TokenStreamComponents(source, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(in));
  }
}

package org.studybot.semantic;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * Matches a fixed set of documents of one reader, given as global document numbers: the subject
 * filter of a vector search, whose index has no subject field (its documents are texts, which
 * articles of several subjects may share). Immutable and thread-safe.
 */
final class DocSetQuery extends Query {
  private final IndexReader reader;
  private final FixedBitSet docs;

  DocSetQuery(IndexReader reader, FixedBitSet docs) {
    this.reader = reader;
    this.docs = docs;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public Scorer scorer(LeafReaderContext leaf) throws IOException {
        if (leaf.reader() != reader.leaves().get(leaf.ord).reader()) {
          throw new IllegalStateException("a document-set filter was used on another reader");
        }
        int max = leaf.reader().maxDoc();
        if (max == 0 || leaf.docBase >= docs.length()) {
          return null;
        }
        FixedBitSet local = new FixedBitSet(Math.max(1, max));
        int cardinality = 0;
        for (int d = docs.nextSetBit(leaf.docBase);
            d != DocIdSetIterator.NO_MORE_DOCS && d < leaf.docBase + max;
            d = d + 1 < docs.length() ? docs.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS) {
          local.set(d - leaf.docBase);
          cardinality++;
        }
        if (cardinality == 0) {
          return null;
        }
        return new ConstantScoreScorer(this, score(), scoreMode, new BitSetIterator(local, cardinality));
      }

      @Override
      public boolean isCacheable(LeafReaderContext leaf) {
        return false;
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return "DocSetQuery(" + docs.cardinality() + " docs)";
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}

/**
 * Matching by meaning: sentence embeddings computed in process on the CPU, cached on disk, stored
 * as vectors in the Lucene index and fused with keyword (BM25) matching.
 *
 * <p>Start at {@link org.studybot.semantic.Semantic#open}, which prepares the native libraries and
 * the model; {@link org.studybot.semantic.ArticleVectors} turns a corpus into vectors (embedding
 * only what the {@link org.studybot.semantic.VectorCache} lacks), and {@link
 * org.studybot.semantic.HybridMatcher} answers questions from both rankings. {@link
 * org.studybot.semantic.Embedder} is the seam tests replace with a deterministic fake.
 */
package org.studybot.semantic;

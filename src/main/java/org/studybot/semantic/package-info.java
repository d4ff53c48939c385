/**
 * Matching by meaning: sentence embeddings computed in process on the CPU, cached between runs,
 * indexed in an HNSW graph of their own and fused with keyword (BM25) matching.
 *
 * <p>Start at {@link org.studybot.semantic.Semantic}, which assembles an embedder ({@link
 * org.studybot.semantic.OnnxEmbedder#load} loads the native libraries and the {@link
 * org.studybot.semantic.SentenceModel} the configuration names) and a
 * {@link org.studybot.semantic.VectorStore}; {@link org.studybot.semantic.ArticleVectors} turns a
 * corpus into vectors (embedding only what the store lacks; {@link
 * org.studybot.semantic.VectorCache} keeps them in a file under the data directory, {@code
 * store.SharedVectors} in the shared store), {@code VectorIndex} keeps them in a Lucene HNSW
 * index (on disk, updated by difference) and {@link
 * org.studybot.semantic.IndexedVectors} offers both to search as its {@link
 * org.studybot.search.VectorSearch} port ({@code FlatVectors}, searched exactly, serves a large
 * cold start's interim vectors: {@link org.studybot.semantic.Semantic#addQuickVectors}); {@link org.studybot.semantic.HybridMatcher} answers
 * questions from both rankings. {@link org.studybot.semantic.Embedder} is the seam tests replace
 * with a deterministic fake.
 */
package org.studybot.semantic;

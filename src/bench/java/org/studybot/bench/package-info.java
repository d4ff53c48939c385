/**
 * Benchmarks, apart from the unit tests: a corpus generator, the engine's load/query/reload
 * benchmark, the bare SnakeYAML + Lucene floor, a signed slash-command load client and the report
 * writer. Compiled with the tests on every build (test sources, so never in the jar; no class is
 * named like a test, so surefire never runs one); {@code bash bench/run.sh} runs them all and
 * writes {@code BENCHMARKS.md}. {@code org.studybot.semantic.FusionBench}, beside these in
 * src/bench, tunes the hybrid matcher's fusion on the evaluation set.
 */
package org.studybot.bench;

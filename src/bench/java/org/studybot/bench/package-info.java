/**
 * Benchmarks, apart from the unit tests: a corpus generator, the engine's load/query/reload
 * benchmark, the bare SnakeYAML + Lucene floor, a signed slash-command load client and the report
 * writer. Compiled only with {@code mvn -Pbench}; {@code bash bench/run.sh} runs them all and
 * writes {@code BENCHMARKS.md}.
 */
package org.studybot.bench;

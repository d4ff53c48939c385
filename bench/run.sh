#!/usr/bin/env bash
# StudyBot's benchmark: generates the corpora, runs every benchmark and writes BENCHMARKS.md.
#
#   bash bench/run.sh                      # 1k, 10k, 100k; 3 runs each; lexical
#   bash bench/run.sh --semantic on        # also the semantic engine, with a warm vector cache
#   bash bench/run.sh --semantic on --semantic-sizes "1k 10k"   # semantic only at these sizes
#   (semantic runs ask --semantic-queries questions, 2,000 by default: embedding each one is slow)
#   bash bench/run.sh --sizes "1k 10k" --runs 1   # a quick look
#
# Needs Java 17, Maven, and the Debian package dict-gcide (installed here with apt-get when
# missing). Corpora go to $STUDYBOT_BENCH_DIR (default /tmp/studybot-bench) and are reused while
# the generator's inputs and the seed stay the same. Each figure is the median of --runs fresh JVMs.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="1k 10k 100k"
RUNS=3
SEMANTIC=off
SEMANTIC_SIZES=""
SLACK=on
QUERIES=20000
SEMANTIC_QUERIES=2000
SEED=42
DATA="${STUDYBOT_BENCH_DIR:-/tmp/studybot-bench}"
COMMAND="bash bench/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --semantic) SEMANTIC="$2"; shift 2 ;;
    --semantic-sizes) SEMANTIC_SIZES="$2"; shift 2 ;;
    --slack) SLACK="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;;
    --semantic-queries) SEMANTIC_QUERIES="$2"; shift 2 ;;
    *) echo "bench/run.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done

# 1. The word source for the generator.
if [ ! -f /usr/share/dictd/gcide.index ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y dict-gcide
fi

# 2. The jar and the benchmarks (src/bench/java, compiled with the tests; see pom.xml).
mvn -q -B -DskipTests package
CP="target/studybot.jar:target/test-classes"
JAVA=(java -Xmx2g -Dfile.encoding=UTF-8 -cp "$CP")

# 3. The corpora.
count() { case "$1" in *k) echo $(( ${1%k} * 1000 )) ;; *) echo "$1" ;; esac; }
mkdir -p "$DATA"
for size in $SIZES; do
  n=$(count "$size")
  marker="$DATA/$size/.generated-$n-seed$SEED-$(git hash-object src/bench/java/org/studybot/bench/CorpusGenerator.java src/bench/java/org/studybot/bench/Dictionary.java | md5sum | cut -c1-8)"
  if [ ! -f "$marker" ]; then
    rm -rf "${DATA:?}/$size"
    "${JAVA[@]}" org.studybot.bench.CorpusGenerator --out "$DATA/$size" --count "$n" --seed "$SEED" --starter content
    touch -d '1 hour ago' "$DATA/$size" && find "$DATA/$size" -name '*.md' -exec touch -d '1 hour ago' {} +
    touch "$marker"
  fi
done

# 4. The machine, then the runs: floor and engine alternate so both see the same conditions.
RESULTS="$DATA/results-$(date -u +%Y%m%dT%H%M%SZ).tsv"
MACHINE="$DATA/machine.txt"
{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "memory:  $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "java:    $(java -version 2>&1 | head -1)"
  echo "jvm:     -Xmx2g, default GC (G1)"
  echo "git:     $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$MACHINE"
for size in $SIZES; do
  for run in $(seq 1 "$RUNS"); do
    echo "== $size run $run/$RUNS: floor" >&2
    "${JAVA[@]}" org.studybot.bench.FloorBench --content "$DATA/$size" --results "$RESULTS" --size "$size" --run "$run"
    echo "== $size run $run/$RUNS: engine, lexical" >&2
    "${JAVA[@]}" org.studybot.bench.EngineBench --content "$DATA/$size" --results "$RESULTS" --size "$size" --run "$run" \
      --semantic off --queries "$QUERIES" --data "$DATA/data-$size"
    if [ "$SEMANTIC" = on ] && { [ -z "$SEMANTIC_SIZES" ] || [[ " $SEMANTIC_SIZES " == *" $size "* ]]; }; then
      if [ "$run" = 1 ] && [ ! -f "$DATA/data-$size/vectors/article-vectors.bin" ]; then
        echo "== $size: warming the vector cache (embeds every article once; not measured)" >&2
        "${JAVA[@]}" org.studybot.bench.EngineBench --content "$DATA/$size" --results /dev/null --size "$size" \
          --semantic on --queries 100 --data "$DATA/data-$size"
      fi
      echo "== $size run $run/$RUNS: engine, semantic (warm vector cache)" >&2
      "${JAVA[@]}" org.studybot.bench.EngineBench --content "$DATA/$size" --results "$RESULTS" --size "$size" --run "$run" \
        --semantic on --queries "$SEMANTIC_QUERIES" --data "$DATA/data-$size"
    fi
  done
done

# 5. The Slack HTTP path on the largest corpus (serve in HTTP mode, lexical, signed /ask at 50/s on loopback).
#    If a build has no HTTP mode, SlackBench records "not available" instead of failing.
if [ "$SLACK" = on ]; then
  largest="${SIZES##* }"
  echo "== Slack HTTP path, $largest" >&2
  "${JAVA[@]}" org.studybot.bench.SlackBench --jar target/studybot.jar --content "$DATA/$largest" --results "$RESULTS" \
    --size "$largest" --rate 50 --seconds 30 --semantic off || echo "SlackBench failed: see above" >&2
fi

echo "load average at end:   $(cut -d' ' -f1-3 /proc/loadavg)" >> "$MACHINE"
"${JAVA[@]}" org.studybot.bench.Report --results "$RESULTS" --machine "$MACHINE" --notes bench/notes.md \
  --command "$COMMAND" --out BENCHMARKS.md
echo "results: $RESULTS; report: BENCHMARKS.md" >&2

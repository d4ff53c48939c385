#!/usr/bin/env bash
# Cold start with semantic matching: time to the first answer by words alone, progressively (words
# at once, quick meaning after the quick pass, full meaning when embedded), in one pass (no quick
# pass, as before it) and blocking (every article embedded first, as before progressive readiness),
# time to words and meaning, and a warm restart. One fresh JVM per run; medians printed at the end.
#
#   bash bench/coldstart.sh                    # 10k articles, 3 runs of each mode
#   bash bench/coldstart.sh --size 1k --runs 1 # a quick look
#   bash bench/coldstart.sh --size 100k --runs 1 --modes words,progressive,warm,blocking --heap 6g
#                                              # the targets' modes only (onepass is for comparison)
#
# Needs Java 17, Maven and the Debian package dict-gcide (the corpus generator's words).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=10k
RUNS=3
MODES="words progressive warm onepass blocking"
HEAP=2g
SEED=42
DATA="${STUDYBOT_BENCH_DIR:-/tmp/studybot-bench}"
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --modes) MODES="${2//,/ }"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    *) echo "bench/coldstart.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
count() { case "$1" in *k) echo $(( ${1%k} * 1000 )) ;; *) echo "$1" ;; esac; }

mvn -q -B -DskipTests package
# A copy of the build, so the working tree can be rebuilt while the runs go on.
BUILD="$(mktemp -d)"
trap 'rm -rf "$BUILD"' EXIT
cp -r target/studybot.jar target/test-classes "$BUILD"/
CP="$BUILD/studybot.jar:$BUILD/test-classes"
JAVA=(java "-Xmx$HEAP" -Dfile.encoding=UTF-8 -cp "$CP")
mkdir -p "$DATA"
CORPUS="$DATA/$SIZE"
marker="$CORPUS/.generated-$(count "$SIZE")-seed$SEED-$(git hash-object src/bench/java/org/studybot/bench/CorpusGenerator.java src/bench/java/org/studybot/bench/Dictionary.java | md5sum | cut -c1-8)"
if [ ! -f "$marker" ]; then
  rm -rf "${CORPUS:?}"
  "${JAVA[@]}" org.studybot.bench.CorpusGenerator --out "$CORPUS" --count "$(count "$SIZE")" --seed "$SEED" --starter content
  touch "$marker"
fi

RESULTS="$DATA/coldstart-$(date -u +%Y%m%dT%H%M%SZ).tsv"
# The native libraries are unpacked once under the data directory (a first install), not measured.
echo "== preparing $DATA/coldstart-data-$SIZE (native libraries; not measured)" >&2
"${JAVA[@]}" org.studybot.bench.ColdStartBench --content content --data "$DATA/coldstart-data-$SIZE" \
  --mode progressive --results /dev/null --size prep > /dev/null
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$RUNS"); do
  for mode in $MODES; do
    echo "== $SIZE run $run/$RUNS: $mode" >&2
    "${JAVA[@]}" org.studybot.bench.ColdStartBench --content "$CORPUS" --data "$DATA/coldstart-data-$SIZE" \
      --mode "$mode" --results "$RESULTS" --size "$SIZE" --run "$run"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Medians per mode and metric, then the ratios the targets are about.
python3 - "$RESULTS" <<'PY' | tee "$RESULTS.medians"
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    size, mode, run, metric, value = line.rstrip("\n").split("\t")
    runs.setdefault((mode, metric), []).append(float(value))
m = {k: statistics.median(v) for k, v in runs.items()}
for (mode, metric), v in sorted(runs.items()):
    print(f"{mode}\t{metric}\t{m[(mode, metric)]:.3f}\t({len(v)} runs: {' '.join(f'{x:.3f}' for x in v)})")
def ratio(label, a, b):
    if a in m and b in m:
        print(f"{label}: {m[a] / m[b]:.2f}")
ratio("first answer, progressive / words alone", ("progressive", "first_answer_s"), ("words", "first_answer_s"))
ratio("words and meaning, progressive / blocking first answer", ("progressive", "hybrid_s"), ("blocking", "first_answer_s"))
ratio("first answer, warm / words alone", ("warm", "first_answer_s"), ("words", "first_answer_s"))
ratio("words and quick meaning, progressive / blocking first answer", ("progressive", "quick_hybrid_s"), ("blocking", "first_answer_s"))
# Issue 15's target: hybrid active after at most 40 % of the old cold embedding time, counted from
# the first answer by words (the blocking start's embedding is its first answer less the words').
# In wall seconds, then in CPU seconds of the process (JVM start included), steadier than wall
# time on a shared machine.
def embedding_share(unit, prefix):
    words, blocking = ("words", "first_answer" + unit), ("blocking", "first_answer" + unit)
    if not all(k in m for k in [("progressive", "quick_hybrid" + unit), words, blocking]):
        return
    old = m[blocking] - m[words]
    for milestone, label in [("quick_hybrid", "words and quick meaning"), ("hybrid", "words and full meaning")]:
        print(f"{prefix}({label} - words alone's first answer) / old blocking embedding time: "
              f"{(m[('progressive', milestone + unit)] - m[words]) / old:.2f}")
embedding_share("_s", "")
ratio("words and full meaning, progressive / one pass", ("progressive", "hybrid_s"), ("onepass", "hybrid_s"))
embedding_share("_cpu_s", "CPU: ")
ratio("CPU: words and quick meaning, progressive / blocking first answer", ("progressive", "quick_hybrid_cpu_s"), ("blocking", "first_answer_cpu_s"))
PY
echo "results: $RESULTS" >&2

#!/usr/bin/env bash
# The store's benchmark (org.studybot.bench.StoreBench): latency of enqueue/claim/complete/recorded (the work-key look-up)
# and cycle throughput on SQLite, and on PostgreSQL when one is reachable (STUDYBOT_TEST_PG_URL,
# else the database .ci/postgres creates).
#   bash bench/store.sh [--runs 5] [--items 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=5
ITEMS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --items) ITEMS="$2"; shift 2 ;;
    *) echo "bench/store.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
PG="${STUDYBOT_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/studybot_test?user=studybot_test&password=studybot_test}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -o -DskipTests package
fi
java -Xmx1g -Dfile.encoding=UTF-8 -cp target/studybot.jar:target/test-classes \
  org.studybot.bench.StoreBench "$RUNS" "$ITEMS" "$PG"

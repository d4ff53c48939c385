#!/usr/bin/env bash
# The replica targets (org.studybot.bench.ReplicaBench) on the packaged jar, against the stand-in
# Slack on loopback: (1) one replica's answer latency at a paced 50 mentions/s on PostgreSQL vs the
# embedded SQLite store (target: PostgreSQL <= 1.2x); (2) two replicas' throughput vs one when the
# Web API is the bottleneck (50 ms a call, 2 workers a replica; target: 2x). Needs a PostgreSQL:
# STUDYBOT_TEST_PG_URL, else the database .ci/postgres creates. Medians of --runs fresh processes.
#   bash bench/replicas.sh [--mode latency|throughput] [--runs 3] [--rate 50] [--seconds 20]
#                          [--delay-ms 50] [--workers 2] [--count 600] [--compare-jar OTHER.jar]
# (without --mode: both; options go to ReplicaBench as they are.)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="${STUDYBOT_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/studybot_test?user=studybot_test&password=studybot_test}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -o -DskipTests package
fi
bench() {
  java -Xmx1g -Dfile.encoding=UTF-8 -cp target/studybot.jar:target/test-classes org.studybot.bench.ReplicaBench \
    --content src/test/resources/slack-corpus --pg "$PG" "$@"
}
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); git $(git rev-parse --short HEAD)"
if [[ " $* " == *" --mode "* ]]; then
  bench "$@"
else
  bench --mode latency "$@"
  bench --mode throughput "$@"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

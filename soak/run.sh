#!/usr/bin/env bash
# The bounded soak: builds the jar and the driver, then runs the real bot in Slack HTTP mode on
# loopback against a fake Web API for 3 minutes (by default) and prints a summary.
# Exit 0: everything held; 1: something failed (the summary says what); 2: a bad option.
# Options go to the driver, e.g. soak/run.sh --duration 10m --rate 40 (see soak/README-section.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SOAK_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -Psoak -DskipTests package
fi
exec java -Dfile.encoding=UTF-8 -Xmx512m \
  -cp "target/test-classes:target/classes:$(cat target/soak.classpath)" \
  org.studybot.soak.Soak "$@"

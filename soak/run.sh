#!/usr/bin/env bash
# The bounded soak: builds the jar and the driver, then runs the real bot in Slack HTTP mode on
# loopback against a fake Web API for 3 minutes (by default) and prints a summary.
# Exit 0: everything held; 1: something failed (the summary says what); 2: a bad option.
# Options go to the driver, e.g. soak/run.sh --duration 10m --rate 40 (see README.md, "Soak test").
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SOAK_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -DskipTests package
fi
# The measurement kit's one class path, as bench/*.sh: the packaged jar (the bot's classes and its
# libraries, the bundled evaluation set) and the compiled test, benchmark and soak sources.
exec java -Dfile.encoding=UTF-8 -Xmx512m \
  -cp "target/studybot.jar:target/test-classes" \
  org.studybot.soak.Soak "$@"

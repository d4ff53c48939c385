#!/usr/bin/env bash
# Writes COUNT (default 5000) short dictionary-style distractor articles, one per entry of Debian's
# dict-foldoc, in the seed's format, for measuring matching with distractors loaded beside content/:
#
#   bash src/test/scripts/make-dictionary-distractors.sh /tmp/distractors 5000
#   java -jar target/studybot.jar eval --distractors /tmp/distractors
#
# Needs `apt-get install dict-foldoc` and compiled test classes (mvn test-compile).
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ -d target/test-classes/org/studybot/eval ] || mvn -B -ntp -q test-compile
exec java -cp target/test-classes org.studybot.eval.DictionaryDistractors "$@"

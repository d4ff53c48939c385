#!/usr/bin/env bash
# Checks deploy/studybot.service with `systemd-analyze verify`. systemd does not need to be
# running (it works in a container); it only needs to be installed. The command exits 0 even for
# an unknown key or a bad value (it prints a warning and ignores the line), so any output fails.
set -euo pipefail
cd "$(dirname "$0")"
unit=studybot.service
out=$(systemd-analyze verify "$unit" 2>&1) || { echo "$out" >&2; echo "systemd-analyze verify $unit failed" >&2; exit 1; }
if [ -n "$out" ]; then
  echo "$out" >&2
  echo "systemd-analyze verify $unit: warnings above (an ignored line is a broken unit)" >&2
  exit 1
fi
echo "systemd-analyze verify deploy/$unit: ok"

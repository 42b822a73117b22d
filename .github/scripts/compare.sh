#!/usr/bin/env bash
# Compares a run with a baseline, adds the table to the job summary, and exits with bench compare's
# code: 0 no regression, 1 regression, 2 unreadable input.
# Usage: compare.sh BASELINE CURRENT [THRESHOLD]   (BENCH: the bench command, default the built CLI)
set -uo pipefail
bench=${BENCH:-"node dist/src/cli/main.js"}
table=$(mktemp)
$bench compare "$1" "$2" --threshold "${3:-10%}" > "$table"
code=$?
cat "$table"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$table" >> "$GITHUB_STEP_SUMMARY"; fi
rm -f "$table"
exit $code

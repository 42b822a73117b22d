#!/usr/bin/env bash
# Merges the shard directories that hold a run.json into one report and adds it to the job summary.
# A shard that died before writing run.json is named in a warning and left out.
# Usage: merge-shards.sh OUT_DIR SHARD_DIR...   (BENCH: the bench command, default the built CLI)
set -euo pipefail
bench=${BENCH:-"node dist/src/cli/main.js"}
out=$1
shift
runs=()
for dir in "$@"; do
  if [ -f "$dir/run.json" ]; then
    runs+=("$dir")
  else
    echo "::warning::$dir has no run.json (its shard ended before writing a report); left out of the merge"
  fi
done
if [ ${#runs[@]} -eq 0 ]; then
  echo "::error::no shard wrote a run.json"
  exit 1
fi
$bench report "${runs[@]}" --out "$out"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$out/report.md" >> "$GITHUB_STEP_SUMMARY"; fi

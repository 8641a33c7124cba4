#!/usr/bin/env bash
# Guide section 06: what the pruners of 05 killed, and what a later start changes. Runs (52 trials,
# the same configurations as 05) the median pruner with a 3-epoch warm-up and ASHA with a 3-epoch
# first rung, then compares every variant's trials with the no-pruning run's learning curves
# (target/guide/05/none/journal.jsonl; run 05-network.sh first). Raw results: target/guide/06/.
# Takes about 8-12 min on a 2-core box.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=target/guide/06
mkdir -p "$OUT"
run() { # variant, config, then run options
  local v="$1" config="$2"; shift 2
  rm -rf "$OUT/$v"; mkdir -p "$OUT/$v"
  local before; before="$(uptime)"
  local start; start="$(date -u +%FT%TZ)"
  submit/local.sh "$config" --output "$OUT/$v" --storage "$OUT/$v/journal.jsonl" "$@" \
    > "$OUT/$v/console.txt" 2> "$OUT/$v/log.txt"
  printf '%s\t%s\t%s\t%s\n' "$v" "$start" "${before##*load average: }" \
    "$(uptime | sed 's/.*load average: //')" >> "$OUT/runs.tsv"
}
if [[ "${1:-}" != "--table" ]]; then
  rm -f "$OUT/runs.tsv"
  run median-warmup3 conf/guide/05-network.yaml --pruner median --pruner-warmup-steps 3
  run asha-min3 conf/guide/06-pruning-tradeoff.yaml
fi
python3 docs/guide/measure/06-late-bloomers.py target/guide/05 "$OUT"

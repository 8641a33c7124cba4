#!/usr/bin/env bash
# Guide section 09: conf/guide/09-mnist.yaml on the bundled MNIST subset (40 TPE trials, ASHA).
# Run from the repo root: docs/guide/measure/09-mnist.sh. Raw results: target/guide/09/bundled/;
# prints the table row. About 5-10 min on 2 cores. Full-size MNIST (not run here): put the IDX
# files in data/mnist and run: submit/local.sh conf/guide/09-mnist-full.yaml
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=target/guide/09
mkdir -p "$OUT"
if [[ "${1:-}" != "--table" ]]; then
  rm -rf "$OUT/bundled"; mkdir -p "$OUT/bundled"
  before="$(uptime)"; start="$(date -u +%FT%TZ)"
  submit/local.sh conf/guide/09-mnist.yaml --storage "$OUT/bundled/journal.jsonl" \
    > "$OUT/bundled/console.txt" 2> "$OUT/bundled/log.txt"
  printf '%s\t%s\t%s\t%s\n' bundled "$start" "${before##*load average: }" \
    "$(uptime | sed 's/.*load average: //')" > "$OUT/runs.tsv"
fi
python3 - "$OUT" <<'PY'
import json, sys, csv
out = sys.argv[1]
r = next(csv.reader(open(f"{out}/runs.tsv"), delimiter="\t"))
s = json.load(open(f"{out}/bundled/summary.json"))
c = s["counts"]
print("| data | trials | complete / pruned | epochs trained (of no pruning) | default test accuracy | best validation accuracy | its test accuracy | gain | wall s | started (UTC) | load before / after |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
print(f"| bundled (6,400 train / 1,600 validation / 2,000 test) | {s['nTrials']} | {c['COMPLETE']} / {c['PRUNED']} "
      f"| {s['epochsTrained']} ({100*s['epochsTrained']/s['epochsWithoutPruning']:.1f}%) | {s['defaultTestScore']:.4f} "
      f"| {s['bestValue']:.4f} | {s['testScore']:.4f} | {s['gainOverDefaults']:+.4f} | {s['wallSeconds']:.0f} | {r[1]} | {r[2]} / {r[3]} |")
print(f"\nBest parameters: {s['bestParams']}")
PY

#!/usr/bin/env bash
# Guide section 05: the MNIST perceptron with no pruning and with the median, percentile and ASHA
# pruners, 52 trials each (the same 52 random configurations: same sampler seed). Run from the repo
# root: docs/guide/measure/05-network.sh. Raw results go to target/guide/05/<variant>/ (summary.json,
# trials.csv, report.html, plots/, journal.jsonl) and target/guide/05/runs.tsv; prints the table.
# Takes about 15-25 min on a 2-core box.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=target/guide/05
CONFIG=conf/guide/05-network.yaml
mkdir -p "$OUT"
run() { # variant, then run options
  local v="$1"; shift
  rm -rf "$OUT/$v"; mkdir -p "$OUT/$v"
  local before; before="$(uptime)"
  local start; start="$(date -u +%FT%TZ)"
  submit/local.sh "$CONFIG" --output "$OUT/$v" --storage "$OUT/$v/journal.jsonl" "$@" \
    > "$OUT/$v/console.txt" 2> "$OUT/$v/log.txt"
  printf '%s\t%s\t%s\t%s\n' "$v" "$start" "${before##*load average: }" \
    "$(uptime | sed 's/.*load average: //')" >> "$OUT/runs.tsv"
}
if [[ "${1:-}" != "--table" ]]; then
  rm -f "$OUT/runs.tsv"
  run none --pruner none
  run median --pruner median
  run percentile --pruner percentile --pruner-percentile 25
  run asha --pruner asha
fi
python3 - "$OUT" none median percentile asha <<'PY'
import json, sys, csv
out, variants = sys.argv[1], sys.argv[2:]
runs = {r[0]: r for r in csv.reader(open(f"{out}/runs.tsv"), delimiter="\t")}
print("| pruner | trials | complete / pruned | epochs trained (of no pruning) | best validation accuracy | its test accuracy | gain over the defaults | wall s | started (UTC) | load before / after (1, 5, 15 min) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for v in variants:
    s = json.load(open(f"{out}/{v}/summary.json"))
    c = s["counts"]
    r = runs.get(v, [v, "?", "?", "?"])
    name = v + (" (25)" if v == "percentile" else "")
    print(f"| {name} | {s['nTrials']} | {c['COMPLETE']} / {c['PRUNED']} | {s['epochsTrained']} "
          f"({100.0 * s['epochsTrained'] / s['epochsWithoutPruning']:.1f}%) | {s['bestValue']:.4f} "
          f"| {s['testScore']:.4f} | {s['gainOverDefaults']:+.4f} | {s['wallSeconds']:.0f} | {r[1]} "
          f"| {r[2]} / {r[3]} |")
s = json.load(open(f"{out}/none/summary.json"))
print(f"\nDefaults {s['defaultParams']}: validation {s['defaultValidationScore']:.4f}, test {s['defaultTestScore']:.4f}")
PY

#!/usr/bin/env bash
# Guide section 10: the diabetes regression (XGBoost, RMSE) with the median pruner and with none,
# 60 TPE trials each, two seeds. Run from the repo root: docs/guide/measure/10-regression.sh.
# Raw results: target/guide/10/<variant>-s<seed>/; prints the table. About 3-5 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=target/guide/10
CONFIG=conf/guide/10-regression.yaml
SEEDS=(10 11)
mkdir -p "$OUT"
run() { # variant seed, then run options
  local v="$1" seed="$2"; shift 2
  local dir="$OUT/$v-s$seed"
  rm -rf "$dir"; mkdir -p "$dir"
  local before; before="$(uptime)"
  local start; start="$(date -u +%FT%TZ)"
  submit/local.sh "$CONFIG" --seed "$seed" --output "$dir" "$@" > "$dir/console.txt" \
    2> "$dir/log.txt"
  printf '%s\t%s\t%s\t%s\n' "$v-s$seed" "$start" "${before##*load average: }" \
    "$(uptime | sed 's/.*load average: //')" >> "$OUT/runs.tsv"
}
if [[ "${1:-}" != "--table" ]]; then
  rm -f "$OUT/runs.tsv"
  for seed in "${SEEDS[@]}"; do
    run none "$seed" --pruner none
    run median "$seed" --pruner median
  done
fi
python3 - "$OUT" "${SEEDS[@]}" <<'PY'
import json, sys, csv, statistics as st
out, seeds = sys.argv[1], sys.argv[2:]
runs = {r[0]: r for r in csv.reader(open(f"{out}/runs.tsv"), delimiter="\t")}
print("| pruner | seed | complete / pruned | rounds trained (of no pruning) | best validation RMSE | its test RMSE | wall s | started (UTC) | load before / after |")
print("|---|---|---|---|---|---|---|---|---|")
agg = {}
for v in ["none", "median"]:
    for seed in seeds:
        s = json.load(open(f"{out}/{v}-s{seed}/summary.json"))
        c, r = s["counts"], runs.get(f"{v}-s{seed}", ["", "?", "?", "?"])
        share = s["roundsTrained"] / s["roundsWithoutPruning"]
        agg.setdefault(v, []).append((share, s["bestValue"], s["testScore"], s["wallSeconds"]))
        print(f"| {v} | {seed} | {c['COMPLETE']} / {c['PRUNED']} | {s['roundsTrained']} ({100*share:.1f}%) "
              f"| {s['bestValue']:.2f} | {s['testScore']:.2f} | {s['wallSeconds']:.1f} | {r[1]} | {r[2]} / {r[3]} |")
print("\n| pruner | median share of rounds | median best validation RMSE | median test RMSE | median wall s |")
print("|---|---|---|---|---|")
for v, rows in agg.items():
    m = [st.median(x) for x in zip(*rows)]
    print(f"| {v} | {100*m[0]:.1f}% | {m[1]:.2f} | {m[2]:.2f} | {m[3]:.1f} |")
PY

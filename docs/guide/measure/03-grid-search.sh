#!/usr/bin/env bash
# Section 03 (grid search): the seed's 35-point grid of conf/digits.yaml, once, with the default
# native engine on local[*]. Run from the repo root:  docs/guide/measure/03-grid-search.sh
# Raw results: target/guide/03/ (console.txt, summary.json, trials.csv, uptime.txt); prints the
# table rows in Markdown.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
RAW=target/guide/03
rm -rf "$RAW"; mkdir -p "$RAW"
{ date -u '+start %F %T UTC'; uptime; } > "$RAW/uptime.txt"
start=$(date +%s.%N)
submit/local.sh conf/digits.yaml --output "$RAW/grid" > "$RAW/console.txt" 2>&1
end=$(date +%s.%N)
{ date -u '+end %F %T UTC'; uptime; } >> "$RAW/uptime.txt"
cp "$RAW/grid/summary.json" "$RAW/grid/trials.csv" "$RAW/"
command_wall=$(echo "$end - $start" | bc)
jq -r --arg cw "$command_wall" '"| grid (35 points, seed \(.seed)) | \(.counts.COMPLETE) | \(.bestValue*10000|round/10000) | \(.bestParams|tostring) | \(.testScore*10000|round/10000) | \(.wallSeconds) | \($cw|tonumber*10|round/10) |"' "$RAW/summary.json"
# the worst grid point (what direction: minimize would report as best)
python3 - "$RAW/trials.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["state"] == "COMPLETE"]
rows.sort(key=lambda r: float(r["value"]))
w, b = rows[0], rows[-1]
ne = sorted({int(r["params_n_estimators"]) for r in rows}); md = sorted({int(r["params_max_depth"]) for r in rows})
v = {(int(r["params_n_estimators"]), int(r["params_max_depth"])): float(r["value"]) for r in rows}
print("| n_estimators \\ max_depth | " + " | ".join(map(str, md)) + " |")
print("| --- |" + " --- |" * len(md))
for n in ne:
    print(f"| {n} | " + " | ".join(f"{v[(n, d)]:.4f}" for d in md) + " |")
print(f"worst grid point: n_estimators={w['params_n_estimators']}, max_depth={w['params_max_depth']}: {float(w['value']):.4f}; best: n_estimators={b['params_n_estimators']}, max_depth={b['params_max_depth']}: {float(b['value']):.4f}")
PY
cat "$RAW/uptime.txt"

#!/usr/bin/env bash
# Section 02 (direction): the digits grid with direction minimize (conf/guide/02-minimize.yaml),
# and TPE at 10 trials both ways (seed 42), default native engine, local[*].
#   docs/guide/measure/02-direction.sh
# Raw results: target/guide/02/<run>/ (summary.json, trials.csv), <run>.console.txt, uptime.txt;
# prints the Markdown table rows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
RAW=target/guide/02
rm -rf "$RAW"; mkdir -p "$RAW"
{ date -u '+start %F %T UTC'; uptime; } > "$RAW/uptime.txt"
run() { # run NAME CONFIG [options...]
  local name="$1" config="$2"; shift 2
  submit/local.sh "$config" --output "$RAW/$name" "$@" > "$RAW/$name.console.txt" 2>&1
}
run grid-minimize conf/guide/02-minimize.yaml
run tpe-minimize conf/guide/02-minimize.yaml --sampler tpe --n-trials 10
run tpe-maximize conf/digits.yaml --sampler tpe --n-trials 10
{ date -u '+end %F %T UTC'; uptime; } >> "$RAW/uptime.txt"
echo "| run | direction | trials | reported best CV accuracy | its params | its test accuracy | wall s |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for name in grid-minimize tpe-minimize tpe-maximize; do
  jq -r --arg n "$name" '"| \($n) | \(.direction) | \(.counts.COMPLETE) | \(.bestValue*10000|round/10000) | \(.bestParams|tostring) | \(.testScore*10000|round/10000) | \(.wallSeconds) |"' "$RAW/$name/summary.json"
done
python3 - "$RAW" <<'PY'
import csv, os, sys
raw = sys.argv[1]
for name in ["grid-minimize", "tpe-minimize", "tpe-maximize"]:
    rows = [r for r in csv.DictReader(open(os.path.join(raw, name, "trials.csv"))) if r["state"] == "COMPLETE"]
    vals = sorted(float(r["value"]) for r in rows)
    print(f"{name}: min {vals[0]:.4f}, median {vals[len(vals)//2]:.4f}, max {vals[-1]:.4f} over {len(vals)} trials")
PY
cat "$RAW/uptime.txt"

#!/usr/bin/env bash
# Section 08 (parallel trials): conf/guide/08-parallel.yaml (digits, TPE, 20 trials, seed 42) on
# 1 slot (local[1]), on local[2], and on a standalone cluster of two one-core workers on
# 127.0.0.1 started from the Maven jars (submit/local-cluster.sh, port $PORT) and stopped after.
#   docs/guide/measure/08-parallel.sh
# Raw results: target/guide/08/<run>/ (summary.json, trials.csv), <run>.console.txt, uptime.txt;
# prints the Markdown table rows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
RAW=target/guide/08
PORT="${PORT:-7177}"           # not 7077, so another cluster on this machine is left alone
CONFIG=conf/guide/08-parallel.yaml
rm -rf "$RAW"; mkdir -p "$RAW"
{ date -u '+start %F %T UTC'; uptime; } > "$RAW/uptime.txt"
declare -A CMD_WALL
timed() { # timed NAME COMMAND...: runs it, console into RAW/NAME.console.txt
  local name="$1" t0 t1; shift
  t0=$(date +%s.%N)
  "$@" > "$RAW/$name.console.txt" 2>&1
  t1=$(date +%s.%N)
  CMD_WALL[$name]=$(echo "$t1 - $t0" | bc)
}
timed local1 env MASTER='local[1]' submit/local.sh "$CONFIG" --output "$RAW/local1"
echo "local[1] done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/uptime.txt"
timed local2 env MASTER='local[2]' submit/local.sh "$CONFIG" --output "$RAW/local2"
echo "local[2] done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/uptime.txt"
trap 'submit/local-cluster.sh stop >> "$RAW/cluster.txt" 2>&1 || true' EXIT
c0=$(date +%s.%N)
MASTER_PORT="$PORT" submit/local-cluster.sh start 2 1 > "$RAW/cluster.txt" 2>&1
c1=$(date +%s.%N)
timed standalone env MASTER="spark://127.0.0.1:$PORT" submit/standalone.sh "$CONFIG" --output "$RAW/standalone"
submit/local-cluster.sh stop >> "$RAW/cluster.txt" 2>&1; trap - EXIT
echo "standalone done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg); cluster start $(echo "$c1 - $c0" | bc) s" >> "$RAW/uptime.txt"
{ date -u '+end %F %T UTC'; uptime; } >> "$RAW/uptime.txt"
for n in local1 local2 standalone; do echo "$n ${CMD_WALL[$n]}"; done > "$RAW/command-wall.txt"
python3 - "$RAW" <<'PY'
import csv, json, os, sys
raw = sys.argv[1]
wall = dict(l.split() for l in open(os.path.join(raw, "command-wall.txt")))
names = {"local1": "1 slot (local[1])", "local2": "local[2]", "standalone": "standalone, 2 workers x 1 core"}
S = {n: json.load(open(os.path.join(raw, n, "summary.json"))) for n in names}
T = {n: sorted(csv.DictReader(open(os.path.join(raw, n, "trials.csv"))), key=lambda r: int(r["number"])) for n in names}
base = S["local1"]["wallSeconds"]
print("| run | slots | trials | study wall s | command wall s | speed-up (study) | utilization | busy slot-s | best CV | best params | test accuracy |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for n, label in names.items():
    s = S[n]; e = s["execution"]
    print(f"| {label} | {e['slots']} | {s['counts']['COMPLETE']} | {s['wallSeconds']:.1f} | {float(wall[n]):.1f} | {base / s['wallSeconds']:.2f}x | {e['utilization']:.3f} | {e['busySlotSeconds']:.1f} | {s['bestValue']:.4f} | {json.dumps(s['bestParams'])} | {s['testScore']:.4f} |")
print()
key = lambda r: (r["params_n_estimators"], r["params_max_depth"])
print("| trial | 1 slot | local[2] | standalone |")
print("| --- | --- | --- | --- |")
for i in range(len(T["local1"])):
    cells = []
    for n in names:
        r = T[n][i]
        cells.append(f"{r['params_n_estimators']}, {r['params_max_depth']}: {float(r['value']):.4f}")
    print(f"| {i} | " + " | ".join(cells) + " |")
for n in ["local2", "standalone"]:
    same = [i for i in range(len(T["local1"])) if key(T["local1"][i]) == key(T[n][i])]
    first = next((i for i in range(len(T["local1"])) if key(T["local1"][i]) != key(T[n][i])), None)
    distinct = len({key(r) for r in T[n]})
    print(f"{n}: {len(same)} of {len(T['local1'])} trials with the serial run's parameters; first difference at trial {first}; {distinct} distinct configurations (serial: {len({key(r) for r in T['local1']})})")
PY
cat "$RAW/uptime.txt"

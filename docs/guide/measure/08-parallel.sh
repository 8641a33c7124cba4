#!/usr/bin/env bash
# Section 08 (parallel trials): conf/guide/08-parallel.yaml (digits, TPE, 20 trials, seed 42) on
# 1 slot (local[1]), on local[2], and on a standalone cluster of two one-core workers on
# 127.0.0.1 started from the Maven jars (submit/local-cluster.sh, port $PORT) and stopped after;
# REPS (default 3) interleaved repetitions, medians reported.
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
REPS="${REPS:-3}"               # interleaved repetitions: 1 slot, local[2], standalone, 1 slot, ...
: > "$RAW/command-wall.txt"
timed() { # timed NAME COMMAND...: runs it, console into RAW/NAME.console.txt, wall into command-wall.txt
  local name="$1" t0 t1; shift
  t0=$(date +%s.%N)
  "$@" > "$RAW/$name.console.txt" 2>&1
  t1=$(date +%s.%N)
  echo "$name $(echo "$t1 - $t0" | bc)" >> "$RAW/command-wall.txt"
  echo "$name done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/uptime.txt"
}
trap 'submit/local-cluster.sh stop >> "$RAW/cluster.txt" 2>&1 || true' EXIT
c0=$(date +%s.%N)
MASTER_PORT="$PORT" submit/local-cluster.sh start 2 1 > "$RAW/cluster.txt" 2>&1
c1=$(date +%s.%N)
echo "cluster started in $(echo "$c1 - $c0" | bc) s" >> "$RAW/uptime.txt"
for r in $(seq 1 "$REPS"); do
  timed "local1-$r" env MASTER='local[1]' submit/local.sh "$CONFIG" --output "$RAW/local1-$r"
  timed "local2-$r" env MASTER='local[2]' submit/local.sh "$CONFIG" --output "$RAW/local2-$r"
  timed "standalone-$r" env MASTER="spark://127.0.0.1:$PORT" submit/standalone.sh "$CONFIG" --output "$RAW/standalone-$r"
done
submit/local-cluster.sh stop >> "$RAW/cluster.txt" 2>&1; trap - EXIT
{ date -u '+end %F %T UTC'; uptime; } >> "$RAW/uptime.txt"
python3 - "$RAW" "$REPS" <<'PY'
import csv, json, os, statistics as st, sys
raw, reps = sys.argv[1], int(sys.argv[2])
wall = dict(l.split() for l in open(os.path.join(raw, "command-wall.txt")))
names = {"local1": "1 slot (local[1])", "local2": "local[2]", "standalone": "standalone, 2 workers x 1 core"}
S = {(n, r): json.load(open(os.path.join(raw, f"{n}-{r}", "summary.json"))) for n in names for r in range(1, reps + 1)}
T = {n: sorted(csv.DictReader(open(os.path.join(raw, f"{n}-1", "trials.csv"))), key=lambda r: int(r["number"])) for n in names}
med = lambda n, f: st.median(f(S[(n, r)], r) for r in range(1, reps + 1))
base = med("local1", lambda s, r: s["wallSeconds"])
print(f"Medians of {reps} interleaved runs (each run's study wall in brackets):")
print()
print("| run | slots | trials | study wall s | command wall s | speed-up (study) | utilization | busy slot-s | best CV | test accuracy |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for n, label in names.items():
    e = S[(n, 1)]["execution"]
    walls = [S[(n, r)]["wallSeconds"] for r in range(1, reps + 1)]
    bests = ", ".join(sorted({"%.4f" % S[(n, r)]["bestValue"] for r in range(1, reps + 1)}))
    tests = ", ".join(sorted({"%.4f" % S[(n, r)]["testScore"] for r in range(1, reps + 1)}))
    print(f"| {label} | {e['slots']} | {S[(n, 1)]['counts']['COMPLETE']} | {st.median(walls):.1f} ({', '.join(f'{w:.1f}' for w in walls)}) "
          f"| {med(n, lambda s, r: float(wall[f'{n}-{r}'])):.1f} | {base / st.median(walls):.2f}x "
          f"| {med(n, lambda s, r: s['execution']['utilization']):.3f} | {med(n, lambda s, r: s['execution']['busySlotSeconds']):.1f} "
          f"| {bests} | {tests} |")
print()
key = lambda r: (r["params_n_estimators"], r["params_max_depth"])
print("Run 1's trials (n_estimators, max_depth: CV accuracy):")
print()
print("| trial | 1 slot | local[2] | standalone |")
print("| --- | --- | --- | --- |")
for i in range(len(T["local1"])):
    cells = [f"{T[n][i]['params_n_estimators']}, {T[n][i]['params_max_depth']}: {float(T[n][i]['value']):.4f}" for n in names]
    print(f"| {i} | " + " | ".join(cells) + " |")
for n in ["local2", "standalone"]:
    same = [i for i in range(len(T["local1"])) if key(T["local1"][i]) == key(T[n][i])]
    first = next((i for i in range(len(T["local1"])) if key(T["local1"][i]) != key(T[n][i])), None)
    print(f"{n} run 1: {len(same)} of {len(T['local1'])} trials with the serial run's parameters ({same}); first difference at trial {first}")
for n in names:
    runs = [[key(r) for r in sorted(csv.DictReader(open(os.path.join(raw, f"{n}-{k}", "trials.csv"))), key=lambda r: int(r["number"]))] for k in range(1, reps + 1)]
    print(f"{n}: the {reps} runs have {'the same' if all(x == runs[0] for x in runs) else 'different'} trial sequences; best params per run: {[json.dumps(S[(n, r)]['bestParams']) for r in range(1, reps + 1)]}")
PY
cat "$RAW/uptime.txt"

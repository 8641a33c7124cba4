#!/usr/bin/env bash
# Section 04 (performance/time trade-off): for each seed, the seed's 35-point grid of
# conf/digits.yaml, then TPE and random search at 10 trials on the same objective (study.seed
# seeds the sampler AND the split and the forests, so each seed's grid is that seed's reference),
# all with the default native engine on local[*] (2 slots here).
#   docs/guide/measure/04-tradeoff.sh                 # seeds 0..9
#   SEEDS="0 1 2" N_TRIALS=10 docs/guide/measure/04-tradeoff.sh
#   SEEDS="5 6 7 8 9" APPEND=1 docs/guide/measure/04-tradeoff.sh   # more seeds into the same table
#   (each seed is about 3 minutes here: run the ten in two invocations to keep each under 15 min)
# Raw results: target/guide/04/<sampler>-<seed>/ (summary.json, trials.csv, console.txt),
# target/guide/04/runs.tsv (one line per run), uptime.txt; prints the Markdown table rows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
SEEDS="${SEEDS:-0 1 2 3 4 5 6 7 8 9}"
N_TRIALS="${N_TRIALS:-10}"
RAW=target/guide/04
if [[ "${APPEND:-0}" != 1 ]]; then
  rm -rf "$RAW"; mkdir -p "$RAW"
  printf 'sampler\tseed\tbest_cv\ttest\twall_s\tcommand_s\ttrials\tbest_params\n' > "$RAW/runs.tsv"
fi
{ date -u '+start %F %T UTC'; echo "seeds $SEEDS"; uptime; } >> "$RAW/uptime.txt"
run() { # run SAMPLER SEED [options...]
  local sampler="$1" seed="$2"; shift 2
  local dir="$RAW/$sampler-$seed" t0 t1
  t0=$(date +%s.%N)
  submit/local.sh conf/digits.yaml --seed "$seed" --output "$dir" "$@" > "$RAW/$sampler-$seed.console.txt" 2>&1
  t1=$(date +%s.%N)
  jq -r --arg s "$sampler" --arg cw "$(echo "$t1 - $t0" | bc)" \
    '[$s, (.seed|tostring), (.bestValue|tostring), (.testScore|tostring), (.wallSeconds|tostring), $cw, (.counts.COMPLETE|tostring), (.bestParams|tostring)] | @tsv' \
    "$dir/summary.json" >> "$RAW/runs.tsv"
}
for seed in $SEEDS; do
  run grid "$seed"
  run tpe "$seed" --sampler tpe --n-trials "$N_TRIALS"
  run random "$seed" --sampler random --n-trials "$N_TRIALS"
  echo "seed $seed done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/uptime.txt"
done
{ date -u '+end %F %T UTC'; uptime; } >> "$RAW/uptime.txt"
python3 - "$RAW" <<'PY'
import csv, os, statistics as st, sys
raw = sys.argv[1]
runs = list(csv.DictReader(open(os.path.join(raw, "runs.tsv")), delimiter="\t"))
grid = {r["seed"]: float(r["best_cv"]) for r in runs if r["sampler"] == "grid"}
def reach(sampler, seed):
    """trials (in trial-number order) until the best so far reaches the seed's grid best"""
    rows = list(csv.DictReader(open(os.path.join(raw, f"{sampler}-{seed}", "trials.csv"))))
    rows.sort(key=lambda r: int(r["number"]))
    best = float("-inf")
    for i, r in enumerate(rows, 1):
        if r["state"] == "COMPLETE":
            best = max(best, float(r["value"]))
        if best >= grid[seed] - 1e-12:
            return i
    return None
print("| sampler | trials per study | median best CV | worst best CV | median test accuracy | worst test accuracy | median wall s (study) | median wall s (command) | studies reaching the grid's best | median trials to reach it |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for s in ["grid", "tpe", "random"]:
    rs = [r for r in runs if r["sampler"] == s]
    cv = [float(r["best_cv"]) for r in rs]; te = [float(r["test"]) for r in rs]
    wall = [float(r["wall_s"]) for r in rs]; cw = [float(r["command_s"]) for r in rs]
    n = rs[0]["trials"] if rs else "-"
    if s == "grid":
        reached = [35] * len(rs)
    else:
        reached = [reach(s, r["seed"]) for r in rs]
    ok = [x for x in reached if x is not None]
    med_reach = st.median(ok) if ok else "-"
    print(f"| {s} | {n} | {st.median(cv):.4f} | {min(cv):.4f} | {st.median(te):.4f} | {min(te):.4f} | {st.median(wall):.1f} | {st.median(cw):.1f} | {len(ok)} / {len(rs)} | {med_reach} |")
print()
print("| seed | grid best CV | grid test | TPE best CV | TPE test | TPE reach | random best CV | random test | random reach |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
by = {(r["sampler"], r["seed"]): r for r in runs}
for seed in sorted(grid, key=int):
    g, t, r = by[("grid", seed)], by[("tpe", seed)], by[("random", seed)]
    f = lambda x: "not reached" if x is None else str(x)
    print(f"| {seed} | {float(g['best_cv']):.4f} | {float(g['test']):.4f} | {float(t['best_cv']):.4f} | {float(t['test']):.4f} | {f(reach('tpe', seed))} | {float(r['best_cv']):.4f} | {float(r['test']):.4f} | {f(reach('random', seed))} |")
PY
cat "$RAW/uptime.txt"

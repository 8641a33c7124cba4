#!/usr/bin/env python3
"""Guide section 06: what the pruners killed. Reads the journals of the 05 runs (and the 06 runs)
and compares every variant's trials with the no-pruning run's learning curves: the same seed of
the random sampler gave trial i the same parameters in every run (checked below).

usage: 06-late-bloomers.py target/guide/05 target/guide/06
Prints Markdown tables: per variant, how many of the no-pruning run's 10 best configurations
reached the full budget, which were stopped and at which epoch, and the late bloomers among them
(in the bottom half at epoch 1 but in the top 10 at the end)."""
import json, os, sys, statistics as st

def load(path):
    trials, choices = {}, {}
    for line in open(path):
        e = json.loads(line)
        t = e.get("type")
        if t == "createTrial":
            trials[len(trials)] = {"params": {}, "curve": {}, "state": "RUNNING", "value": None}
        elif t == "setParam":
            d, x = e["distribution"], e["internal"]
            v = d["choices"][int(x)] if d["type"] == "categorical" else int(x) if d["type"] == "int" else x
            trials[e["trial"]]["params"][e["name"]] = v
        elif t == "report":
            trials[e["trial"]]["curve"].setdefault(e["step"], e["value"])
        elif t == "finish":
            trials[e["trial"]]["state"] = e["state"]
            trials[e["trial"]]["value"] = e.get("value")
    return trials

def short(p):
    s = f"{p['solver']}, {p['hidden_layers']}x{p['units']}"
    if p["solver"] == "gd":
        s += f", step {p['step_size']:.2g}"
    return s

d05, d06 = sys.argv[1], sys.argv[2]
none = load(f"{d05}/none/journal.jsonl")
E = max(max(t["curve"]) for t in none.values())
final = {i: t["curve"][E] for i, t in none.items()}
first = {i: t["curve"][1] for i, t in none.items()}
order = sorted(final, key=lambda i: -final[i])
top = order[:10]
rank1 = {i: r + 1 for r, i in enumerate(sorted(first, key=lambda i: -first[i]))}
n = len(none)
late = [i for i in top if rank1[i] > n / 2]

print(f"No-pruning run: {n} trials, {E} epochs each. Its 10 best configurations at epoch {E}:\n")
print(f"| trial | parameters | accuracy at epoch 1 (rank of {n}) | at epoch 3 | at epoch {E} (rank) | late bloomer |")
print("|---|---|---|---|---|---|")
for r, i in enumerate(top):
    c = none[i]["curve"]
    print(f"| {i} | {short(none[i]['params'])} | {c[1]:.4f} ({rank1[i]}) | {c.get(3, float('nan')):.4f} "
          f"| {c[E]:.4f} ({r + 1}) | {'yes' if i in late else ''} |")

variants = [(v, f"{d05}/{v}") for v in ("median", "percentile", "asha")]
variants += [(v, f"{d06}/{v}") for v in ("median-warmup3", "asha-min3")]
print(f"\nWhat each pruned run did with those 10 (a trial is stopped when its last reported epoch is < {E}):\n")
print("| variant | epochs trained | top-10 reaching epoch 9 | top-10 stopped (trial@epoch: final rank) | late bloomers stopped | best of the run (trial) | gap to none's best, points |")
print("|---|---|---|---|---|---|---|")
for v, d in variants:
    j = f"{d}/journal.jsonl"
    if not os.path.exists(j):
        continue
    tr = load(j)
    same = all(tr[i]["params"] == none[i]["params"] for i in tr if i in none)
    assert same, f"{v}: trial parameters differ from the no-pruning run"
    last = {i: max(t["curve"]) if t["curve"] else 0 for i, t in tr.items()}
    epochs = json.load(open(f"{d}/summary.json"))["epochsTrained"]  # asha reports at rungs only
    stopped = [i for i in top if last.get(i, 0) < E]
    full = {i: t["curve"][E] for i, t in tr.items() if E in t["curve"]}
    best = max(full, key=lambda i: full[i])
    print(f"| {v} | {epochs} ({100 * epochs / (n * E):.0f}%) | {10 - len(stopped)} of 10 "
          f"| {', '.join(f'{i}@{last[i]}: #{top.index(i) + 1}' for i in stopped) or '-'} "
          f"| {sum(1 for i in late if i in stopped)} of {len(late)} | {full[best]:.4f} ({best}) "
          f"| {100 * (final[order[0]] - full[best]):.2f} |")

# which hyperparameter: how much each changes between epoch 1 and the end, among no-pruning trials
print("\nRank at epoch 1 vs at the end, by solver and step size (no-pruning run):\n")
print("| group | trials | median accuracy epoch 1 | median epoch 9 | median rank gain (epoch 1 -> 9) |")
print("|---|---|---|---|---|")
rankE = {i: r + 1 for r, i in enumerate(order)}
groups = {
    "l-bfgs": [i for i in none if none[i]["params"]["solver"] == "l-bfgs"],
    "gd, step >= 0.1": [i for i in none if none[i]["params"]["solver"] == "gd" and none[i]["params"]["step_size"] >= 0.1],
    "gd, step 0.01-0.1": [i for i in none if none[i]["params"]["solver"] == "gd" and 0.01 <= none[i]["params"]["step_size"] < 0.1],
    "gd, step < 0.01": [i for i in none if none[i]["params"]["solver"] == "gd" and none[i]["params"]["step_size"] < 0.01],
}
for g, ids in groups.items():
    if ids:
        print(f"| {g} | {len(ids)} | {st.median(first[i] for i in ids):.4f} | {st.median(final[i] for i in ids):.4f} "
              f"| {st.median(rank1[i] - rankE[i] for i in ids):+.0f} |")

# replay: the median and percentile pruners on the no-pruning curves, one trial after the other
# (one slot: each trial is judged against the trials completed before it), Optuna's rule as
# io.sparktune.pruner.PercentilePruner implements it
def pct(xs, q):
    xs = sorted(xs)
    rank = q / 100 * (len(xs) - 1)
    lo, hi = int(rank), min(int(rank) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo)

def replay(percentile, warmup, startup=5):
    done, epochs, kept = [], 0, set()
    for i in sorted(none):
        c, best, pruned = none[i]["curve"], None, False
        for step in range(1, E + 1):
            epochs += 1
            best = c[step] if best is None else max(best, c[step])
            if step < E and len(done) >= startup and step >= warmup:
                if best < pct([none[j]["curve"][step] for j in done], 100 - percentile):
                    pruned = True
                    break
        if not pruned:
            done.append(i)
            kept.add(i)
    return epochs, kept

print("\nReplay of the median and percentile pruners on the no-pruning run's 52 curves, trials in order"
      " on one slot, 5 startup trials (the real runs above used 2 slots):\n")
print("| pruner | warm-up steps | epochs trained | top-10 reaching epoch 9 | top-10 stopped (final rank) | best kept | gap, points |")
print("|---|---|---|---|---|---|---|")
for name, p in (("median", 50), ("percentile 25", 25)):
    for w in (0, 2, 3, 5):
        epochs, kept = replay(p, w)
        best = max(kept, key=lambda i: final[i])
        lost = [f"#{top.index(i) + 1}" for i in top if i not in kept]
        print(f"| {name} | {w} | {epochs} ({100 * epochs / (n * E):.0f}%) | {10 - len(lost)} of 10 "
              f"| {', '.join(lost) or '-'} | {final[best]:.4f} ({best}) | {100 * (final[order[0]] - final[best]):.2f} |")

#!/usr/bin/env python3
"""Replays pruning policies offline on the NN workload's recorded learning curves.

NnPruningBench writes every trial's curve to target/bench-nn-curves-<seed>-<variant>.csv. The
'none' variant trains all 50 configurations for every epoch, and a trial's curve does not depend
on the schedule (each epoch warm-starts from the previous epoch's weights, checkpointed or not),
so any schedule can be replayed exactly on those curves: which epochs it trains and which trials
reach the full budget. Completion order comes from a virtual clock (each trial's measured seconds
per epoch, 2 slots), as in the real runner.

Policies: ASHA with promotion and the three quota roundings of
io.sparktune.pruner.asha.PromotionQuota (floor, ceil_from_eta, ceil), and the stopping variant
(Optuna's SuccessiveHalvingPruner rule at every rung). The replay of 'floor' gives the real
ASHA runs' epochs and best accuracy exactly (seeds 1-4); the stopping variant is timing-sensitive
(decisions depend on which trials reported a rung first), so its replay is indicative only.

usage: nn_policy_replay.py [--eta 3] [--min-resource 1] [--epochs 27] [--slots 2]
           target/bench-nn-curves-1-none.csv [...]
"""
import argparse
import collections
import csv
import heapq


def load(path):
    curves, seconds = collections.defaultdict(dict), {}
    for row in csv.DictReader(open(path)):
        t = int(row['trial'])
        curves[t][int(row['epoch'])] = float(row['value'])
        seconds[t] = float(row['trial_seconds'])
    return curves, seconds


def milestones(r_min, eta, r_max):
    out, m = [], r_min
    while m < r_max:
        out.append(m)
        m *= eta
    return out + [r_max]


class Asha:
    """The promotion variant (maximize), as AshaScheduler decides it."""

    def __init__(self, ms, eta, quota):
        self.ms, self.eta, self.quota = ms, eta, quota
        self.rungs = [[] for _ in ms]          # (value, trial) per rung
        self.promoted = [set() for _ in ms]
        self.paused = {}                       # trial -> rung it is paused at
        self.closed = False

    def _quota(self, n):
        up = (self.quota == 'ceil' or (self.quota == 'ceil_from_eta'
                                       and (self.closed or n >= self.eta)))
        return -(-n // self.eta) if up else n // self.eta

    def on_result(self, trial, rung, value):
        self.rungs[rung].append((value, trial))
        if rung < len(self.ms) - 1:
            self.paused[trial] = rung

    def next_promotion(self):
        for k in range(len(self.ms) - 2, -1, -1):
            ranked = sorted(self.rungs[k], key=lambda x: (-x[0], x[1]))
            q = self._quota(len(ranked))
            for i, (_, t) in enumerate(ranked[:q]):
                if self.paused.get(t) == k and t not in self.promoted[k]:
                    self.promoted[k].add(t)
                    del self.paused[t]
                    return t, k
        return None


def replay_asha(curves, seconds, quota, eta, r_min, r_max, slots, overhead=0.5):
    ms = milestones(r_min, eta, r_max)
    asha = Asha(ms, eta, quota)
    per_epoch = {t: seconds[t] / r_max for t in curves}
    n_trials = len(curves)
    clock, running, started, epochs, best, seq = 0.0, [], 0, 0, float('-inf'), 0
    while True:
        while len(running) < slots:
            asha.closed = started >= n_trials
            p = asha.next_promotion()
            if p is None and started < n_trials:
                p = (started, -1)
                started += 1
            if p is None:
                break
            t, frm = p
            e0, e1 = (0 if frm < 0 else ms[frm]), ms[frm + 1]
            epochs += e1 - e0
            heapq.heappush(running, (clock + overhead + per_epoch[t] * (e1 - e0), seq, t, frm + 1))
            seq += 1
        if not running:
            return epochs, best, clock
        clock, _, t, rung = heapq.heappop(running)
        value = curves[t][ms[rung]]
        asha.on_result(t, rung, value)
        if rung == len(ms) - 1:
            best = max(best, value)


def replay_stopping(curves, seconds, eta, r_min, r_max, slots, overhead=0.5):
    """Optuna's SuccessiveHalvingPruner: at a rung, continue if in the top max(1, n // eta)."""
    rungs = set(milestones(r_min, eta, r_max)[:-1])
    seen = collections.defaultdict(list)
    per_epoch = {t: seconds[t] / r_max for t in curves}
    n_trials = len(curves)
    events, started, epochs, best, seq = [], 0, 0, float('-inf'), 0
    clock = 0.0

    def start(now):
        nonlocal started, seq
        heapq.heappush(events, (now + overhead + per_epoch[started], seq, started, 1))
        seq += 1
        started += 1

    for _ in range(min(slots, n_trials)):
        start(0.0)
    while events:
        clock, _, t, e = heapq.heappop(events)
        epochs += 1
        value = curves[t][e]
        stop = e == r_max
        if e == r_max:
            best = max(best, value)
        elif e in rungs:
            seen[e].append(value)
            ranked = sorted(seen[e], reverse=True)
            stop = value < ranked[max(len(ranked) // eta - 1, 0)]
        if not stop:
            heapq.heappush(events, (clock + per_epoch[t], seq, t, e + 1))
            seq += 1
        elif started < n_trials:
            start(clock)
    return epochs, best, clock


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('curves', nargs='+')
    ap.add_argument('--eta', type=int, default=3)
    ap.add_argument('--min-resource', type=int, default=1)
    ap.add_argument('--epochs', type=int, default=27)
    ap.add_argument('--slots', type=int, default=2)
    a = ap.parse_args()
    rows = collections.OrderedDict()
    for path in a.curves:
        curves, seconds = load(path)
        full = len(curves) * a.epochs
        top = max(c[a.epochs] for c in curves.values())
        for q in ('floor', 'ceil_from_eta', 'ceil'):
            ep, b, _ = replay_asha(curves, seconds, q, a.eta, a.min_resource, a.epochs, a.slots)
            rows.setdefault('asha ' + q, []).append((100.0 * ep / full, 100 * (top - b)))
        ep, b, _ = replay_stopping(curves, seconds, a.eta, a.min_resource, a.epochs, a.slots)
        rows.setdefault('stopping (indicative)', []).append((100.0 * ep / full, 100 * (top - b)))
    print('| policy | ' + ' | '.join(a.curves) + ' | mean share | within 0.3 point |')
    print('|---' * (len(a.curves) + 3) + '|')
    for name, cells in rows.items():
        ok = sum(1 for _, g in cells if g <= 0.3 + 1e-9)
        print('| %s | %s | %.1f%% | %d of %d |' % (
            name, ' | '.join('%.1f%%, gap %.2f' % c for c in cells),
            sum(c[0] for c in cells) / len(cells), ok, len(cells)))


if __name__ == '__main__':
    main()

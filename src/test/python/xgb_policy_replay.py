#!/usr/bin/env python3
"""Replays pruning policies offline on the xgboost workload's recorded validation curves.

XgboostPruningBench's no-pruning variant writes every trial's curve (validation log loss every
reportEvery rounds, its parameters and seconds) to target/xgb-curves-seed<N>.json. A booster
trained round by round does not depend on when it is paused or resumed (seed_per_iteration; the
resumed booster is bit-identical, XgbObjectiveTest), so a curve recorded to R rounds holds every
schedule up to R exactly: which rounds a policy trains and which trials reach its full budget.
The order in which results arrive comes from a virtual clock with 2 slots (each trial's measured
seconds per round, plus a fixed cost per Spark job), as in the real asynchronous driver.

Policies (on losses: a maximized metric such as accuracy is negated):
  asha    the promotion variant as io.sparktune.pruner.asha.AshaScheduler decides it (quota
          ceil_from_eta: floor(n/eta) until a rung has eta members or no new trial starts, then
          ceil(n/eta)); a promoted trial trains only the rounds between its rungs.
  sha     the stopping variant (io.sparktune.pruner.SuccessiveHalvingPruner, Optuna's rule: at a
          rung go on only if within the best max(n // eta, 1) of the values recorded there so far).
  median  io.sparktune.pruner.MedianPruner (5 startup trials, no warm-up): at every report, prune
          if the trial's best value so far is worse than the median of the COMPLETE trials' values
          at that round.
Stopping variants depend on timing (which trials reported first), so their replay is indicative.

For each setting it prints the share of no pruning's rounds (at the same max rounds) and the best
value at the full budget against no pruning's best, per seed: relative for an error such as log
loss (+1.00% = 1% worse; issue 18's target: within 1%), in points for accuracy (-0.31 = 0.31
point worse; target: within 0.3 point).

usage: xgb_policy_replay.py [--max-rounds 270,540,810] [--min-rounds 10,20,30,50] [--eta 2,3,4]
           [--slots 2] [--target-share 20] [--target-gap 1] target/xgb-curves-seed1.json [...]
"""
import argparse
import heapq
import json


def load(path):
    """The run, its curves as losses (minimize; a maximized metric is negated) and s per round."""
    d = json.load(open(path))
    sign = -1.0 if d['direction'] == 'maximize' else 1.0
    curves, seconds = {}, {}
    for t in d['trials']:
        if t['state'] != 'COMPLETE':
            continue
        curves[t['number']] = {int(k): sign * v for k, v in t['values'].items()}
        seconds[t['number']] = t['seconds'] / d['rounds']
    return d, curves, seconds


def milestones(r_min, eta, r_max):
    out, m = [], r_min
    while m < r_max:
        out.append(m)
        m *= eta
    return out + [r_max]


class Asha:
    """AshaScheduler's promotion variant for a minimized metric."""

    def __init__(self, ms, eta):
        self.ms, self.eta = ms, eta
        self.rungs = [[] for _ in ms]          # (value, trial) per rung
        self.paused = {}                       # trial -> rung it is paused at, not promoted
        self.closed = False

    def _quota(self, n):
        return -(-n // self.eta) if (self.closed or n >= self.eta) else n // self.eta

    def on_result(self, trial, rung, value):
        self.rungs[rung].append((value, trial))
        if rung < len(self.ms) - 1:
            self.paused[trial] = rung

    def next_promotion(self):
        for k in range(len(self.ms) - 2, -1, -1):
            ranked = sorted(self.rungs[k])
            for _, t in ranked[:self._quota(len(ranked))]:
                if self.paused.get(t) == k:
                    del self.paused[t]
                    return t, k
        return None


def replay_asha(curves, per_round, eta, r_min, r_max, slots, overhead):
    ms = milestones(r_min, eta, r_max)
    asha = Asha(ms, eta)
    order = sorted(curves)
    clock, running, started, rounds, best, seq, promotions = 0.0, [], 0, 0, float('inf'), 0, 0
    while True:
        while len(running) < slots:
            asha.closed = started >= len(order)
            p = asha.next_promotion()
            if p is None and started < len(order):
                p = (order[started], -1)
                started += 1
            if p is None:
                break
            t, frm = p
            promotions += frm >= 0
            r0, r1 = (0 if frm < 0 else ms[frm]), ms[frm + 1]
            rounds += r1 - r0
            heapq.heappush(running, (clock + overhead + per_round[t] * (r1 - r0), seq, t, frm + 1))
            seq += 1
        if not running:
            return rounds, best, clock, promotions
        clock, _, t, rung = heapq.heappop(running)
        value = curves[t][ms[rung]]
        asha.on_result(t, rung, value)
        if rung == len(ms) - 1:
            best = min(best, value)


def replay_asha_shrinkage(curves, per_round, params, eta, r_min, r_max, ref, slots, overhead,
                          every=10):
    """ASHA with rungs in units of total shrinkage (rounds x eta / ref): a trial of learning rate
    e meets rung k after ms[k] * ref / e rounds (rounded up to a report step, at most r_max); the
    top rung is r_max rounds for every trial. A trial that reaches r_max below the top rung is
    complete there (it ranks in that rung and is never paused). Exploration only: not a policy
    of sparktune (ADR 0014)."""
    ms = milestones(r_min, eta, r_max)

    def rounds_at(t, k):
        if k == len(ms) - 1:
            return r_max
        return min(r_max, max(every, -(-ms[k] * ref / params[t]['eta'] // every) * every))

    asha = Asha(ms, eta)
    order = sorted(curves)
    trained = {t: 0 for t in curves}
    clock, running, started, rounds, best, seq = 0.0, [], 0, 0, float('inf'), 0
    while True:
        while len(running) < slots:
            asha.closed = started >= len(order)
            p = asha.next_promotion()
            if p is None and started < len(order):
                p = (order[started], -1)
                started += 1
            if p is None:
                break
            t, frm = p
            r1 = int(rounds_at(t, frm + 1))
            rounds += r1 - trained[t]
            heapq.heappush(running, (clock + overhead + per_round[t] * (r1 - trained[t]), seq, t,
                                     frm + 1))
            trained[t] = r1
            seq += 1
        if not running:
            return rounds, best, clock
        clock, _, t, k = heapq.heappop(running)
        value = curves[t][trained[t]]
        if trained[t] >= r_max:
            best = min(best, value)
            asha.rungs[k].append((value, t))
        else:
            asha.on_result(t, k, value)


def best_so_far(curves):
    """Each curve as the best value up to each report (early stopping's best iteration)."""
    out = {}
    for t, c in curves.items():
        m, out[t] = float('inf'), {}
        for step in sorted(c):
            m = min(m, c[step])
            out[t][step] = m
    return out


def replay_stopping(curves, per_round, every, r_max, slots, overhead, prune):
    """Trials report every `every` rounds; prune(trial, step, value, state) decides at each."""
    order = sorted(curves)
    events, started, rounds, best, seq, clock = [], 0, 0, float('inf'), 0, 0.0
    state = {'complete': [], 'seen': {}}

    def start(now):
        nonlocal started, seq
        t = order[started]
        heapq.heappush(events, (now + overhead + per_round[t] * every, seq, t, every))
        seq += 1
        started += 1

    for _ in range(min(slots, len(order))):
        start(0.0)
    while events:
        clock, _, t, step = heapq.heappop(events)
        rounds += every
        value = curves[t][step]
        if step >= r_max:
            best = min(best, value)
            state['complete'].append(t)
            stop = True
        else:
            stop = prune(t, step, value, state)
        if not stop:
            heapq.heappush(events, (clock + per_round[t] * every, seq, t, step + every))
            seq += 1
        elif started < len(order):
            start(clock)
    return rounds, best, clock


def sha_rule(eta, r_min):
    def prune(t, step, value, state):
        k, end = 0, r_min
        while end < step:
            k, end = k + 1, end * eta
        if end != step:
            return False
        seen = state['seen'].setdefault(step, [])
        competing = sorted(seen + [value])
        seen.append(value)
        idx = max(len(competing) // eta - 1, 0)
        return value > competing[idx]
    return prune


def median_rule(curves, startup=5, warmup=0):
    def prune(t, step, value, state):
        done = state['complete']
        if len(done) < startup or step < warmup:
            return False
        at = sorted(curves[c][step] for c in done)
        n = len(at)
        rank = 0.5 * (n - 1)
        lo, hi = int(rank), min(int(rank) + 1, n - 1)
        med = at[lo] + (at[hi] - at[lo]) * (rank - lo)
        best_so_far = min(v for s, v in curves[t].items() if s <= step)
        return best_so_far > med
    return prune


def ints(text):
    return [int(x) for x in text.split(',')]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('curves', nargs='+')
    ap.add_argument('--max-rounds', type=ints, default=None)
    ap.add_argument('--min-rounds', type=ints, default=[10, 20, 30, 50])
    ap.add_argument('--eta', type=ints, default=[2, 3, 4])
    ap.add_argument('--slots', type=int, default=2)
    ap.add_argument('--overhead', type=float, default=0.3, help='seconds per Spark job')
    ap.add_argument('--target-share', type=float, default=20.0)
    ap.add_argument('--best-so-far', action='store_true',
                    help='replay on the best value so far of each curve (early stopping)')
    ap.add_argument('--shrinkage-ref', type=lambda t: [float(x) for x in t.split(',')],
                    default=[], help='also replay ASHA with rungs in units of rounds x eta / ref'
                    ' for each ref (exploration, e.g. 0.1,0.2,0.3,0.5)')
    ap.add_argument('--target-gap', type=float, default=None,
                    help='how much worse than no pruning is allowed: percent relative for'
                    ' errors (default 1), points for accuracy (default 0.3)')
    a = ap.parse_args()
    runs = [load(p) for p in a.curves]
    if a.best_so_far:
        runs = [(d, best_so_far(c), p) for d, c, p in runs]
    params = [{t['number']: t['params'] for t in d['trials']} for d, _, _ in runs]
    points = runs[0][0]['metric'] == 'accuracy'
    if a.target_gap is None:
        a.target_gap = 0.3 if points else 1.0

    unit = ' pt' if points else '%'

    def gap(best, top):
        """How much worse than no pruning, positive = worse (points or percent relative)."""
        return 100.0 * (best - top) if points else 100.0 * (best - top) / top
    recorded = min(d['rounds'] for d, _, _ in runs)
    every = runs[0][0]['reportEvery']
    max_rounds = a.max_rounds or [r for r in (270, 540, 810) if r <= recorded]
    seeds = ['seed %d' % d['seed'] for d, _, _ in runs]
    print('| policy | R | r | eta | ' + ' | '.join(seeds)
          + ' | worst share | worst vs none | meets both on all |')
    print('|---' * (len(seeds) + 7) + '|')
    rows = []
    for big_r in max_rounds:
        nones = []
        for d, curves, per in runs:
            full = len(curves) * big_r
            top = min(c[big_r] for c in curves.values())
            nones.append((full, top))
        for r_min in a.min_rounds:
            for eta in a.eta:
                if r_min * eta > big_r:
                    continue
                policies = [('asha', lambda c, p: replay_asha(c, p, eta, r_min, big_r, a.slots,
                                                               a.overhead)[:3])]
                policies.append(('sha', lambda c, p: replay_stopping(
                    c, p, every, big_r, a.slots, a.overhead, sha_rule(eta, r_min))))
                if eta == a.eta[0] and r_min == a.min_rounds[0]:
                    policies.append(('median', lambda c, p: replay_stopping(
                        c, p, every, big_r, a.slots, a.overhead, median_rule(c))))
                for ref in a.shrinkage_ref:
                    policies.append(('asha-shrinkage %.2g' % ref, lambda c, p, ps, ref=ref:
                                     replay_asha_shrinkage(c, p, ps, eta, r_min, big_r, ref,
                                                           a.slots, a.overhead, every)))
                for name, fn in policies:
                    cells = []
                    for (d, curves, per), (full, top), ps in zip(runs, nones, params):
                        rounds, best, wall = (fn(curves, per, ps) if name.startswith('asha-s')
                                              else fn(curves, per))
                        cells.append((100.0 * rounds / full, gap(best, top), wall))
                    ws = max(c[0] for c in cells)
                    wg = max(c[1] for c in cells)
                    ok = ws <= a.target_share and wg <= a.target_gap
                    rows.append((name, big_r, r_min, eta, cells, ws, wg, ok))
                    print('| %s | %d | %s | %s | %s | %.1f%% | %+.2f%s | %s |' % (
                        name, big_r, '-' if name == 'median' else r_min,
                        '-' if name == 'median' else eta,
                        ' | '.join('%.1f%%, %+.2f%s, %.0f s' % (c[0], c[1], unit, c[2]) for c in cells),
                        ws, wg, unit, 'yes' if ok else 'no'))
    good = [r for r in rows if r[7] and r[0] == 'asha']
    if good:
        # most margin: the smallest sum of the worst share and the worst gap, each over its target
        name, big_r, r_min, eta, cells, ws, wg, _ = min(
            good, key=lambda r: r[5] / a.target_share + r[6] / a.target_gap)
        print('\nchosen: asha R=%d r=%d eta=%d: worst share %.1f%%, worst vs none %+.2f%s'
              % (big_r, r_min, eta, ws, wg, unit))
    else:
        print('\nno asha setting meets both targets on all seeds')
    print('\nno pruning (R: best per seed): ' + '; '.join(
        '%d: %s' % (big_r, ', '.join('%.4f' % abs(min(c[big_r] for c in curves.values()))
                                       for _, curves, _ in runs)) for big_r in max_rounds))


if __name__ == '__main__':
    main()

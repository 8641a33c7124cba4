#!/usr/bin/env python3
"""Batch-versus-sequential regret ratios from TpeBenchmark --dump files, pooled and by window.

TpeBenchmark --dump <tsv> appends one row per run: function, variant, seed, best value at the last
checkpoint. This script pairs a batch variant with the sequential base on the seeds both have and
prints, per function:

- the ratio of median regrets (median(best) - optimum) over all those seeds pooled;
- how many disjoint windows of --window consecutive seeds keep the ratio <= --bound;
- the null: the base on one window against the base on the next window (different seeds, same
  sampler). A batch variant that passes about as many windows as the null is indistinguishable
  from the sequential sampler at that window size.

usage: tpe_batch_pool.py [--base tpe_default] [--variant tpe_batch8_liar] [--window 20]
           [--bound 1.25] target/bench/a.tsv [...]
"""
import argparse
import collections
import csv
import statistics

# BenchFunctions.OPTIMA
OPTIMA = {'branin': 0.397887, 'hartmann6': -3.32237, 'rosenbrock10': 0.0, 'ackley10': 0.0,
          'styblinski_tang10': -39.16616570377142 * 10, 'mixed': 0.0}


def load(paths):
    regrets = collections.defaultdict(lambda: collections.defaultdict(dict))
    for path in paths:
        with open(path) as f:
            for function, variant, seed, value in csv.reader(f, delimiter='\t'):
                regrets[function][variant][int(seed)] = float(value) - OPTIMA[function]
    return regrets


def ratio(batch, base, seeds_batch, seeds_base):
    return (statistics.median(batch[s] for s in seeds_batch)
            / statistics.median(base[s] for s in seeds_base))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--base', default='tpe_default')
    p.add_argument('--variant', default='tpe_batch8_liar')
    p.add_argument('--window', type=int, default=20)
    p.add_argument('--bound', type=float, default=1.25)
    p.add_argument('dumps', nargs='+')
    a = p.parse_args()
    print(f'| function | seeds | pooled ratio | windows of {a.window} <= {a.bound}x '
          f'| median window ratio | null: base vs base, next window |')
    print('|---|---|---|---|---|---|')
    for function, variants in load(a.dumps).items():
        base, batch = variants.get(a.base), variants.get(a.variant)
        if not base or not batch:
            continue
        seeds = sorted(set(base) & set(batch))
        windows = [seeds[i:i + a.window] for i in range(0, len(seeds), a.window)]
        windows = [w for w in windows if len(w) == a.window]
        ratios = [ratio(batch, base, w, w) for w in windows]
        nulls = [ratio(base, base, windows[i], windows[i + 1]) for i in range(len(windows) - 1)]
        print(f'| {function} | {len(seeds)} | {ratio(batch, base, seeds, seeds):.2f}x '
              f'| {sum(r <= a.bound for r in ratios)}/{len(ratios)} '
              f'| {statistics.median(ratios):.2f}x '
              f'| {sum(r <= a.bound for r in nulls)}/{len(nulls)} |')


if __name__ == '__main__':
    main()

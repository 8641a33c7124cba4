#!/usr/bin/python3
"""Reference runs of Optuna's TPESampler on the sparktune TPE benchmark functions.

Runs Optuna's TPESampler (univariate and multivariate, otherwise default settings) on the same
functions and spaces as io.sparktune.bench.TpeBenchmark, minimizing for --trials trials per seed,
and writes the best value after each checkpoint as JSON:

  {"optuna": "3.1.0", "trials": 200, "seeds": 20,
   "results": {"<function>": {"<variant>": [[best@10, best@25, ...] per seed]}}}

Usage (Debian: apt-get install -y python3-optuna):
  /usr/bin/python3 src/test/python/optuna_reference.py --trials 200 --seeds 20 --out target/bench/optuna.json

With --batch q (q > 1) the same run adds the constant-liar batch variants "optuna_tpe_batch<q>_liar"
and "optuna_tpe_multivariate_batch<q>_liar": TPESampler(seed=s, constant_liar=True[,
multivariate=True]) driven by ask/tell in synchronous rounds, q trials asked (each one's parameters
suggested, so it is RUNNING with its parameters when the next is asked), then the q told in the
order asked; the last round is cut to the remaining trials, as in TpeBenchmark.run(..., batch).
--seed-offset k runs seeds k..k+seeds-1; --variants a,b runs only the named variants (the batch
ones without the sequential ones, e.g.; Optuna is deterministic for a seed, so rows of separate
runs compare as if run together).

Exit code 3 (and a message on stderr) when optuna cannot be imported.
"""
import argparse
import json
import math
import sys
import time

try:
    import optuna
except ImportError:  # the Java harness reports this message
    print("optuna is not installed for " + sys.executable
          + " (Debian: apt-get install -y python3-optuna)", file=sys.stderr)
    sys.exit(3)

CHECKPOINTS = [10, 25, 50, 100, 200]

HART_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
          [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HART_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
          [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
HART_ALPHA = [1.0, 1.2, 3.0, 3.2]
MIXED_OFFSETS = {"adam": 0.0, "sgd": 0.6, "rmsprop": 0.3, "adagrad": 1.0}


def branin(t):
    x1 = t.suggest_float("x0", -5, 10)
    x2 = t.suggest_float("x1", 0, 15)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    s = 10.0
    tt = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + s * (1 - tt) * math.cos(x1) + s


def hartmann6(t):
    x = [t.suggest_float("x%d" % i, 0, 1) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(HART_A[i][j] * (x[j] - HART_P[i][j] * 1e-4) ** 2 for j in range(6))
        total += HART_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(t):
    x = [t.suggest_float("x%d" % i, -5, 10) for i in range(10)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(9))


def ackley(t):
    x = [t.suggest_float("x%d" % i, -32.768, 32.768) for i in range(10)]
    n = len(x)
    s1 = sum(v * v for v in x) / n
    s2 = sum(math.cos(2 * math.pi * v) for v in x) / n
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


def styblinski_tang(t):
    x = [t.suggest_float("x%d" % i, -5, 5) for i in range(10)]
    return 0.5 * sum(v ** 4 - 16 * v * v + 5 * v for v in x)


def mixed(t):
    x = t.suggest_float("x", -5, 5)
    lr = t.suggest_float("lr", 1e-5, 1.0, log=True)
    frac = t.suggest_float("frac", 0.0, 1.0, step=0.05)
    depth = t.suggest_int("depth", 1, 20)
    width = t.suggest_int("width", 1, 1024, log=True)
    opt = t.suggest_categorical("optimizer", ["adam", "sgd", "rmsprop", "adagrad"])
    bn = t.suggest_categorical("batchnorm", [True, False])
    return ((x - 1.3) ** 2 / 4 + (math.log10(lr) + 2.7) ** 2 / 2 + (frac - 0.35) ** 2 * 4
            + ((depth - 7) / 4.0) ** 2 + (math.log2(width) - 6.5) ** 2 / 4
            + MIXED_OFFSETS[opt] + (0.0 if bn else 0.4))


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "rosenbrock10": rosenbrock,
             "ackley10": ackley, "styblinski_tang10": styblinski_tang, "mixed": mixed}


def run(fn, multivariate, seed, trials, batch=1):
    if batch <= 1:
        sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
        study = optuna.create_study(direction="minimize", sampler=sampler)
        study.optimize(fn, n_trials=trials)
    else:
        sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate,
                                             constant_liar=True)
        study = optuna.create_study(direction="minimize", sampler=sampler)
        done = 0
        while done < trials:
            # ask and suggest q trials (the objective's suggest calls sample them; the value is
            # kept, not told), so each later member sees the earlier ones as RUNNING
            asked = []
            for _ in range(min(batch, trials - done)):
                t = study.ask()
                asked.append((t, fn(t)))
            for t, v in asked:
                study.tell(t, v)
            done += len(asked)
    best, out = math.inf, []
    for i, tr in enumerate(study.trials):
        if tr.value is not None:
            best = min(best, tr.value)
        if i + 1 in CHECKPOINTS:
            out.append(best)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--functions", default=",".join(FUNCTIONS))
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seed-offset", type=int, default=0)
    p.add_argument("--variants", default="", help="comma-separated subset (default: all)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    import warnings
    warnings.filterwarnings("ignore")
    results = {}
    for name in a.functions.split(","):
        results[name] = {}
        variants = [("optuna_tpe", False, 1), ("optuna_tpe_multivariate", True, 1)]
        if a.batch > 1:
            variants += [("optuna_tpe_batch%d_liar" % a.batch, False, a.batch),
                         ("optuna_tpe_multivariate_batch%d_liar" % a.batch, True, a.batch)]
        if a.variants:
            variants = [v for v in variants if v[0] in a.variants.split(",")]
        for variant, mv, q in variants:
            t0 = time.time()
            seeds = range(a.seed_offset, a.seed_offset + a.seeds)
            results[name][variant] = [run(FUNCTIONS[name], mv, s, a.trials, q) for s in seeds]
            print("%s %s: %.1f s" % (name, variant, time.time() - t0), file=sys.stderr, flush=True)
            # written after every variant, so a long run that is stopped keeps what it measured
            with open(a.out, "w") as f:
                json.dump({"optuna": optuna.__version__, "trials": a.trials, "seeds": a.seeds,
                           "seed_offset": a.seed_offset, "batch": a.batch,
                           "checkpoints": [c for c in CHECKPOINTS if c <= a.trials],
                           "results": results}, f)


if __name__ == "__main__":
    main()

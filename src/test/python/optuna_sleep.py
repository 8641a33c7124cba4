"""Optuna reference for the executor-overhead benchmark: N trials of a fixed sleep, n_jobs workers.

Run with Debian's python3 (python3-optuna 3.1): /usr/bin/python3 optuna_sleep.py N SECONDS JOBS
Prints one line: wall=<seconds>.
"""
import sys
import time

import optuna

n, seconds, jobs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    x = trial.suggest_float("x", 0.0, 1.0)
    time.sleep(seconds)
    return x


study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=1))
t0 = time.perf_counter()
study.optimize(objective, n_trials=n, n_jobs=jobs)
print("wall=%.3f" % (time.perf_counter() - t0))

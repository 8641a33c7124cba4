#!/usr/bin/python3
"""The digits grid in Optuna 3.1 + scikit-learn: the baseline of DigitsNativeBench (issue 18).

The seed's 35-point grid (n_estimators {1,5,10,20,50,100,200} x max_depth {1,5,10,20,100}) with
Optuna's GridSampler, each trial the mean 5-fold stratified CV accuracy of a scikit-learn
RandomForestClassifier(n_estimators, max_depth, random_state=seed, n_jobs=1); study.optimize with
n_jobs=--jobs (trials on threads, as sparktune's parallelism 2). The data is the digits CSV that
sparktune bundles, with the same 10% stratified test split sizes; the best parameters are refit on
the training split and scored on the test split. Prints one JSON line:

  {"optuna": "3.1.0", "sklearn": "1.2.1", "seconds": 19.8, "best_cv": 0.97, "best": {...},
   "test": 0.98, "trials": 35}

"seconds" covers study.optimize only (the grid), as the Java side times its study.

Usage: /usr/bin/python3 src/test/python/optuna_digits_grid.py --data src/main/resources/datasets/digits.csv.gz
Exit code 3 (and a message on stderr) when optuna or sklearn cannot be imported.
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
    import optuna
    import sklearn
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
except ImportError as e:  # the Java harness reports this message
    print("%s for %s (Debian: apt-get install -y python3-optuna python3-sklearn)"
          % (e, sys.executable), file=sys.stderr)
    sys.exit(3)

TREES = [1, 5, 10, 20, 50, 100, 200]
DEPTHS = [1, 5, 10, 20, 100]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    d = np.loadtxt(a.data, delimiter=",")
    x, y = d[:, :-1], d[:, -1].astype(int)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.1, stratify=y,
                                              random_state=a.seed)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=a.seed)

    def objective(t):
        rf = RandomForestClassifier(n_estimators=t.suggest_int("n_estimators", 1, 200, log=True),
                                    max_depth=t.suggest_int("max_depth", 1, 100, log=True),
                                    random_state=a.seed, n_jobs=1)
        return cross_val_score(rf, x_tr, y_tr, cv=folds, scoring="accuracy").mean()

    sampler = optuna.samplers.GridSampler({"n_estimators": TREES, "max_depth": DEPTHS},
                                          seed=a.seed)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    t0 = time.time()
    study.optimize(objective, n_trials=len(TREES) * len(DEPTHS), n_jobs=a.jobs)
    seconds = time.time() - t0
    best = study.best_params
    rf = RandomForestClassifier(random_state=a.seed, n_jobs=1, **best).fit(x_tr, y_tr)
    print(json.dumps({"optuna": optuna.__version__, "sklearn": sklearn.__version__,
                      "seconds": seconds, "best_cv": study.best_value, "best": best,
                      "test": float((rf.predict(x_te) == y_te).mean()),
                      "trials": len(study.trials)}))


if __name__ == "__main__":
    main()

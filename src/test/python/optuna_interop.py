"""Optuna's side of the interop tests (OptunaInteropTest), in one process per test class.

Run with Debian's python3 (python3-optuna 3.1):
  /usr/bin/python3 optuna_interop.py EXPORTED NATIVE CONTINUED
EXPORTED: a journal sparktune exported; it is loaded with optuna.load_study and dumped.
NATIVE: a journal this script writes with Optuna itself (float/log/step/int/categorical params,
pruned, failed, waiting and running trials, intermediate values, attributes); dumped after writing.
CONTINUED: a copy of EXPORTED in which Optuna runs two more trials of every study; dumped.
Prints one JSON object {"exported": ..., "native": ..., "continued": ...}; a dump lists every
study with every trial field as Optuna sees it. Exits 3 when optuna is missing.
"""
import json
import math
import shutil
import sys
import warnings

try:
    import optuna
    from optuna.distributions import distribution_to_json
    from optuna.storages import JournalFileStorage
    from optuna.storages import JournalStorage
except ImportError:
    print("optuna is missing for " + sys.executable + " (apt-get install python3-optuna)",
          file=sys.stderr)
    sys.exit(3)

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")  # JournalStorage is "experimental" in 3.1


def storage(path):
    return JournalStorage(JournalFileStorage(path))


def iso(dt):
    return None if dt is None else dt.isoformat(timespec="microseconds")


def dataframe_rows(study):
    try:
        return len(study.trials_dataframe())
    except ImportError:  # pandas is optional for Optuna (Debian: python3-pandas)
        return None


def dump(path):
    st = storage(path)
    out = []
    for summary in optuna.get_all_study_summaries(st):
        study = optuna.load_study(study_name=summary.study_name, storage=st)
        complete = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
        out.append({
            "name": study.study_name,
            "directions": [d.name for d in study.directions],
            "userAttrs": study.user_attrs,
            "best": study.best_trial.number if complete else None,
            "bestValue": study.best_value if complete else None,
            "dataframeRows": dataframe_rows(study),
            "trials": [{
                "number": t.number,
                "state": t.state.name,
                "value": t.value,
                "params": t.params,
                "distributions": {k: json.loads(distribution_to_json(d))
                                  for k, d in t.distributions.items()},
                "intermediate": {str(k): v for k, v in t.intermediate_values.items()},
                "userAttrs": t.user_attrs,
                "systemAttrs": t.system_attrs,
                "start": iso(t.datetime_start),
                "complete": iso(t.datetime_complete),
            } for t in study.trials],
        })
    return out


def write_native(path):
    st = storage(path)
    study = optuna.create_study(study_name="optuna-native", storage=st, direction="minimize",
                                sampler=optuna.samplers.RandomSampler(seed=7))
    study.set_user_attr("owner", "notebook")

    def objective(trial):
        x = trial.suggest_float("x", -5, 5)
        lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
        q = trial.suggest_float("q", 0, 1, step=0.25)
        n = trial.suggest_int("n", 1, 64, log=True)
        k = trial.suggest_int("k", 0, 10, step=2)
        act = trial.suggest_categorical("act", ["relu", "tanh", "<b>gelu</b>"])
        trial.set_user_attr("note", {"act": act, "list": [1, 2.5, "three"]})
        trial.set_system_attr("host", "laptop-" + str(trial.number % 2))
        value = x * x + math.log10(lr) ** 2 + q + n / 64 + k / 10 + (act == "tanh")
        for step in range(3):
            trial.report(value + 2 - step, step)
        if trial.number % 4 == 2:
            raise optuna.TrialPruned()
        if trial.number % 4 == 3:
            raise ValueError("objective failed on purpose")
        return value

    study.optimize(objective, n_trials=12, catch=(ValueError,))
    running = study.ask()  # left RUNNING, as by a dead worker
    running.suggest_float("x", -5, 5)
    study.enqueue_trial({"x": 1.5, "lr": 0.01, "q": 0.5, "n": 8, "k": 4, "act": "relu"})


def suggest(trial, name, d):
    if isinstance(d, optuna.distributions.CategoricalDistribution):
        return trial.suggest_categorical(name, d.choices)
    if isinstance(d, optuna.distributions.IntDistribution):
        return trial.suggest_int(name, d.low, d.high, step=d.step, log=d.log)
    return trial.suggest_float(name, d.low, d.high, step=d.step, log=d.log)


def continue_exported(src, dst):
    shutil.copy(src, dst)
    st = storage(dst)
    for summary in optuna.get_all_study_summaries(st):
        study = optuna.load_study(study_name=summary.study_name, storage=st,
                                  sampler=optuna.samplers.RandomSampler(seed=3))
        done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
        dists = dict(done[0].distributions) if done else {}

        def objective(trial):
            total = 0.0
            for name, d in dists.items():
                v = suggest(trial, name, d)
                total += v if isinstance(v, (int, float)) and not isinstance(v, bool) else 1.0
            return total

        study.optimize(objective, n_trials=2)


def main():
    exported, native, continued = sys.argv[1], sys.argv[2], sys.argv[3]
    result = {"optuna": optuna.__version__, "exported": dump(exported)}
    write_native(native)
    result["native"] = dump(native)
    continue_exported(exported, continued)
    result["continued"] = dump(continued)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

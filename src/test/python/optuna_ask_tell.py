"""Optuna as a remote sampler for a Java objective: ask/tell over stdin/stdout.

Run with Debian's python3 (python3-optuna 3.1):
  /usr/bin/python3 optuna_ask_tell.py SAMPLER SEED TRIALS DIRECTION SPACE_JSON
SAMPLER is tpe | tpe_multivariate | random; SPACE_JSON maps a parameter name to
{"type": "int"|"float", "low": .., "high": .., "log": true|false}.
For each trial it prints one JSON line with the parameters, then reads one line: the objective's
value (or "fail"). Exits 3 when optuna is missing.
"""
import json
import sys

try:
    import optuna
except ImportError:
    print("optuna is missing for " + sys.executable, file=sys.stderr)
    sys.exit(3)

kind, seed, trials, direction = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
space = json.loads(sys.argv[5])
optuna.logging.set_verbosity(optuna.logging.WARNING)
if kind == "random":
    sampler = optuna.samplers.RandomSampler(seed=seed)
elif kind == "tpe":
    sampler = optuna.samplers.TPESampler(seed=seed)
elif kind == "tpe_multivariate":
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=True)
else:
    print("sampler must be one of [tpe, tpe_multivariate, random], but got " + kind, file=sys.stderr)
    sys.exit(2)
study = optuna.create_study(direction=direction, sampler=sampler)
for _ in range(trials):
    trial = study.ask()
    params = {}
    for name, d in space.items():
        if d["type"] == "int":
            params[name] = trial.suggest_int(name, d["low"], d["high"], log=d.get("log", False))
        else:
            params[name] = trial.suggest_float(name, d["low"], d["high"], log=d.get("log", False))
    print(json.dumps(params), flush=True)
    line = sys.stdin.readline().strip()
    if line == "fail" or not line:
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
    else:
        study.tell(trial, float(line))
print(json.dumps({"done": True, "version": optuna.__version__}), flush=True)

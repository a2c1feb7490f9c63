#!/usr/bin/python3
"""The seed's scikit-learn searches on OUR exported features and OUR folds.

Run with /usr/bin/python3 (Debian python3-sklearn 1.2, numpy).  Reads a
feature CSV from `ser features` (path,label,speaker,corpus,features...) and
a fold file from `ser evaluate --folds-out` (path,fold; -1 = train only;
split s tests the rows of fold s and trains on every other row).  For each
split and each n_jobs it runs, on the training rows only:

  svm     GridSearchCV(Pipeline(StandardScaler, SVC(rbf)),
          C {0.1,1,10,100} x gamma {scale,0.001,0.01,0.1}, refit on the
          best point.
  forest  RandomizedSearchCV(Pipeline(StandardScaler,
          RandomForestClassifier(n_jobs=1))), max_depth {None,10,20,30} x
          n_estimators {100,200,300,500}, n_iter 10.

Inner folds: StratifiedKFold(5, shuffle=True, random_state=SEED); selection
by mean inner accuracy, as `ser evaluate` does.  Probabilities
(--probability): 'refit' (default, what ser does: inner fits without
calibration, the refitted SVM with probability=True), 'none' or 'all'
(probability=True in every fit, as a notebook passing SVC(probability=True)
to GridSearchCV does).  Timed: the search plus the refit (the `fit` call),
not the CSV reading nor the test prediction: wall time (fit_s) and this
process's CPU time (cpu_s; with n_jobs > 1 joblib's worker processes are
not in it, so it is only comparable at n_jobs 1).

Prints one line per (kind, split, n_jobs) and, with --json, a JSON list.
"""
import argparse
import csv
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.metrics import accuracy_score, balanced_accuracy_score


def read_features(path, labels):
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        if header[:4] != ["path", "label", "speaker", "corpus"]:
            sys.exit(f"{path}: not a `ser features` CSV")
        paths, y, x = [], [], []
        for row in r:
            if labels and row[1] not in labels:
                continue
            paths.append(row[0])
            y.append(row[1])
            x.append([float(v) for v in row[4:]])
    return paths, np.array(y), np.array(x, dtype=np.float64)


def read_folds(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        if next(r)[:2] != ["path", "fold"]:
            sys.exit(f"{path}: not a fold file (want a header path,fold)")
        return {row[0]: int(row[1]) for row in r}


def search(kind, n_jobs, seed, probability):
    inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    if kind == "svm":
        pipe = Pipeline([("scaler", StandardScaler()),
                         ("svc", SVC(kernel="rbf", probability=(probability == "all"), random_state=seed))])
        grid = {"svc__C": [0.1, 1, 10, 100], "svc__gamma": ["scale", 0.001, 0.01, 0.1]}
        return GridSearchCV(pipe, grid, cv=inner, scoring="accuracy", n_jobs=n_jobs,
                            refit=(probability != "refit"))
    pipe = Pipeline([("scaler", StandardScaler()),
                     ("rf", RandomForestClassifier(n_jobs=1, random_state=seed))])
    space = {"rf__max_depth": [None, 10, 20, 30], "rf__n_estimators": [100, 200, 300, 500]}
    return RandomizedSearchCV(pipe, space, n_iter=10, cv=inner, scoring="accuracy", n_jobs=n_jobs,
                              random_state=seed, refit=True)


def fit(kind, n_jobs, seed, probability, x, y):
    s = search(kind, n_jobs, seed, probability)
    s.fit(x, y)
    if kind == "svm" and probability == "refit":  # ser: calibrated refit of the selected point
        params = s.best_params_
        best = Pipeline([("scaler", StandardScaler()),
                         ("svc", SVC(kernel="rbf", probability=True, random_state=seed,
                                     C=params["svc__C"], gamma=params["svc__gamma"]))])
        best.fit(x, y)
        return best, params, s.best_score_
    return s.best_estimator_, s.best_params_, s.best_score_


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--features", required=True)
    ap.add_argument("--folds", required=True, action="append", help="fold file (repeatable: one per split seed)")
    ap.add_argument("--kind", choices=["svm", "forest"], action="append")
    ap.add_argument("--labels", default="", help="keep these classes (comma-separated)")
    ap.add_argument("--jobs", default="1,2", help="n_jobs values (comma-separated)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--probability", choices=["refit", "none", "all"], default="refit")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    labels = set(a.labels.split(",")) if a.labels else None
    paths, y, x = read_features(a.features, labels)
    out = []
    for fold_file in a.folds:
        folds = read_folds(fold_file)
        missing = [p for p in paths if p not in folds]
        if missing:
            sys.exit(f"{fold_file}: no fold for {missing[0]}")
        fold = np.array([folds[p] for p in paths])
        for kind in a.kind or ["svm", "forest"]:
            for n_jobs in [int(j) for j in a.jobs.split(",")]:
                for s in range(fold.max() + 1):
                    tr, te = fold != s, fold == s
                    t0, c0 = time.perf_counter(), time.process_time()
                    model, params, cv = fit(kind, n_jobs, a.seed, a.probability, x[tr], y[tr])
                    t, c = time.perf_counter() - t0, time.process_time() - c0
                    pred = model.predict(x[te])
                    r = {"kind": kind, "folds": fold_file, "split": s, "n_jobs": n_jobs,
                         "n_train": int(tr.sum()), "n_test": int(te.sum()),
                         "accuracy": accuracy_score(y[te], pred), "uar": balanced_accuracy_score(y[te], pred),
                         "fit_s": t, "cpu_s": c, "params": {k.split("__")[1]: v for k, v in params.items()}, "cv_score": cv}
                    out.append(r)
                    print(f"{kind:6s} {fold_file} split {s} n_jobs {n_jobs}: accuracy {r['accuracy']:.4f} "
                          f"UAR {r['uar']:.4f} fit {t:.2f} s  {r['params']} (cv {cv:.4f})",
                          file=sys.stderr if a.json else sys.stdout, flush=True)
    if a.json:
        json.dump(out, sys.stdout, indent=1)
        print()


if __name__ == "__main__":
    main()

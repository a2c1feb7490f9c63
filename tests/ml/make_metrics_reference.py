#!/usr/bin/python3
"""Reference values for src/ml/metrics.c and src/ml/roc.c from scikit-learn.

Run with Debian's python (it has sklearn):
    /usr/bin/python3 tests/ml/make_metrics_reference.py > tests/ml/data/metrics_reference.json
The C test tests/ml/test_metrics.c compares libser's figures with these.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix,
                             precision_recall_fscore_support, roc_auc_score, roc_curve)

warnings.simplefilter("ignore")  # undefined-metric warnings are part of the cases


def case(name, k, y_true, y_pred, scores):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64).reshape(len(y_true), k)
    labels = list(range(k))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None, zero_division=0)
    out = {
        "name": name,
        "n_classes": k,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "scores": scores.ravel().tolist(),
        "accuracy": accuracy_score(y_true, y_pred),
        "uar": balanced_accuracy_score(y_true, y_pred),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).ravel().tolist(),
    }
    for avg in ("macro", "weighted"):
        pa, ra, fa, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=avg,
                                                        zero_division=0)
        out["precision_" + avg], out["recall_" + avg], out["f1_" + avg] = pa, ra, fa
    roc, aucs = [], []
    for c in labels:
        pos = y_true == c
        if pos.all() or not pos.any():
            roc.append(None)  # undefined: libser gives NaN
            continue
        fpr, tpr, thr = roc_curve(pos.astype(int), scores[:, c], drop_intermediate=True)
        auc = roc_auc_score(pos.astype(int), scores[:, c])
        roc.append({"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist(), "auc": auc})
        aucs.append(auc)
    out["roc"] = roc
    out["auc_macro"] = float(np.mean(aucs)) if aucs else None
    return out


def main():
    rng = np.random.RandomState(20240604)
    cases = []
    # Small hand-made case: 3 classes, every class predicted, distinct scores.
    cases.append(case("small3", 3, [0, 0, 1, 1, 2, 2, 2, 0, 1, 2], [0, 1, 1, 1, 2, 0, 2, 0, 2, 2],
                      [.7, .2, .1, .4, .5, .1, .2, .7, .1, .3, .6, .1, .1, .2, .7,
                       .5, .3, .2, .1, .3, .6, .6, .3, .1, .2, .35, .45, .05, .15, .8]))
    # 4 classes, class 3 never predicted (zero_division), scores with heavy ties.
    n = 60
    y = rng.randint(0, 4, n)
    pred = np.where(rng.rand(n) < 0.6, y, rng.randint(0, 3, n))
    pred[pred == 3] = 0
    sc = np.round(rng.dirichlet(np.ones(4), n), 1)
    cases.append(case("ties_unpredicted4", 4, y, pred, sc))
    # Binary with integer-valued (tied) decision scores.
    y = rng.randint(0, 2, 40)
    pred = np.where(rng.rand(40) < 0.7, y, 1 - y)
    sc = np.column_stack([rng.randint(-3, 4, 40), rng.randint(-3, 4, 40)]).astype(float)
    cases.append(case("binary_ties", 2, y, pred, sc))
    # 5 classes, 200 samples, probabilities with two decimals.
    y = rng.randint(0, 5, 200)
    pred = np.where(rng.rand(200) < 0.5, y, rng.randint(0, 5, 200))
    sc = np.round(rng.dirichlet(np.ones(5) * 0.7, 200), 2)
    cases.append(case("random5", 5, y, pred, sc))
    # 4 classes, class 2 absent from y_true (support 0, UAR leaves it out) but predicted.
    y = rng.choice([0, 1, 3], 30)
    pred = np.where(rng.rand(30) < 0.6, y, rng.randint(0, 4, 30))
    sc = rng.normal(size=(30, 4))
    cases.append(case("absent_true4", 4, y, pred, sc))
    # Perfect predictions and perfectly separating scores.
    y = np.repeat(np.arange(3), 5)
    sc = np.eye(3)[y] * 0.8 + 0.1
    cases.append(case("perfect3", 3, y, y, sc))
    json.dump({"generator": "tests/ml/make_metrics_reference.py", "sklearn": sklearn.__version__,
               "numpy": np.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

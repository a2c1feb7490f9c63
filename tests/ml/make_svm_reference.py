#!/usr/bin/python3
"""Reference values for src/ml/scaler.c and src/ml/svm_*.c from scikit-learn.

Run with Debian's python (it has sklearn):
    /usr/bin/python3 tests/ml/make_svm_reference.py > tests/ml/data/svm_reference.json
StandardScaler statistics of a fixed training matrix, and SVC (which runs
scikit-learn's copy of libsvm) decision values (decision_function_shape=
'ovo', libsvm's pair order; for two classes scikit-learn negates libsvm's
value), predictions, gamma and support-vector counts on fixed test rows,
for several kernels / C / gamma / class_weight settings.  The C test
tests/ml/test_svm_sklearn.c trains libser's SVM on the scaled training rows
and compares.  Values are rounded to float32 so that they are also exact
as float.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


def blobs(rng, counts, dim, spread):
    centers = rng.normal(size=(len(counts), dim)) * spread
    x, y = [], []
    for k, n in enumerate(counts):
        x.append(centers[k] + rng.normal(size=(n, dim)))
        y += [k] * n
    x = np.vstack(x)
    y = np.array(y)
    return x, y


def main():
    rng = np.random.RandomState(7)
    dim = 6
    col_scale = np.array([1.0, 10.0, 0.1, 100.0, 1.0, 3.0])
    col_shift = np.array([0.0, -5.0, 2.0, 300.0, 1.0, -1.0])
    x, y = blobs(rng, [30, 30, 30, 30], dim, 1.3)
    perm = rng.permutation(len(y))  # rows not grouped by class
    x, y = x[perm], y[perm]
    x = x * col_scale + col_shift
    x = np.column_stack([x, np.full(len(y), 2.5)])  # a constant feature: scale 1
    x = x.astype(np.float32).astype(np.float64)
    xt = rng.normal(size=(40, dim)) * 1.6 * col_scale + col_shift
    xt = np.column_stack([xt, np.full(40, 2.5)]).astype(np.float32).astype(np.float64)

    scaler = StandardScaler().fit(x)
    xs, xts = scaler.transform(x), scaler.transform(xt)

    keep = np.ones(len(y), bool)
    keep[np.where(y == 3)[0][:22]] = False  # class 3 keeps 8 samples: imbalanced
    binary = y <= 1
    configs = [
        ("rbf_scale_c1", dict(kernel="rbf", C=1.0, gamma="scale"), None),
        ("rbf_auto_c100", dict(kernel="rbf", C=100.0, gamma="auto"), None),
        ("rbf_g005_c10_balanced", dict(kernel="rbf", C=10.0, gamma=0.05, class_weight="balanced"), keep),
        ("linear_c05", dict(kernel="linear", C=0.5), None),
        ("rbf_binary", dict(kernel="rbf", C=2.0, gamma="scale"), binary),
    ]
    out = {"generator": "tests/ml/make_svm_reference.py", "sklearn": sklearn.__version__,
           "n_features": x.shape[1], "x_train": x.ravel().tolist(), "y_train": y.tolist(),
           "x_test": xt.ravel().tolist(), "scaler_mean": scaler.mean_.tolist(),
           "scaler_scale": scaler.scale_.tolist(), "x_train_scaled": xs.ravel().tolist(),
           "x_test_scaled": xts.ravel().tolist(), "models": []}
    for name, params, rows in configs:
        rows = np.ones(len(y), bool) if rows is None else rows
        clf = SVC(decision_function_shape="ovo", **params).fit(xs[rows], y[rows])
        out["models"].append({
            "name": name,
            "kernel": params["kernel"],
            "C": params["C"],
            "gamma_param": params.get("gamma", "scale"),
            "class_weight": params.get("class_weight"),
            "rows": np.where(rows)[0].tolist(),
            "n_classes": len(clf.classes_),
            "gamma": float(clf._gamma),
            "n_support": clf.n_support_.tolist(),
            "decision": np.asarray(clf.decision_function(xts)).ravel().tolist(),
            "predict": clf.predict(xts).tolist(),
        })
    # libsvm's own calibration (random folds from its rand(), seeded here by
    # random_state): not reproducible bit for bit by libser's seeded folds,
    # but the same method, so the probabilities should be close.
    clf = SVC(kernel="rbf", C=1.0, gamma="scale", probability=True, random_state=0).fit(xs, y)
    out["proba_rbf_scale_c1"] = clf.predict_proba(xts).ravel().tolist()
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

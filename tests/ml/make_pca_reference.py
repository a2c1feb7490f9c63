#!/usr/bin/python3
"""Reference PCA for src/ml/pca.c from scikit-learn (svd_solver="full").

Run with Debian's python (it has numpy and sklearn):
    /usr/bin/python3 tests/ml/make_pca_reference.py > tests/ml/data/pca_reference.json
A fixed 40 x 6 matrix with correlated columns (seeded), and a 12 x 20 one
(more columns than rows: rank-deficient covariance).  tests/ml/test_pca.c
compares means, explained variance (ratios) and components up to sign,
and the projections up to the same signs.
"""
import json

import numpy as np
import sklearn
from sklearn.decomposition import PCA


def case(name, x, k):
    p = PCA(n_components=k, svd_solver="full").fit(x)
    return {
        "name": name,
        "x": x.tolist(),
        "n_components": k,
        "mean": p.mean_.tolist(),
        "components": p.components_.tolist(),
        "explained_variance": p.explained_variance_.tolist(),
        "explained_variance_ratio": p.explained_variance_ratio_.tolist(),
        "transform": p.transform(x).tolist(),
    }


rng = np.random.default_rng(20240517)
latent = rng.normal(size=(40, 3))
mix = np.array([[3.0, 0.5, 0.0, 1.0, -2.0, 0.2],
                [0.0, 2.0, 1.0, -0.5, 0.3, 0.0],
                [0.1, 0.0, 0.7, 0.0, 0.4, 1.5]])
a = latent @ mix + 0.1 * rng.normal(size=(40, 6)) + np.array([1, -2, 3, 0, 5, 10])
b = rng.normal(size=(12, 20)) * np.linspace(0.5, 3.0, 20)

print(json.dumps({
    "generator": "sklearn %s, numpy %s" % (sklearn.__version__, np.__version__),
    "cases": [case("correlated_40x6", a, 4), case("wide_12x20", b, 5)],
}, indent=1))

#!/usr/bin/python3
"""Reference split counts from scikit-learn 1.2 for tests/data/test_split.c.

Run with the Debian python3 (numpy + sklearn):
    /usr/bin/python3 tests/data/make_split_reference.py > tests/data/split_reference.txt

Only counts that do not depend on sklearn's random draws are written (each
case is checked over 20 random_states), so our own seeded RNG must give the
same numbers exactly.  Lines:
  tt TEST_SIZE C c_1..c_C : t_1..t_C
      StratifiedShuffleSplit test counts per class, classes in the order given
  skf K C c_1..c_C : a_{0,1} .. a_{K-1,C}
      StratifiedKFold(shuffle=True) test counts of fold f, class j (row-major);
      y lists class j's items as one block, blocks in the order given
  gkf K G g_1..g_G : s_1..s_K
      GroupKFold fold sizes, largest first
"""
import warnings

import numpy as np
from sklearn.model_selection import GroupKFold, StratifiedKFold, StratifiedShuffleSplit

SEEDS = range(20)
warnings.filterwarnings("ignore")  # "least populated class" warnings are expected


def blocks(counts):
    # class j gets the value 10 * (C - j), so first appearance != sorted order
    C = len(counts)
    return np.concatenate([np.full(c, 10 * (C - j)) for j, c in enumerate(counts)])


def tt_counts(counts, test_size, seed):
    y = blocks(counts)
    sss = StratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    _, test = next(sss.split(np.zeros(len(y)), y))
    values = [10 * (len(counts) - j) for j in range(len(counts))]
    return tuple(int(np.sum(y[test] == v)) for v in values)


def skf_alloc(counts, k, seed):
    y = blocks(counts)
    values = [10 * (len(counts) - j) for j in range(len(counts))]
    rows = []
    for _, test in StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
        rows.append(tuple(int(np.sum(y[test] == v)) for v in values))
    return tuple(rows)


def gkf_sizes(sizes, k):
    groups = np.concatenate([np.full(s, g) for g, s in enumerate(sizes)])
    out = [len(test) for _, test in GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups)]
    return tuple(sorted(out, reverse=True))


tt_cases = [
    ([96, 192, 192, 192], 0.2), ([7, 13, 29, 51, 3], 0.2), ([7, 13, 29, 51, 3], 0.25),
    ([7, 13, 29, 51, 3], 0.33), ([127, 81, 46, 69, 71, 62, 79], 0.2), ([487, 408, 357, 483], 0.2),
    ([10, 10, 11], 0.3), ([2, 5, 9], 0.5), ([50, 3, 17, 8], 0.1), ([5, 6, 7, 8, 9], 0.4),
]
skf_cases = [
    ([7, 13, 29, 51, 3], 5), ([96, 192, 192, 192], 5), ([127, 81, 46, 69, 71, 62, 79], 10),
    ([10, 10, 11], 3), ([50, 3, 17, 8], 4), ([5, 6, 7, 8, 9], 6),
]
gkf_cases = [
    ([49, 58, 43, 38, 55, 35, 61, 69, 56, 71], 3), ([150, 328, 273, 20, 75], 2),
    ([12, 7, 30, 2, 19, 5, 11, 23], 4), ([1, 2, 3, 4, 5, 6, 7], 3),
]

for counts, ts in tt_cases:
    results = {tt_counts(counts, ts, s) for s in SEEDS}
    if len(results) == 1:
        (t,) = results
        print("tt", ts, len(counts), *counts, ":", *t)
for counts, k in skf_cases:
    results = {skf_alloc(counts, k, s) for s in SEEDS}
    assert len(results) == 1, "StratifiedKFold allocation is seed-independent"
    (rows,) = results
    print("skf", k, len(counts), *counts, ":", *[a for row in rows for a in row])
for sizes, k in gkf_cases:
    print("gkf", k, len(sizes), *sizes, ":", *gkf_sizes(sizes, k))

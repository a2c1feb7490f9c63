#!/usr/bin/python3
"""Reference values for tests/features/test_aggregate.c (numpy; run with /usr/bin/python3)."""
import numpy as np

x = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.float64)
t = np.arange(len(x)) / 100.0  # frame rate 100 frames/s
print("mean", repr(x.mean()))
print("var", repr(x.var()))
print("std", repr(x.std()))
print("p25 p50 p90", [repr(np.percentile(x, q)) for q in (25, 50, 90)])
print("slope", repr(np.polyfit(t, x, 1)[0]))

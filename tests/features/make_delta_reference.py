#!/usr/bin/python3
"""Reference for ser_delta_frames: librosa.feature.delta(x, width=9, order=1,
mode='interp') is scipy.signal.savgol_filter(x, 9, 1, deriv=1, axis=-1,
mode='interp').  Input rows r=0..2 over T=20 frames:
x[r][t] = sin(0.3 t (r+1)) + 0.01 t^2 (computed in float32).
Writes tests/features/delta_reference.txt: one line per row, T values."""
import numpy as np
from scipy.signal import savgol_filter

T, R = 20, 3
t = np.arange(T, dtype=np.float64)
x = np.stack([np.sin(0.3 * t * (r + 1)) + 0.01 * t * t for r in range(R)]).astype(np.float32)
d = savgol_filter(x.astype(np.float64), 9, 1, deriv=1, axis=-1, mode='interp')
with open('tests/features/delta_reference.txt', 'w') as f:
    for r in range(R):
        f.write(' '.join('%.9g' % v for v in d[r]) + '\n')

#!/usr/bin/python3
"""Reference for tests/dsp/test_istft.c: scipy.signal.istft (scipy 1.10,
window='hann', boundary=True, scaling='spectrum') of seeded random
spectrograms.  Writes tests/dsp/istft_reference.json; run from anywhere:
    /usr/bin/python3 tests/dsp/make_istft_reference.py
Values are float32 (inputs) and the float64 outputs rounded to float32."""
import json
import os

import numpy as np
import scipy
import scipy.signal as ss
import warnings

warnings.filterwarnings("ignore", "NOLA")  # the hop == nperseg case fails NOLA on purpose

rng = np.random.default_rng(20240601)
cases = []
for nperseg, noverlap, nfft, n_frames in ((64, 48, 64, 12), (48, 36, 64, 9), (47, 32, 64, 8), (32, 0, 32, 5)):
    bins = nfft // 2 + 1
    Z = (rng.standard_normal((bins, n_frames)) + 1j * rng.standard_normal((bins, n_frames))).astype(np.complex64)
    Z[0, :] = Z[0, :].real  # irfft ignores the imaginary part of DC and Nyquist
    Z[-1, :] = Z[-1, :].real
    _, x = ss.istft(Z.astype(np.complex128), nperseg=nperseg, noverlap=noverlap, nfft=nfft)
    spec = np.stack([Z.real.T, Z.imag.T], axis=-1).astype(np.float32)  # (frames, bins, 2)
    cases.append({
        "nperseg": nperseg, "noverlap": noverlap, "nfft": nfft, "n_frames": n_frames,
        "spec_frames_bins_reim": [float(v) for v in spec.ravel()],
        "output": [float(np.float32(v)) for v in x],
    })
out = {"generator": "scipy.signal.istft, scipy " + scipy.__version__, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "istft_reference.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")

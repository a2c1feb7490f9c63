#!/usr/bin/python3
"""Write a synthetic feature CSV (the layout of `ser features --format csv`)
for the CLI tests: Gaussian blobs, one centre per class, a per-speaker
offset, seeded.  Usage: make_feature_csv.py OUT [per_class_per_speaker]
[n_speakers] [dim] [labels] [seed]"""
import random
import sys

out = sys.argv[1]
per = int(sys.argv[2]) if len(sys.argv) > 2 else 6
n_spk = int(sys.argv[3]) if len(sys.argv) > 3 else 4
dim = int(sys.argv[4]) if len(sys.argv) > 4 else 6
labels = (sys.argv[5] if len(sys.argv) > 5 else "neutral,happy,sad,angry").split(",")
rng = random.Random(int(sys.argv[6]) if len(sys.argv) > 6 else 0)
centres = [[rng.gauss(0, 2.0) for _ in range(dim)] for _ in labels]
with open(out, "w") as f:
    f.write("path,label,speaker,corpus," + ",".join("f%d_mean" % (j + 1) for j in range(dim)) + "\n")
    for s in range(n_spk):
        offset = [rng.gauss(0, 3.0) for _ in range(dim)]
        for k, lab in enumerate(labels):
            for r in range(per):
                v = [centres[k][j] + offset[j] + rng.gauss(0, 1.0) for j in range(dim)]
                f.write("spk%02d/%s_%02d.wav,%s,synth:%02d,synth," % (s + 1, lab, r, lab, s + 1)
                        + ",".join("%.9g" % x for x in v) + "\n")

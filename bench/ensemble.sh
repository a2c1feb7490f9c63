#!/usr/bin/env bash
# A simple ensemble measured on out-of-split predictions: the per-class
# probabilities of several `ser evaluate --predictions-out` files (same
# folds, same clips, same labels: e.g. an SVM and boosted trees run with the
# same --split/--seeds) averaged per clip; the label is the argmax.  Prints
# accuracy and UAR as mean +- population std over the splits, as
# `ser evaluate` does, for each input alone and for the average.  Each
# input alone is scored by the argmax of its probabilities too: for an SVM
# that can differ from `ser evaluate`'s figure, whose label is the
# one-vs-one vote (docs/ml.md).
#   bench/ensemble.sh PRED_A.csv PRED_B.csv [...]
# (models/README.md: the default model's choice.)
set -eu
[ $# -ge 2 ] || { echo "usage: bench/ensemble.sh PRED_A.csv PRED_B.csv [...]" >&2; exit 2; }
score() { # awk program over one or more prediction files: per split accuracy and UAR, then mean +- std
    awk -F, '
    FNR == 1 {
        if (FILENAME != last) { nf++; last = FILENAME }
        if (nf == 1) { for (i = 5; i <= NF; i++) cls[i] = substr($i, 3); ncol = NF }
        else if (NF != ncol) { print "ensemble: " FILENAME ": other columns" > "/dev/stderr"; exit 2 }
        next
    }
    {
        key = $1 SUBSEP $2
        if (nf == 1) { split_of[key] = $1; truth[key] = $3; order[++n] = key }
        else if (!(key in truth) || truth[key] != $3) { print "ensemble: " FILENAME ": clip " $2 " not in the first file or another label" > "/dev/stderr"; exit 2 }
        for (i = 5; i <= NF; i++) p[key, i] += $i
        seen[key]++
    }
    END {
        for (k = 1; k <= n; k++) {
            key = order[k]
            if (seen[key] != nf) { print "ensemble: clip " key " missing from a file" > "/dev/stderr"; exit 2 }
            best = 5
            for (i = 6; i <= ncol; i++) if (p[key, i] > p[key, best]) best = i
            s = split_of[key]; if (!(s in nsplit)) { splits[++ns] = s }
            nsplit[s]++; ok = cls[best] == truth[key]; correct[s] += ok
            tot[s, truth[key]]++; hit[s, truth[key]] += ok
        }
        for (j = 1; j <= ns; j++) {
            s = splits[j]; acc = correct[s] / nsplit[s]; u = 0; nc = 0
            for (i = 5; i <= ncol; i++) if (tot[s, cls[i]] > 0) { u += hit[s, cls[i]] / tot[s, cls[i]]; nc++ }
            u /= nc; A += acc; AA += acc * acc; U += u; UU += u * u
        }
        ma = A / ns; mu = U / ns
        sa = AA / ns - ma * ma; su = UU / ns - mu * mu
        printf "accuracy %.3f +- %.3f  UAR %.3f +- %.3f  (%d clips, %d splits)\n", ma, sqrt(sa > 0 ? sa : 0), mu, sqrt(su > 0 ? su : 0), n, ns
    }' "$@"
}
for f in "$@"; do printf '%-40s ' "$(basename "$f")"; score "$f"; done
printf '%-40s ' "average of the $# above"; score "$@"

#!/usr/bin/env bash
# make bench: our SVM grid search and forest random search against
# scikit-learn's (bench/sklearn_search.py, /usr/bin/python3) on the SAME
# exported feature CSV, the SAME folds (written by `ser evaluate
# --folds-out`, read by the sklearn script) and the same grids, at equal
# parallelism (`-j 1` vs n_jobs=1, `-j 2` vs n_jobs=2).  Protocol:
# RAVDESS-4 random (neutral/happy/sad/angry, stratified 80/20), one split
# per seed in SEEDS.  Run once; the machine is shared.
#
# Times: ours = whole `ser evaluate` process (CSV read, search, refit,
# test); sklearn = the fit call (search + refit) only, so the ratio is not
# in our favour by construction.  Wall time and, at 1 job, CPU time (user +
# system of our process; the sklearn process's own CPU time of the fit):
# on a loaded machine the CPU ratio is the steadier figure.  scikit-learn's SVM probabilities: inner
# fits without, the refit with probability=True, as ours (PROBABILITY=all
# gives every fit probability=True, as SVC(probability=True) in a notebook).
#
# Usage: bench/ml_vs_sklearn.sh [SER]
#   env CSV=FILE (default: extract the seed set of RAVDESS into OUTDIR once)
#       SEEDS: split seeds, each its own row; a mean row per kind and jobs
#       SEEDS="0 1 2 3 4" KINDS="svm forest" JOBS="1 2" PROBABILITY=refit
#       DATA=../shared/data OUTDIR=/tmp/ser-bench-ml
set -u
SER=${1:-build/ser}
SEEDS=${SEEDS:-0 1 2 3 4}
KINDS=${KINDS:-svm forest}
JOBS=${JOBS:-1 2}
PROBABILITY=${PROBABILITY:-refit}
DATA=${DATA:-../shared/data}
OUTDIR=${OUTDIR:-/tmp/ser-bench-ml}
LABELS=neutral,happy,sad,angry
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$SER" ] || { echo "no $SER: make build first" >&2; exit 1; }
$PY -c 'import sklearn' 2> /dev/null || { echo "$PY has no scikit-learn (apt install python3-sklearn)" >&2; exit 1; }
mkdir -p "$OUTDIR"
CSV=${CSV:-$OUTDIR/ravdess_seed.csv}
if [ ! -s "$CSV" ]; then
    echo "# $SER features --set seed -j 2 -o $CSV $DATA/ravdess" >&2
    "$SER" features --set seed -j 2 -o "$CSV" "$DATA/ravdess" || exit 1
fi

wall() { tail -n 1 "$1" | awk '{print $1}'; }
cpu() { tail -n 1 "$1" | awk '{print $2 + $3}'; }

# Ours: one `ser evaluate` per (seed, kind, jobs); the first run of a seed writes its folds.
: > "$OUTDIR/ours.tsv"
fold_args=()
for s in $SEEDS; do
    folds="$OUTDIR/folds_seed$s.csv"
    fold_args+=(--folds "$folds")
    for k in $KINDS; do
        for j in $JOBS; do
            out="$OUTDIR/ours_${k}_seed${s}_j$j.json"
            cmd=("$SER" evaluate --features "$CSV" --split random --test 0.2 --seeds "$s" --labels "$LABELS"
                 --kind "$k" -j "$j" --json)
            [ -s "$folds" ] || cmd+=(--folds-out "$folds")
            echo "# ${cmd[*]}" >&2
            /usr/bin/time -f "%e %U %S" -o "$OUTDIR/time.txt" "${cmd[@]}" > "$out" || { echo "failed: ${cmd[*]}" >&2; exit 1; }
            jq -r --arg k "$k" --arg j "$j" --arg s "$s" --arg t "$(wall "$OUTDIR/time.txt")" --arg c "$(cpu "$OUTDIR/time.txt")" \
                '[$k, $j, $s, .folds[0].accuracy, ($t|tonumber), ($c|tonumber), .folds[0].params] | @tsv' "$out" >> "$OUTDIR/ours.tsv"
        done
    done
done

# scikit-learn on the same folds.
kind_args=()
for k in $KINDS; do kind_args+=(--kind "$k"); done
cmd=($PY "$HERE/sklearn_search.py" --features "$CSV" "${fold_args[@]}" "${kind_args[@]}" --labels "$LABELS"
     --jobs "$(echo $JOBS | tr ' ' ,)" --seed 0 --probability "$PROBABILITY" --json)
echo "# ${cmd[*]}" >&2
"${cmd[@]}" > "$OUTDIR/sklearn.json" || { echo "failed: ${cmd[*]}" >&2; exit 1; }
jq -r '.[] | [.kind, (.n_jobs|tostring), (.folds|capture("seed(?<s>[0-9]+)").s), .accuracy, .fit_s, .cpu_s,
       (.params|tostring)] | @tsv' "$OUTDIR/sklearn.json" > "$OUTDIR/sklearn.tsv"

echo
echo "RAVDESS-4 random, seed set ($(($(wc -l < "$CSV") - 1)) rows in $CSV), split seeds: $SEEDS"
printf '%-7s %4s %5s | %9s %9s %7s | %9s %9s %8s | %8s %8s %8s\n' kind jobs seed "ours acc" "sk acc" "diff pt" \
    "ours s" "sk fit s" "speed-up" "ours cpu" "sk cpu" "cpu x"
join -t $'\t' <(awk -F'\t' '{print $1"/"$2"/"$3"\t"$4"\t"$5"\t"$6"\t"$7}' "$OUTDIR/ours.tsv" | sort) \
              <(awk -F'\t' '{print $1"/"$2"/"$3"\t"$4"\t"$5"\t"$6"\t"$7}' "$OUTDIR/sklearn.tsv" | sort) |
awk -F'\t' '{
    split($1, key, "/")
    if (key[2] == 1)
        cpu = sprintf("%8.2f %8.2f %7.1fx", $4, $8, $8/$4)
    else
        cpu = sprintf("%8s %8s %8s", "-", "-", "-")
    printf "%-7s %4s %5s | %9.4f %9.4f %+7.1f | %9.2f %9.2f %7.1fx | %s\n", key[1], key[2], key[3], $2, $6, 100*($2-$6), $3, $7, $7/$3, cpu
    print "        ours: " $5 "   sklearn: " $9 > "/dev/stderr"
    g = key[1] " " key[2]; n[g]++; oa[g] += $2; sa[g] += $6; ot[g] += $3; st[g] += $7; oc[g] += $4; sc[g] += $8
}
END {
    for (g in n) {
        split(g, key, " ")
        cpu = key[2] == 1 ? sprintf("%8.2f %8.2f %7.1fx", oc[g], sc[g], sc[g]/oc[g]) : sprintf("%8s %8s %8s", "-", "-", "-")
        printf "%-7s %4s %5s | %9.4f %9.4f %+7.1f | %9.2f %9.2f %7.1fx | %s\n", key[1], key[2], "mean", oa[g]/n[g], sa[g]/n[g],
               100*(oa[g]-sa[g])/n[g], ot[g], st[g], st[g]/ot[g], cpu
    }
}'
echo "mean: accuracy over the split seeds; times summed over them"
echo "speed-up = sklearn fit wall time / our whole-process wall time, equal jobs; cpu x = the same with CPU times (1 job); anchors (ANCHORS.md, 1 job): sklearn SVM grid 1.96 s, forest search 45 s per split"

#!/usr/bin/env bash
# The default model's choice (models/README.md): each model kind under
# speaker-independent cross-validation on the default model's data
# (RAVDESS + EmoDB, angry/happy/sad/neutral with calm merged into neutral,
# the live stream's features: seed set, --streaming, --window 2), tested on
# wideband audio and on the telephone-band version of the test folds.
# Outer split: 5 folds keeping each speaker whole (--split speaker-kfold,
# seed 0).  To bound the time on a shared 2-core machine each kind is fitted
# once per training part at fixed hyper-parameters (--search none --cv 1
# --param ...): the SVM at the point a grid search on the training data
# selected (models/README.md), the trees at their usual defaults; balanced
# class weights.  The shipped model (scripts/make-model) is the boost row.  Every run's
# JSON is kept in OUTDIR; prints one markdown table.  Long (minutes per
# row on 2 cores): not part of `make test`.
#
# Usage: bench/model_choice.sh [SER]
#   env RUNS="svm:plain:wide svm:aug:wide svm:aug:tel ..."  kind:training:test rows
#       (training plain | aug (every clip's telephone copy) | aug50 (half of them))
#       SVM="c=10 gamma=scale" FOREST="depth=none trees=300" BOOST="depth=6 trees=200 rate=0.1"
#       CNN="--frames 63 ..." (kind cnn: the CNN options; its input is the
#       log-mel image of the same 2 s window, 63 frames, as the live stream's)
#       PRED=1: also --predictions-out OUTDIR/NAME.pred.csv (bench/ensemble.sh)
#       JOBS=2 DATA=../shared/data OUTDIR=/tmp/ser-model-choice REUSE=1
#       NORM=1: --speaker-norm (each speaker's rows, and apart from them its
#       telephone copies, standardised by their own statistics; JSON files
#       named *_norm.json)
set -u
SER=${1:-build/ser}
RUNS=${RUNS:-svm:aug:wide svm:aug:tel svm:plain:wide svm:plain:tel boost:aug:wide forest:aug:wide boost:aug:tel forest:aug:tel}
SVM=${SVM:-c=10 gamma=scale}
FOREST=${FOREST:-depth=none trees=300}
BOOST=${BOOST:-depth=6 trees=200 rate=0.1}
CNN=${CNN:---frames 63 --epochs 30 --patience 8 --spec-freq 2:12 --spec-time 2:12}
PRED=${PRED:-0}
JOBS=${JOBS:-2}
DATA=${DATA:-../shared/data}
OUTDIR=${OUTDIR:-/tmp/ser-model-choice}
REUSE=${REUSE:-1}
NORM=${NORM:-0}
[ -x "$SER" ] || { echo "no $SER: make build first" >&2; exit 1; }
mkdir -p "$OUTDIR"
SERTEST=${SERTEST:-$(dirname "$SER")/tests/sertest}

COMMON="$DATA/ravdess $DATA/emodb --merge calm=neutral --labels neutral,happy,sad,angry
 --window 2 --split speaker-kfold --outer-folds 5 --seeds 0
 --class-weight balanced -j $JOBS --json"
SET="--set seed --streaming --search none --cv 1"   # the feature kinds' (a CNN's input is its image)

get() { "$SERTEST" json-get "$1" "$2" 2>/dev/null || echo -; }

echo "| kind | parameters | training | test audio | accuracy | UAR | wall s |"
echo "|---|---|---|---|---|---|---|"
for r in $RUNS; do
    IFS=: read -r kind train test <<< "$r"
    case $kind in svm) p=$SVM ;; forest) p=$FOREST ;; boost) p=$BOOST ;; cnn) p= ;; esac
    flags="--kind $kind $(for x in $p; do printf -- '--param %s ' "$x"; done)"
    if [ "$kind" = cnn ]; then flags="$flags $CNN"; else flags="$flags $SET"; fi
    [ "$train" = aug ] && flags="$flags --augment-telephone"
    [ "$train" = aug50 ] && flags="$flags --augment-telephone=0.5"
    [ "$test" = tel ] && flags="$flags --telephone"
    tag=
    [ "$NORM" = 1 ] && { flags="$flags --speaker-norm"; tag=_norm; }
    out="$OUTDIR/${kind}_${train}_${test}${tag}.json"
    [ "$PRED" = 1 ] && flags="$flags --predictions-out ${out%.json}.pred.csv"
    t=-
    # shellcheck disable=SC2086
    cmd="$SER evaluate $COMMON $flags"
    echo "# $(echo $cmd)" >&2
    if [ "$REUSE" = 1 ] && [ "$(get "$out" uar)" != - ]; then
        echo "#   reusing $out" >&2
    else
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        $cmd > "$out" 2> "$out.log" || [ $? -eq 3 ] || { echo "# failed: see $out.log" >&2; continue; }
        t=$(echo "$(date +%s.%N) - $start" | bc)
        printf '%.0f\n' "$t" > "$out.time"
    fi
    [ -f "$out.time" ] && t=$(cat "$out.time")
    printf '| %s | %s | %s | %s | %.3f +- %.3f | %.3f +- %.3f | %s |\n' "$kind" "$(get "$out" folds.0.params)" \
        "$(case $train in aug) echo "wideband + telephone copies" ;; aug50) echo "wideband + half the telephone copies" ;; *) echo wideband ;; esac)$([ "$NORM" = 1 ] && echo ", speaker norm")" \
        "$([ "$test" = tel ] && echo telephone-band || echo wideband)" \
        "$(get "$out" accuracy)" "$(get "$out" accuracy_std)" "$(get "$out" uar)" "$(get "$out" uar_std)" "$t"
done

#!/usr/bin/env bash
# make crosscorpus: leave-one-corpus-out over RAVDESS (English), EmoDB
# (German) and TurEV-DB (Turkish) on the four shared classes (angry, happy,
# sad, neutral; calm merged into neutral): for each held-out corpus, train
# on each other corpus alone and on the pair, test on the held-out corpus
# (UAR).  Features are the default model's (the live stream's: seed set,
# --streaming, --window 2), extracted once per corpus into OUTDIR; the
# model recipe is the default model's (SVM grid, inner folds grouped by
# speaker, selection by UAR, balanced class weights; --cv 3 to bound the
# time).  Each run is one `ser evaluate --folds` with the training corpora
# at fold -1 (train only) and the held-out corpus at fold 0.  Also the
# shipped model's UAR on TurEV-DB (MODEL, when it exists).  Prints
# markdown tables.  Long (minutes per row on 2 cores): not part of `make test`.
#
# Usage: bench/crosscorpus.sh [SER]
#   env DATA=../shared/data OUTDIR=/tmp/ser-crosscorpus JOBS=2 REUSE=1
#       MODEL=models/default.sermodel EXTRA="" (more `ser evaluate` options)
set -u
SER=${1:-build/ser}
DATA=${DATA:-../shared/data}
OUTDIR=${OUTDIR:-/tmp/ser-crosscorpus}
JOBS=${JOBS:-2}
REUSE=${REUSE:-1}
MODEL=${MODEL:-models/default.sermodel}
EXTRA=${EXTRA:-}
PARAMS=${PARAMS:-c=10 gamma=scale}
SERTEST=${SERTEST:-$(dirname "$SER")/tests/sertest}
[ -x "$SER" ] || { echo "no $SER: make build first" >&2; exit 1; }
mkdir -p "$OUTDIR"
CORPORA="ravdess emodb turevdb"
name() { case $1 in ravdess) echo RAVDESS ;; emodb) echo EmoDB ;; turevdb) echo TurEV-DB ;; esac; }
get() { "$SERTEST" json-get "$1" "$2" 2>/dev/null || echo -; }

for c in $CORPORA; do
    csv="$OUTDIR/$c.csv"
    if [ ! -s "$csv" ]; then
        echo "# $SER features --set seed --streaming --window 2 -j $JOBS -o $csv $DATA/$c" >&2
        nice -n 10 "$SER" features --set seed --streaming --window 2 -j "$JOBS" -o "$csv" "$DATA/$c" || [ $? -eq 3 ] || exit 1
    fi
done

echo "| held out (test) | trained on | rows trained | UAR | accuracy | wall s |"
echo "|---|---|---|---|---|---|"
for test in $CORPORA; do
    others=$(for c in $CORPORA; do [ "$c" = "$test" ] || echo "$c"; done | tr '\n' ' ')
    set -- $others
    for train in "$1" "$2" "$1 $2"; do
        tag="test-${test}_train-$(echo "$train" | tr ' ' '+')"
        csv="$OUTDIR/$tag.csv"
        folds="$OUTDIR/$tag.folds.csv"
        out="$OUTDIR/$tag.json"
        head -n 1 "$OUTDIR/$test.csv" > "$csv"
        echo "path,fold" > "$folds"
        for c in $train $test; do
            tail -n +2 "$OUTDIR/$c.csv" >> "$csv"
            f=-1; [ "$c" = "$test" ] && f=0
            tail -n +2 "$OUTDIR/$c.csv" | cut -d, -f1 | sed "s/\$/,$f/" >> "$folds"
        done
        cmd="$SER evaluate --features $csv --folds $folds --merge calm=neutral --labels neutral,happy,sad,angry --kind svm --search none --cv 1 $(for x in $PARAMS; do printf -- '--param %s ' "$x"; done)--class-weight balanced -j $JOBS --json $EXTRA"
        echo "# $cmd" >&2
        t=-
        if [ "$REUSE" = 1 ] && [ "$(get "$out" uar)" != - ]; then
            echo "#   reusing $out" >&2
        else
            start=$(date +%s.%N)
            # shellcheck disable=SC2086
            nice -n 10 $cmd > "$out" 2> "$out.log" || [ $? -eq 3 ] || { echo "# failed: see $out.log" >&2; continue; }
            printf '%.0f\n' "$(echo "$(date +%s.%N) - $start" | bc)" > "$out.time"
        fi
        [ -f "$out.time" ] && t=$(cat "$out.time")
        names=$(for c in $train; do name "$c"; done | paste -sd+)
        printf '| %s | %s | %s | %.3f | %.3f | %s |\n' "$(name "$test")" "$names" "$(get "$out" folds.0.n_train)" \
            "$(get "$out" uar)" "$(get "$out" accuracy)" "$t"
    done
done

if [ -f "$MODEL" ]; then
    # The shipped model on TurEV-DB, a language it never heard: predict every
    # clip, score against the folder's label (calm counted as neutral).
    out="$OUTDIR/shipped_turevdb.jsonl"
    echo "# $SER predict -m $MODEL --json $DATA/turevdb" >&2
    nice -n 10 "$SER" predict -m "$MODEL" --json "$DATA/turevdb" > "$out" 2> "$out.log" || [ $? -eq 3 ] || exit 1
    echo
    echo "Shipped model ($MODEL) on TurEV-DB (all $(grep -c '"label"' "$out") clips, calm = neutral):"
    awk -F'"' '{
        path = ""; pred = "";
        for (i = 1; i < NF; i++) { if ($i == "path") path = $(i + 2); if ($i == "label") pred = $(i + 2) }
        n = split(path, parts, "/"); truth = tolower(parts[n - 1]); if (truth == "calm") truth = "neutral";
        total[truth]++; if (pred == truth) hit[truth]++; all++; if (pred == truth) ok++
    } END {
        k = 0; s = 0; for (c in total) { k++; s += hit[c] / total[c]; printf "  recall %-8s %.3f (%d clips)\n", c, hit[c] / total[c], total[c] }
        printf "  UAR %.3f, accuracy %.3f\n", s / k, ok / all
    }' "$out"
fi

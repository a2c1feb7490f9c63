#!/usr/bin/env bash
# make eval: the four reported protocols of ../shared/data/README.md with
# `ser evaluate`, each model kind, without and with --speaker-norm, on one
# feature set.  Each corpus is extracted once to a CSV (kept in OUTDIR and
# reused on the next run); every evaluation's JSON is kept next to it.
# Prints one table: accuracy and UAR, mean +- population std over splits.
# Long (minutes per row on 2 cores): not part of `make test`.
#
# Usage: bench/protocols.sh [SER]
#   env SET=full|seed|...   feature set (default full: the most accurate measured;
#                           seed: the librosa-faithful seed vector)
#       KINDS="svm forest"  model kinds (add boost for boosted trees; cnn: the
#                           CNN on log-mel images of the audio, no feature CSV,
#                           options in CNN_OPTS; norm on = per-speaker mel bands)
#       CNN_OPTS="--frames 96 --epochs 40 --patience 8 --augment 1 --spec-freq 2:12 --spec-time 2:12"
#       NORMS="off on"      --speaker-norm off and/or on
#       PROTOCOLS="ravdess4-random ravdess8-si emodb7-loso turev4-si"
#       EXTRA=""            more `ser evaluate` options (e.g. --class-weight balanced)
#       JOBS=2              -j for features and evaluate
#       DATA=../shared/data OUTDIR=/tmp/ser-eval
#       REUSE=1             keep an evaluation's JSON already in OUTDIR (wall time then "-")
set -u
SER=${1:-build/ser}
SET=${SET:-full}
AUDIO=${AUDIO---trim=30}
KINDS=${KINDS:-svm forest}
NORMS=${NORMS:-off on}
PROTOCOLS=${PROTOCOLS:-ravdess4-random ravdess8-si emodb7-loso turev4-si}
EXTRA=${EXTRA:-}
CNN_OPTS=${CNN_OPTS:---frames 96 --epochs 40 --patience 8 --augment 1 --spec-freq 2:12 --spec-time 2:12}
JOBS=${JOBS:-2}
REUSE=${REUSE:-0}
DATA=${DATA:-../shared/data}
OUTDIR=${OUTDIR:-/tmp/ser-eval}
[ -x "$SER" ] || { echo "no $SER: make build first" >&2; exit 1; }
mkdir -p "$OUTDIR"

corpus_of() {
    case $1 in
    ravdess*) echo ravdess ;;
    emodb*) echo emodb ;;
    turev*) echo turevdb ;;
    *) echo "unknown protocol $1" >&2; exit 2 ;;
    esac
}

tag=$(echo "$SET $AUDIO $EXTRA" | tr -c 'A-Za-z0-9_\n' '_' | sed 's/__*/_/g; s/^_*//; s/_*$//')
atag=$(echo "$AUDIO" | tr -c 'A-Za-z0-9_\n' '_' | sed 's/^_*//; s/_*$//')
rows=()
for p in $PROTOCOLS; do
    c=$(corpus_of "$p")
    csv="$OUTDIR/${c}_$SET${atag:+_$atag}.csv"
    if [ ! -s "$csv" ] && [ "$(echo "$KINDS" | tr ' ' '\n' | grep -vc '^cnn$')" -gt 0 ]; then
        echo "# $SER features --set $SET $AUDIO -j $JOBS -o $csv $DATA/$c" >&2
        # shellcheck disable=SC2086
        "$SER" features --set "$SET" $AUDIO -j "$JOBS" -o "$csv" "$DATA/$c" || [ $? -eq 3 ] || exit 1
    fi
    for k in $KINDS; do
        for n in $NORMS; do
            flag=; [ "$n" = on ] && flag=--speaker-norm
            out="$OUTDIR/${p}_${k}_${tag}_norm-$n.json"
            # shellcheck disable=SC2086
            cmd="$SER evaluate --features $csv --protocol $p --kind $k $flag $EXTRA -j $JOBS --json"
            if [ "$k" = cnn ]; then
                ctag=$(echo "$CNN_OPTS $EXTRA" | tr -c 'A-Za-z0-9_\n' '_' | sed 's/_*$//')
                out="$OUTDIR/${p}_cnn_${ctag}_norm-$n.json"
                cmd="$SER evaluate --data $DATA --protocol $p --kind cnn $flag $CNN_OPTS $AUDIO $EXTRA -j $JOBS --json"
            fi
            echo "# $cmd" >&2
            t=-
            if [ "$REUSE" = 1 ] && [ -s "$out" ] && jq -e .uar "$out" > /dev/null 2>&1; then
                echo "#   reusing $out" >&2
            else
                start=$(date +%s.%N)
                $cmd > "$out" || { echo "failed: $cmd" >&2; exit 1; }
                t=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
            fi
            rows+=("$(jq -r --arg p "$p" --arg k "$k" --arg n "$n" --arg t "$t" \
                '[$p, $k, $n, (.folds|length), .accuracy, .accuracy_std, .uar, .uar_std, $t] | @tsv' "$out")")
        done
    done
done
echo
echo "set $SET${AUDIO:+, $AUDIO}${EXTRA:+, $EXTRA}; mean +- population std over splits"
printf '%-16s %-7s %-5s %6s %17s %17s %8s\n' protocol kind norm splits accuracy UAR "wall s"
for r in "${rows[@]}"; do
    IFS=$'\t' read -r p k n s a as u us t <<< "$r"
    printf '%-16s %-7s %-5s %6s %9.3f +- %5.3f %9.3f +- %5.3f %8s\n' "$p" "$k" "$n" "$s" "$a" "$as" "$u" "$us" "$t"
done

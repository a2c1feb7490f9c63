#!/usr/bin/env bash
# kill -9 of `ser train -o MODEL` at seeded random points (and as soon as its
# temporary file appears) leaves MODEL either the old file byte for byte or a
# complete new one that loads and predicts, never a torn one.  No visible
# file besides MODEL is left in the folder: a killed write can leave only a
# hidden ".MODEL.tmp.XXXXXX" (src/core/temp_name.h, docs/hardening.md), and
# the next train still succeeds beside it.
. "$(dirname "$0")/../cli/lib.sh"
CSV="$TMP/f.csv"
"$SERTEST" feature-csv "$CSV" 12 4 12 neutral,happy,sad,angry 0
OUT="$TMP/models"
mkdir -p "$OUT"
M="$OUT/m.model"
# A forest: a ~100 kB file, so the write itself takes a while.
args() { echo train --features "$CSV" --kind forest --search none --cv 2 --seed "$1" -o "$M"; }
train() { "$SER" $(args "$1") >/dev/null 2>&1; }
# start SEED: the program itself in the background (pid in $pid), so that
# kill -9 hits it and not a subshell
start() { "$SER" $(args "$1") >/dev/null 2>&1 & pid=$!; }

expect_exit 0 "old model written" -- train 100
cp "$M" "$TMP/old.model"
t0=$(date +%s%N); train 101; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
cp "$TMP/old.model" "$M"
echo "# one train takes ${ms} ms"

# check LABEL: MODEL is the old file or a valid new one; no visible stray file
check() {
    if cmp -s "$M" "$TMP/old.model"; then
        ok "$1: old model intact"
    elif "$SERTEST" model-header "$M" >/dev/null 2>&1 && "$SER" predict -m "$M" --features "$CSV" --json >/dev/null 2>&1; then
        ok "$1: complete new model (CRC ok, predicts)"
        cp "$M" "$TMP/old.model"
    else
        fail "$1: torn model ($(stat -c %s "$M" 2>/dev/null) bytes)"
    fi
    local visible
    visible=$(ls "$OUT")
    [ "$visible" = m.model ] && ok "$1: no visible stray file" || fail "$1: folder holds: $visible"
}

# Seeded kill points, uniform over [0, 1.2 x one train].
points=$(awk -v seed=9 -v ms="$ms" 'BEGIN {srand(seed); for (i = 0; i < 10; i++) printf "%.3f\n", rand() * 1.2 * ms / 1000}')
i=0
for p in $points; do
    i=$((i + 1))
    start $((200 + i))
    sleep "$p"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    check "kill $i at ${p}s"
done

# Kill as soon as the temporary file exists (the write window); best effort:
# a poll may miss a short window.
hits=0
for i in 1 2 3 4 5 6; do
    start $((300 + i))
    while kill -0 "$pid" 2>/dev/null; do
        if compgen -G "$OUT/.m.model.tmp.*" >/dev/null; then
            kill -9 "$pid" 2>/dev/null
            hits=$((hits + 1))
            break
        fi
    done
    wait "$pid" 2>/dev/null
    check "kill in write $i"
done
echo "# $hits of 6 kills landed while the temporary file existed"
left=$(ls -A "$OUT" | grep -c '^\.m\.model\.tmp\.' || true)
echo "# hidden temporary files left by the kills: $left"

expect_exit 0 "train again beside the leftovers" -- train 400
"$SER" predict -m "$M" --features "$CSV" --json >/dev/null 2>&1 && ok "final model predicts" || fail "final model unusable"
finish

#!/usr/bin/env bash
# ser train / evaluate / predict on a synthetic feature table (written by
# `sertest feature-csv` (tests/tools/sertest.c): Gaussian blobs per class, 4 speakers with
# their own offsets): JSON shapes, determinism across -j, bad input.
. "$(dirname "$0")/lib.sh"
CSV="$TMP/f.csv"
"$SERTEST" feature-csv "$CSV" 6 4 6 neutral,happy,sad,angry 0

for c in train evaluate predict; do
    expect_exit 0 "$c --help" -- "$SER" "$c" --help
    expect_grep "$TMP/out" "^Usage: ser $c" "$c help shows usage"
done

# train: table of 16 grid points, CV score, model written
expect_exit 0 "train svm grid" -- "$SER" train --features "$CSV" -o "$TMP/m.model" -j 2
n=$(grep -c '^C=' "$TMP/out"); [ "$n" -eq 16 ] && ok "16 grid points" || fail "$n grid points, want 16"
expect_grep "$TMP/out" '^CV accuracy: 0\.[0-9]+ \+- ' "train prints the CV score"
[ -s "$TMP/m.model" ] && ok "model written" || fail "no model file"
"$SER" train --features "$CSV" -o "$TMP/m1.model" -j 1 >"$TMP/t1" 2>/dev/null
cmp -s "$TMP/out" "$TMP/t1" && ok "train table identical for -j 1 and -j 2" || fail "train table differs between -j 1 and -j 2"
# the files differ only in the recorded command line: compare what they predict
"$SER" predict -m "$TMP/m.model" --features "$CSV" --json >"$TMP/p2" 2>/dev/null
"$SER" predict -m "$TMP/m1.model" --features "$CSV" --json >"$TMP/p1" 2>/dev/null
[ -s "$TMP/p1" ] && cmp -s "$TMP/p1" "$TMP/p2" && ok "models of -j 1 and -j 2 predict identically" || fail "models of -j 1 and -j 2 differ"
# --grid: the search's own values (3 C x 2 gamma = 6 points, each printed)
expect_exit 0 "train --grid c=0.5,5,50 --grid gamma=scale,0.02" -- "$SER" train --features "$CSV" --grid c=0.5,5,50 --grid gamma=scale,0.02 -o "$TMP/g.model"
n=$(grep -c -E '^C=(0\.5|5|50) +gamma=(scale|0\.02) ' "$TMP/out"); [ "$n" -eq 6 ] && [ "$(grep -c '^C=' "$TMP/out")" -eq 6 ] && ok "--grid: the 6 points given" || fail "--grid: $n of 6 points: $(grep '^C=' "$TMP/out" | head -3)"
expect_exit 2 "--grid with a bad value" -- "$SER" train --features "$CSV" --grid gamma=scale,x -o "$TMP/g.model"
expect_grep "$TMP/err" "'x' is not a valid value" "--grid names the bad value"
expect_exit 0 "train forest random, grouped, speaker-norm" -- "$SER" train --features "$CSV" --kind forest --n-iter 2 --cv 4 --group speaker --speaker-norm --score uar -o "$TMP/f.model"
expect_grep "$TMP/out" 'speaker-grouped' "grouped inner folds reported"

# predict
expect_exit 0 "predict --json" -- "$SER" predict -m "$TMP/m.model" --features "$CSV" --json
n=$(grep -c '^{"path":"spk[0-9]*/[a-z]*_[0-9]*.wav","label":"[a-z]*","probabilities":{"neutral":[0-9.e-]*,"happy":[0-9.e-]*,"sad":[0-9.e-]*,"angry":[0-9.e-]*},"confidence":[0-9.e-]*,"voiced":null}$' "$TMP/out")
[ "$n" -eq 96 ] && ok "96 JSON lines of the contract shape" || fail "$n JSON lines of the right shape, want 96"
correct=$(awk -F'"' '{split($4,a,"/"); split(a[2],b,"_"); if (b[1]==$8) n++} END {print n+0}' "$TMP/out")
[ "$correct" -ge 80 ] && ok "predict: $correct/96 correct on training rows" || fail "predict: only $correct/96 correct"

# evaluate: JSON keys in contract order; speaker split; folds round trip
expect_exit 0 "evaluate --split speaker --json" -- "$SER" evaluate --features "$CSV" --split speaker --speaker-norm --json --folds-out "$TMP/folds.csv" --predictions-out "$TMP/pred.csv"
expect_grep "$TMP/out" '^\{"protocol":"speaker","kind":"svm","labels":\["neutral","happy","sad","angry"\],"accuracy":[0-9.e-]+,"accuracy_std":[0-9.e-]+,"uar":[0-9.e-]+,"uar_std":[0-9.e-]+,"f1_macro":[0-9.e-]+,"per_class":\{"neutral":\{"precision":[0-9.e-]+,"recall":[0-9.e-]+,"f1":[0-9.e-]+,"support":24\}' "evaluate JSON shape"
expect_grep "$TMP/out" '"confusion":\[\[[0-9]+,[0-9]+,[0-9]+,[0-9]+\],' "confusion rows"
expect_grep "$TMP/out" '"folds":\[\{"name":"synth:01","accuracy":' "folds named by speaker"
acc=$(grep -o '"uar":[0-9.]*' "$TMP/out" | head -1 | cut -d: -f2)
awk -v a="$acc" 'BEGIN {exit !(a > 0.6)}' && ok "speaker-independent UAR $acc > 0.6 (chance 0.25)" || fail "UAR $acc not above 0.6"
n=$(($(wc -l <"$TMP/pred.csv") - 1)); [ "$n" -eq 96 ] && ok "96 out-of-split predictions" || fail "$n predictions, want 96"
cp "$TMP/out" "$TMP/ev1"
expect_exit 0 "evaluate --folds (reuse)" -- "$SER" evaluate --features "$CSV" --folds "$TMP/folds.csv" --speaker-norm --json
a1=$(grep -o '"accuracy":[0-9.]*' "$TMP/ev1" | head -1); a2=$(grep -o '"accuracy":[0-9.]*' "$TMP/out" | head -1)
[ "$a1" = "$a2" ] && ok "reused folds give the same accuracy" || fail "reused folds: $a1 vs $a2"
expect_exit 0 "evaluate random split text" -- "$SER" evaluate --features "$CSV" --kind boost --search none --seeds 0-1
expect_grep "$TMP/out" '^accuracy 0\.[0-9]+ \+- ' "text summary"
expect_grep "$TMP/out" '^confusion \(rows = true' "text confusion"
# several seeds: --folds-out writes one path,fold file per seed, each reusable with --folds
expect_exit 0 "evaluate --seeds 0-1 --folds-out" -- "$SER" evaluate --features "$CSV" --search none --seeds 0-1 --json --folds-out "$TMP/multi.csv"
cp "$TMP/out" "$TMP/ev_multi"
for s in 0 1; do
    f="$TMP/multi_seed$s.csv"
    [ "$(head -1 "$f" 2>/dev/null)" = "path,fold" ] && [ "$(($(wc -l <"$f") - 1))" -eq 96 ] &&
        ok "fold file of seed $s: header and 96 rows" || fail "fold file of seed $s missing or malformed"
done
[ ! -e "$TMP/multi.csv" ] && ok "no single file for several seeds" || fail "multi.csv written too"
cmp -s "$TMP/multi_seed0.csv" "$TMP/multi_seed1.csv" && fail "seeds 0 and 1 have the same folds" || ok "seeds 0 and 1 differ"
expect_exit 0 "evaluate --folds multi_seed1.csv" -- "$SER" evaluate --features "$CSV" --search none --json --folds "$TMP/multi_seed1.csv"
a1=$("$SERTEST" json-get "$TMP/ev_multi" folds.1.accuracy 2>/dev/null); a2=$("$SERTEST" json-get "$TMP/out" folds.0.accuracy 2>/dev/null)
[ -n "$a1" ] && [ "$a1" = "$a2" ] && ok "seed 1's fold file reproduces its split ($a1)" || fail "seed 1 via --folds: '$a2' vs '$a1'"

# bad input
"$SERTEST" feature-csv "$TMP/small.csv" 1 3 6 neutral,happy 1   # 3 rows per class < 5 folds
expect_exit 1 "class smaller than the folds" -- "$SER" train --features "$TMP/small.csv" -o "$TMP/x.model"
expect_grep "$TMP/err" 'fewer than the 5 cross-validation folds' "names the fold problem"
expect_exit 1 "single class" -- "$SER" train --features "$CSV" --labels sad -o "$TMP/x.model"
expect_grep "$TMP/err" 'only one class' "names the single class"
expect_exit 2 "unknown label in --labels" -- "$SER" train --features "$CSV" --labels sad,grumpy -o "$TMP/x.model"
expect_grep "$TMP/err" 'grumpy' "names the unknown label"
"$SERTEST" feature-csv "$TMP/other.csv" 2 2 5 neutral,happy 2
expect_exit 1 "features of another layout" -- "$SER" predict -m "$TMP/m.model" --features "$TMP/other.csv" --json
expect_grep "$TMP/err" 'does not fit model' "layout mismatch explained"
head -c 200 "$TMP/m.model" >"$TMP/trunc.model"
expect_exit 1 "truncated model" -- "$SER" predict -m "$TMP/trunc.model" --features "$CSV"
expect_grep "$TMP/err" 'trunc.model' "truncated model named"
cp "$TMP/m.model" "$TMP/edit.model"
printf 'X' | dd of="$TMP/edit.model" bs=1 seek=300 conv=notrunc 2>/dev/null
expect_exit 1 "edited model" -- "$SER" predict -m "$TMP/edit.model" --features "$CSV"
expect_grep "$TMP/err" 'edit.model' "edited model named"
# default model lookup (app/default_model.h): -m, else $SER_MODEL, else installed, else source tree
expect_exit 1 "predict without -m, SER_MODEL missing" -- env SER_MODEL="$TMP/missing.model" "$SER" predict --features "$CSV"
expect_grep "$TMP/err" 'SER_MODEL=.*missing.model' "missing SER_MODEL named"
expect_exit 0 "predict without -m uses SER_MODEL" -- env SER_MODEL="$TMP/m.model" "$SER" predict --features "$CSV" --json
expect_exit 2 "train without -o" -- "$SER" train --features "$CSV"
expect_exit 2 "--seeds with a fixed-fold protocol" -- "$SER" evaluate --protocol emodb7-loso --seeds 1
expect_exit 2 "--seeds beyond a protocol's repeats" -- "$SER" evaluate --protocol ravdess4-random --seeds 3-7
expect_exit 2 "bad --kind" -- "$SER" train --features "$CSV" --kind cnn -o "$TMP/x.model"
expect_exit 1 "missing features file" -- "$SER" evaluate --features "$TMP/nope.csv"
printf 'path,label\nx.wav,angry\n' >"$TMP/bad.csv"
expect_exit 1 "not a feature CSV" -- "$SER" train --features "$TMP/bad.csv" -o "$TMP/x.model"
finish

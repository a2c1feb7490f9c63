#!/usr/bin/env bash
# Telephone band and stream windows in the ML commands, on 40 EmoDB files
# (4 classes x 10, speakers 03 08 09 10 ...):
# - ser evaluate --telephone tests the telephone copies only: the same
#   number of test rows per split as wideband, "telephone": true in JSON;
#   --augment-telephone doubles the training rows and keeps the test rows;
#   a split never trains on a copy of a tested clip (copies follow their
#   original: the per-split train+test counts add up to the clips);
#   --augment-telephone=0.5 adds about half of the copies.
# - --exclude-speakers drops a speaker's clips; --param sets the fitted point.
# - ser features --telephone: same columns, different values.
# - --window 2 is recorded in the model, and ser predict repeats it.
# - CNN and --features refuse the telephone options (usage errors).
. "$(dirname "$0")/lib.sh"
D="$SER_SHARED/data/emodb"
files=$(for e in W N T F; do ls "$D" | grep "^[0-9][0-9]a0[0-9]${e}" | head -10; done | sed "s|^|$D/|")
n=$(echo "$files" | wc -l)
EV=(evaluate --set seed --streaming --split speaker-kfold --outer-folds 2 --search none --cv 2 --json)
jg() { "$SERTEST" json-get "$TMP/$1" "$2" 2>/dev/null || echo MISSING; }

expect_exit 0 "evaluate wideband" -- "$SER" "${EV[@]}" $files
cp "$TMP/out" "$TMP/wide.json"
expect_exit 0 "evaluate --telephone" -- "$SER" "${EV[@]}" --telephone $files
cp "$TMP/out" "$TMP/tel.json"
expect_exit 0 "evaluate --augment-telephone --telephone" -- "$SER" "${EV[@]}" --augment-telephone --telephone $files
cp "$TMP/out" "$TMP/both.json"
expect_exit 0 "evaluate --augment-telephone=0.5" -- "$SER" "${EV[@]}" --augment-telephone=0.5 $files
cp "$TMP/out" "$TMP/half.json"

[ "$(jg tel.json telephone)" = true ] && [ "$(jg wide.json telephone)" = MISSING ] \
    && ok "JSON says telephone when copies are used" || fail "telephone key: $(jg tel.json telephone) / $(jg wide.json telephone)"
for s in 0 1; do
    wt=$(jg wide.json folds.$s.n_test) wn=$(jg wide.json folds.$s.n_train)
    [ "$(jg tel.json folds.$s.n_test)" = "$wt" ] && [ "$(jg tel.json folds.$s.n_train)" = "$wn" ] \
        && ok "split $s: --telephone tests as many rows ($wt) and trains on the wideband ones ($wn)" \
        || fail "split $s: tel $(jg tel.json folds.$s.n_train)/$(jg tel.json folds.$s.n_test) vs wide $wn/$wt"
    [ "$(jg both.json folds.$s.n_test)" = "$wt" ] && [ "$(jg both.json folds.$s.n_train)" = $((2 * wn)) ] \
        && ok "split $s: augmentation doubles the training rows" \
        || fail "split $s: both $(jg both.json folds.$s.n_train)/$(jg both.json folds.$s.n_test) vs wide $wn/$wt"
    [ $((wn + wt)) -eq "$n" ] && ok "split $s: train + test = the $n clips" || fail "split $s: $wn + $wt != $n"
    h=$(jg half.json folds.$s.n_train)
    [ "$h" -gt "$wn" ] && [ "$h" -lt $((2 * wn)) ] && ok "split $s: a share 0.5 adds some copies ($h rows)" \
        || fail "split $s: share 0.5 trains on $h rows (wideband $wn)"
done

drop=$(echo "$files" | grep -c "/03a")
expect_exit 0 "--exclude-speakers" -- "$SER" train --set seed --streaming --search none --cv 2 --exclude-speakers emodb:03 \
    -o "$TMP/x.model" $files
expect_grep "$TMP/out" ", $((n - drop)) rows," "--exclude-speakers leaves out the $drop clips of emodb:03"
expect_exit 0 "train --window 2 --augment-telephone" -- "$SER" train --set seed --streaming --window 2 \
    --augment-telephone --search none --cv 2 -o "$TMP/w.model" $files
"$SERTEST" model-header "$TMP/w.model" >"$TMP/header.json" 2>/dev/null
expect_grep "$TMP/header.json" '"window":2' "the window is recorded in the model"
expect_exit 0 "predict with the window model" -- "$SER" predict -m "$TMP/w.model" --json "$D/15a01Wa.flac"
expect_grep "$TMP/out" '"label":"[a-z]+"' "predict labels the clip"

expect_exit 0 "--search none --param c=10 --param gamma=0.01" -- "$SER" "${EV[@]}" --param c=10 --param gamma=0.01 $files
[ "$(jg out folds.0.params)" = "C=10 gamma=0.01" ] && ok "--param sets the fitted point" || fail "params: $(jg out folds.0.params)"
expect_exit 2 "bad --param" -- "$SER" "${EV[@]}" --param c=-1 $files
one="$D/03a01Fa.flac"
expect_exit 0 "features --telephone" -- "$SER" features --telephone -o "$TMP/tel.csv" "$one"
expect_exit 0 "features" -- "$SER" features -o "$TMP/wide.csv" "$one"
[ "$(head -1 "$TMP/tel.csv")" = "$(head -1 "$TMP/wide.csv")" ] && ! cmp -s "$TMP/tel.csv" "$TMP/wide.csv" \
    && ok "features --telephone: same columns, other values" || fail "features --telephone output"
expect_exit 2 "train --telephone is an evaluate option" -- "$SER" train --telephone --search none -o "$TMP/x.model" $files
expect_exit 2 "--telephone with --features" -- "$SER" evaluate --telephone --features "$TMP/none.csv"
expect_exit 2 "bad share" -- "$SER" evaluate --augment-telephone=2 $files
expect_exit 2 "bad window" -- "$SER" features --window 0 -o "$TMP/x.csv" $files
finish

#!/usr/bin/env bash
# ser train / evaluate / predict with --kind cnn on a tiny subset: 40 EmoDB
# clips (the first 20 sad and 20 angry by name: speakers 03, 08, 09), a
# small network (--filters 8,16 --epochs 3 --frames 64).  Checks the
# learning-curve printout, the model header (kind cnn, set logmel128x64,
# curves in cv_metrics, no scaler), the file's CRC, the predictions JSON
# shape, determinism (same seed -> byte-identical model file), evaluate's
# report, the optimiser / schedule / dropout / --mels / class-weight
# options recorded in the model (a 64-band model predicts, and the live
# analyser refuses it with the reason), and the usage errors of the CNN
# options.  About 20 s under ASan.
. "$(dirname "$0")/lib.sh"
EMODB="$SER_SHARED/data/emodb"
[ -d "$EMODB" ] || { echo "SKIP: no EmoDB under $EMODB"; exit 0; }

{
    echo "path,label,speaker"
    for code in T:sad W:angry; do
        ls "$EMODB"/*"${code%%:*}"?.flac | head -20 | while read -r f; do
            echo "$f,${code##*:},emodb:$(basename "$f" | cut -c1-2)"
        done
    done
} >"$TMP/train.csv"
n=$(($(wc -l <"$TMP/train.csv") - 1)); [ "$n" -eq 40 ] && ok "manifest of 40 clips" || fail "manifest has $n clips"

NET=(--kind cnn --filters 8,16 --epochs 3 --frames 64 --batch 8)
expect_exit 0 "train --kind cnn" -- "$SER" train "$TMP/train.csv" "${NET[@]}" -j 2 -o "$TMP/a.model"
expect_grep "$TMP/out" '^epoch train_loss train_acc +val_loss +val_acc +seconds$' "learning-curve header"
n=$(grep -c -E '^ +[123] +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$' "$TMP/out")
[ "$n" -eq 3 ] && ok "one curve line per epoch" || fail "$n curve lines, want 3: $(cat "$TMP/out")"
expect_grep "$TMP/out" '^best epoch [123] \(val_loss' "best epoch marked"

cnn_header_ok() {
    local h="$TMP/header.json" k
    "$SERTEST" model-header "$TMP/a.model" >"$h" || return 1   # SERMODEL magic, CRC-32
    jg() { "$SERTEST" json-get "$h" "$1" 2>/dev/null || echo MISSING; }
    [ "$(jg kind)" = cnn ] && [ "$(jg features.set)" = logmel128x64 ] && [ "$(jg features.dim)" = $((128 * 64)) ] || return 1
    [ "$(jg features.names)" = null ] && [ "$(jg scaler)" = null ] || return 1
    [ "$(jg features.config.spec)" = logmel128x64 ] && [ "$(jg features.config.n_fft)" = 2048 ] || return 1
    [ "$(jg hyperparameters.filters)" = "[8,16]" ] && [ "$(jg hyperparameters.n_frames)" = 64 ] || return 1
    [ "$("$SERTEST" json-list "$h" labels | sort | tr '\n' ' ')" = "angry sad " ] || return 1
    [ "$(jg cv_metrics.n_epochs)" = 3 ] && [[ "$(jg cv_metrics.best_epoch)" =~ ^[123]$ ]] || return 1
    for k in train_loss train_acc val_loss val_acc; do
        [ "$("$SERTEST" json-len "$h" cv_metrics.curves.$k)" = 3 ] || return 1
    done
    echo "header ok"
}
cnn_header_ok >"$TMP/check" 2>&1
expect_grep "$TMP/check" '^header ok$' "model header: kind, set, generated names, no scaler, curves"

mv "$TMP/a.model" "$TMP/a1.model"
expect_exit 0 "same seed again" -- "$SER" train "$TMP/train.csv" "${NET[@]}" -j 2 -o "$TMP/a.model"
cmp -s "$TMP/a.model" "$TMP/a1.model" && ok "same seed, same model bytes" || fail "model files differ"

ls "$EMODB"/10a0[12]*.flac | head -4 >"$TMP/list"
expect_exit 0 "predict --json" -- "$SER" predict -m "$TMP/a.model" --json $(cat "$TMP/list")
n=$(grep -c -E '^\{"path":"[^"]+","label":"(sad|angry)","probabilities":\{"(sad|angry)":[0-9.e-]+,"(sad|angry)":[0-9.e-]+\},"confidence":[0-9.e-]+,"voiced":true\}$' "$TMP/out")
[ "$n" -eq 4 ] && ok "4 JSON lines of the contract shape" || fail "$n lines of the contract shape: $(head -c 300 "$TMP/out")"
bad=$("$SERTEST" probs "$TMP/out" 1e-6)   # |sum-1| > 1e-6, confidence != p[label] or label not the argmax
[ "$bad" = 0 ] && ok "probabilities sum to 1, label is the argmax" || fail "$bad bad rows"
expect_exit 2 "predict refuses --sr for a model that records it" -- "$SER" predict -m "$TMP/a.model" --sr 8000 $(cat "$TMP/list")

expect_exit 0 "evaluate --kind cnn --split random" -- "$SER" evaluate "$TMP/train.csv" "${NET[@]}" --split random --seeds 0 --json
cnn_eval_ok() {
    local f="$TMP/out" s
    [ "$("$SERTEST" json-get "$f" kind)" = cnn ] && [ "$("$SERTEST" json-len "$f" folds)" = 1 ] \
        && [ "$("$SERTEST" json-get "$f" folds.0.n_test)" = 8 ] || return 1
    "$SERTEST" json-get "$f" folds.0.params | grep -q '^epoch ' || return 1
    s=$("$SERTEST" json-get "$f" confusion | tr -c '0-9\n' ' ' | awk '{for (i = 1; i <= NF; i++) t += $i} END {print t + 0}')
    [ "$s" = 8 ] && echo ok
}
cnn_eval_ok >"$TMP/check" 2>&1
expect_grep "$TMP/check" '^ok$' "evaluate JSON: one split of 8 test clips"
expect_grep "$TMP/err" '^split seed0: 32 training, 8 test clips$' "evaluate prints the split's curve on stderr"

AUG=(--augment 1 --aug-telephone 0.5 --aug-snr 5:20 --spec-freq 1:8 --spec-time 2)
expect_exit 0 "train with augmentation" -- "$SER" train "$TMP/train.csv" "${NET[@]}" "${AUG[@]}" -j 2 -o "$TMP/g.model"
expect_grep "$TMP/out" '40 images of 128 x 64 \(\+ 40 augmented copies\)' "augmented copies counted"
aug_header_ok() {
    local h="$TMP/gh.json"
    "$SERTEST" model-header "$TMP/g.model" >"$h" || return 1
    jg() { "$SERTEST" json-get "$h" "$1" 2>/dev/null || echo MISSING; }
    [ "$(jg cv_metrics.train.augment.copies)" = 1 ] && [ "$(jg cv_metrics.train.augment.telephone_prob)" = 0.5 ] \
        && [ "$(jg cv_metrics.train.augment.snr_db)" = "[5,20]" ] && [ "$(jg cv_metrics.train.augment.spec_freq)" = "[1,8]" ] \
        && [ "$(jg cv_metrics.train.augment.spec_time)" = "[2,16]" ] && echo "augment ok"
}
aug_header_ok >"$TMP/check" 2>&1
expect_grep "$TMP/check" '^augment ok$' "model metrics record the augmentation"
mv "$TMP/g.model" "$TMP/g1.model"
expect_exit 0 "augmented training again" -- "$SER" train "$TMP/train.csv" "${NET[@]}" "${AUG[@]}" -j 2 -o "$TMP/g.model"
cmp -s "$TMP/g.model" "$TMP/g1.model" && ok "augmented: same seed, same model bytes" || fail "augmented model files differ"
expect_exit 0 "train --search random" -- "$SER" train "$TMP/train.csv" --kind cnn --frames 64 --epochs 2 --search random --n-iter 2 -o "$TMP/s.model"
n=$(grep -c -E '^draw [12]: lr [0-9.e-]+, batch (16|32|64), width (0.5|1), depth [345] -> val_loss' "$TMP/out")
[ "$n" -eq 2 ] && ok "two search draws printed" || fail "$n draw lines: $(cat "$TMP/out")"
"$SERTEST" model-header "$TMP/s.model" >"$TMP/sh.json"
[ "$("$SERTEST" json-len "$TMP/sh.json" cv_metrics.search.trials)" = 2 ] && ok "model metrics keep the draws" \
    || fail "no search trials in the metrics"
expect_exit 2 "--search grid refused for cnn" -- "$SER" train "$TMP/train.csv" --kind cnn --search grid -o "$TMP/x.model"
expect_exit 2 "bad --aug-speed" -- "$SER" train "$TMP/train.csv" --kind cnn --aug-speed 3:4 -o "$TMP/x.model"
expect_exit 2 "bad --spec-time" -- "$SER" train "$TMP/train.csv" --kind cnn --spec-time x -o "$TMP/x.model"

# optimiser, schedule, dropout, mel bands and class weights: 30 clips (20
# sad, 10 angry) so that balanced weights are 30/(2*20) = 0.75 and 1.5
head -31 "$TMP/train.csv" >"$TMP/imb.csv"
OPT=(--optimizer sgd --momentum 0.9 --weight-decay 1e-4 --lr-schedule cosine --dropout 0.1 --mels 64 --class-weight balanced)
expect_exit 0 "train with sgd, cosine, dropout, 64 mels, balanced" -- "$SER" train "$TMP/imb.csv" "${NET[@]}" "${OPT[@]}" -j 2 -o "$TMP/o.model"
expect_grep "$TMP/out" '30 images of 64 x 64 ' "64-band images"
opt_header_ok() {
    local h="$TMP/oh.json"
    "$SERTEST" model-header "$TMP/o.model" >"$h" || return 1
    jg() { "$SERTEST" json-get "$h" "$1" 2>/dev/null || echo MISSING; }
    [ "$(jg features.set)" = logmel64x64 ] && [ "$(jg features.dim)" = $((64 * 64)) ] \
        && [ "$(jg features.config.n_mels)" = 64 ] && [ "$(jg hyperparameters.n_mels)" = 64 ] || return 1
    near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 1e-7 && d > -1e-7) }'; }  # json-get: %.17g
    near "$(jg hyperparameters.dropout)" 0.1 && near "$(jg cv_metrics.train.momentum)" 0.9 \
        && near "$(jg cv_metrics.train.weight_decay)" 1e-4 && [ "$(jg cv_metrics.train.optimizer)" = sgd ] || return 1
    [ "$(jg cv_metrics.train.lr_schedule.kind)" = cosine ] && [ "$(jg cv_metrics.train.lr_schedule.lr_min)" = 0 ] || return 1
    [ "$(jg cv_metrics.train.class_weight)" = balanced ] || return 1
    [ "$("$SERTEST" json-list "$h" cv_metrics.train.class_weights | sort | tr '\n' ' ')" = "0.75 1.5 " ] || return 1
    echo "options ok"
}
opt_header_ok >"$TMP/check" 2>&1
expect_grep "$TMP/check" '^options ok$' "model records mels, dropout, optimizer, momentum, weight decay, schedule, class weights"
mv "$TMP/o.model" "$TMP/o1.model"
expect_exit 0 "same options again" -- "$SER" train "$TMP/imb.csv" "${NET[@]}" "${OPT[@]}" -j 2 -o "$TMP/o.model"
cmp -s "$TMP/o.model" "$TMP/o1.model" && ok "options: same seed, same model bytes" || fail "option model files differ"
expect_exit 0 "train step schedule, adam, no class weights" -- "$SER" train "$TMP/imb.csv" "${NET[@]}" --lr-schedule step:2:0.5 -o "$TMP/p.model"
"$SERTEST" model-header "$TMP/p.model" >"$TMP/ph.json"
[ "$("$SERTEST" json-get "$TMP/ph.json" cv_metrics.train.lr_schedule.gamma)" = 0.5 ] \
    && [ "$("$SERTEST" json-get "$TMP/ph.json" cv_metrics.train.lr_schedule.step_epochs)" = 2 ] \
    && [ "$("$SERTEST" json-get "$TMP/ph.json" cv_metrics.train.class_weights)" = null ] \
    && ok "step schedule recorded, no class weights" || fail "step schedule / class weights not recorded: $(cat "$TMP/ph.json")"
expect_exit 0 "predict with the 64-band model" -- "$SER" predict -m "$TMP/o.model" --json $(cat "$TMP/list")
n=$(grep -c -E '^\{"path":"[^"]+","label":"(sad|angry)","probabilities":' "$TMP/out")
[ "$n" -eq 4 ] && ok "64-band model: 4 predictions" || fail "$n predictions: $(head -c 300 "$TMP/out")"
expect_exit 1 "stream refuses a 64-band model" -- "$SER" stream -m "$TMP/o.model" "$(head -1 "$TMP/list")"
expect_grep "$TMP/err" "64-band log-mel image .*128-band images only" "stream names the reason"
expect_exit 1 "serve refuses a 64-band model" -- timeout 20 "$SER" serve -m "$TMP/o.model" --port 0
expect_grep "$TMP/err" "64-band log-mel image" "serve names the reason"
expect_exit 0 "evaluate with the options" -- "$SER" evaluate "$TMP/imb.csv" "${NET[@]}" "${OPT[@]}" --split random --seeds 0 --json
bad_option() { # bad_option OPTION VALUE: exit 2, the message names both
    expect_exit 2 "bad $1 $2" -- "$SER" train "$TMP/train.csv" --kind cnn --optimizer sgd "$1" "$2" -o "$TMP/x.model"
    grep -q -F -- "$1" "$TMP/err" && grep -q -F -- "'$2'" "$TMP/err" && ok "message names $1 and '$2'" \
        || fail "message for $1 $2: $(cat "$TMP/err")"
}
bad_option --optimizer rmsprop
bad_option --momentum 1
bad_option --weight-decay -1e-4
bad_option --lr-schedule linear
bad_option --lr-schedule step:0
bad_option --lr-schedule step:5:1.5
bad_option --lr-schedule cosine:x
bad_option --dropout 1
bad_option --mels 8
bad_option --class-weight heavy
expect_exit 2 "--momentum without sgd" -- "$SER" train "$TMP/train.csv" --kind cnn --momentum 0.5 -o "$TMP/x.model"
expect_grep "$TMP/err" "--momentum 0.5 applies to --optimizer sgd" "names the conflict"
expect_exit 2 "cosine floor above --lr" -- "$SER" train "$TMP/train.csv" --kind cnn --lr-schedule cosine:0.01 -o "$TMP/x.model"
expect_grep "$TMP/err" "--lr-schedule cosine:0.01: the floor LR_MIN must be below the learning rate 0.001" "names the floor"

# per-speaker image normalisation and mixup
expect_exit 0 "train --speaker-norm --mixup" -- "$SER" train "$TMP/train.csv" "${NET[@]}" --speaker-norm --mixup 0.4 -j 2 -o "$TMP/n.model"
"$SERTEST" model-header "$TMP/n.model" >"$TMP/nh.json"
[ "$("$SERTEST" json-get "$TMP/nh.json" cv_metrics.speaker_norm)" = true ] \
    && awk -v a="$("$SERTEST" json-get "$TMP/nh.json" cv_metrics.train.augment.mixup_alpha)" 'BEGIN { exit !(a - 0.4 < 1e-9 && 0.4 - a < 1e-9) }' \
    && [ "$("$SERTEST" json-get "$TMP/header.json" cv_metrics.speaker_norm)" = false ] \
    && ok "model records speaker_norm and mixup" || fail "speaker_norm / mixup not recorded: $(head -c 400 "$TMP/nh.json")"
cmp -s "$TMP/n.model" "$TMP/a1.model" && fail "speaker-norm + mixup model equals the plain one" || ok "speaker-norm + mixup model differs from the plain one"
expect_exit 0 "predict with the speaker-norm model (4 clips of one speaker)" -- "$SER" predict -m "$TMP/n.model" --json $(cat "$TMP/list")
n=$(grep -c -E '^\{"path":"[^"]+","label":"(sad|angry)","probabilities":' "$TMP/out")
[ "$n" -eq 4 ] && ok "speaker-norm model: 4 predictions" || fail "$n predictions: $(head -c 300 "$TMP/out")"
expect_exit 1 "predict with the speaker-norm model, 2 clips of the speaker" -- "$SER" predict -m "$TMP/n.model" $(head -2 "$TMP/list")
expect_grep "$TMP/err" "speaker emodb:10 has 2 voiced clip\(s\) in this batch, at least 3" "names the missing statistics"
expect_exit 1 "stream refuses a speaker-norm CNN" -- "$SER" stream -m "$TMP/n.model" "$(head -1 "$TMP/list")"
expect_grep "$TMP/err" "trained with --speaker-norm .* does not estimate them for CNNs" "stream names the reason"
expect_exit 0 "evaluate --speaker-norm --mixup" -- "$SER" evaluate "$TMP/train.csv" "${NET[@]}" --speaker-norm --mixup 0.4 --split random --seeds 0 --json
[ "$("$SERTEST" json-get "$TMP/out" folds.0.n_test)" = 8 ] && ok "speaker-norm evaluation: 8 test clips" || fail "evaluate: $(head -c 300 "$TMP/out")"
bad_option --mixup -1
expect_exit 2 "--group with cnn" -- "$SER" train "$TMP/train.csv" --kind cnn --group speaker -o "$TMP/x.model"

expect_exit 2 "--filters needs --kind cnn" -- "$SER" train "$TMP/train.csv" --filters 8 -o "$TMP/x.model"
expect_exit 2 "bad --filters" -- "$SER" train "$TMP/train.csv" --kind cnn --filters 8,x -o "$TMP/x.model"
expect_exit 2 "bad --lr" -- "$SER" train "$TMP/train.csv" --kind cnn --lr 0 -o "$TMP/x.model"
expect_exit 2 "--features with --kind cnn" -- "$SER" train --features "$TMP/train.csv" --kind cnn -o "$TMP/x.model"
finish

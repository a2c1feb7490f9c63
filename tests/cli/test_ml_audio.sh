#!/usr/bin/env bash
# ser train / predict / evaluate on audio: a manifest of 40 EmoDB clips
# (speakers 03 and 08, four classes) to train on, other speakers' clips to
# predict; the JSON contract; a silent WAV (label null, voiced false); a
# garbage file listed with exit 3; a model whose features are not its set's
# layout; models with --speaker-norm.
. "$(dirname "$0")/lib.sh"
EMODB="$SER_SHARED/data/emodb"
[ -d "$EMODB" ] || { echo "SKIP: no EmoDB under $EMODB"; exit 0; }
SILENT="$SER_SHARED/vectors/inputs/all_silent_16000.wav"

# manifest: 10 clips per class (N neutral, F happy, T sad, W angry) of speakers 03 and 08
{
    echo "path,label,speaker"
    for code in N:neutral F:happy T:sad W:angry; do
        ls "$EMODB"/0[38]*"${code%%:*}"?.flac | head -10 | while read -r f; do
            echo "$f,${code##*:},emodb:$(basename "$f" | cut -c1-2)"
        done
    done
} >"$TMP/train.csv"
n=$(($(wc -l <"$TMP/train.csv") - 1)); [ "$n" -eq 40 ] && ok "manifest of 40 clips" || fail "manifest has $n clips"

expect_exit 0 "train on audio (manifest)" -- "$SER" train "$TMP/train.csv" --search none --cv 3 -j 2 -o "$TMP/m.model"
expect_grep "$TMP/out" '^CV accuracy: ' "train prints the CV score"
grep -a -q '"config":{"spec":"seed","streaming":false,"sample_rate":16000' "$TMP/m.model" \
    && ok "model records the feature spec and rate" || fail "model header lacks the feature config"

# predict: clips of speaker 10, the contract's keys, probabilities summing to 1
ls "$EMODB"/10a0[12]*.flac | head -6 >"$TMP/list"
expect_exit 0 "predict --json on 6 clips" -- "$SER" predict -m "$TMP/m.model" --json $(cat "$TMP/list")
n=$(grep -c -E '^\{"path":"[^"]+","label":"(neutral|happy|sad|angry)","probabilities":\{"neutral":[0-9.e-]+,"happy":[0-9.e-]+,"sad":[0-9.e-]+,"angry":[0-9.e-]+\},"confidence":[0-9.e-]+,"voiced":true\}$' "$TMP/out")
[ "$n" -eq 6 ] && ok "6 JSON lines of the contract shape" || fail "$n lines of the contract shape, want 6: $(head -c 300 "$TMP/out")"
bad=$("$SERTEST" probs "$TMP/out" 1e-9 loose)   # |sum-1| > 1e-9, or confidence neither p[label] nor max(p)
[ "$bad" = 0 ] && ok "probabilities sum to 1 (1e-9), confidence is the label's" || fail "$bad lines with bad probabilities"

# a silent clip: no label, voiced false, said in the human output too
expect_exit 0 "predict a silent WAV" -- "$SER" predict -m "$TMP/m.model" --json "$SILENT"
expect_grep "$TMP/out" '^\{"path":"[^"]*all_silent_16000.wav","label":null,"probabilities":null,"confidence":null,"voiced":false\}$' "silent: label null, voiced false"
expect_exit 0 "predict a silent WAV (text)" -- "$SER" predict -m "$TMP/m.model" "$SILENT"
expect_grep "$TMP/out" 'no speech \(silent' "text says no speech"

# a garbage file among good ones: listed, the others predicted, exit 3
head -c 5000 /dev/urandom >"$TMP/garbage.wav"
expect_exit 3 "garbage file listed, exit 3" -- "$SER" predict -m "$TMP/m.model" --json "$TMP/garbage.wav" "$(head -1 "$TMP/list")"
expect_grep "$TMP/out" '^\{"path":"[^"]*garbage.wav","error":"' "garbage: {path, error}"
expect_grep "$TMP/out" '"voiced":true' "the good file is still predicted"
expect_grep "$TMP/err" 'garbage.wav' "garbage named on stderr"
expect_exit 1 "only garbage: exit 1" -- "$SER" predict -m "$TMP/m.model" "$TMP/garbage.wav"

# train with a bad row: listed, model written, exit 3
{ cat "$TMP/train.csv"; echo "$TMP/garbage.wav,angry,emodb:03"; } >"$TMP/train_bad.csv"
expect_exit 3 "train skips an undecodable clip (exit 3)" -- "$SER" train "$TMP/train_bad.csv" --search none --cv 3 -o "$TMP/m3.model"
expect_grep "$TMP/err" 'skipped .*garbage.wav' "train lists the skipped clip"
[ -s "$TMP/m3.model" ] && ok "model still written" || fail "no model written"

# a model whose feature columns are not its feature set's layout
"$SER" features --set prosody -o "$TMP/pros.csv" "$TMP/train.csv" 2>/dev/null
expect_exit 0 "train on a prosody table recorded as set seed" -- "$SER" train --features "$TMP/pros.csv" --search none --cv 3 -o "$TMP/pm.model"
expect_exit 1 "predict: layout mismatch" -- "$SER" predict -m "$TMP/pm.model" "$(head -1 "$TMP/list")"
expect_grep "$TMP/err" "feature set 'seed'.*mismatch at dimension 0" "mismatch error names the set and the dimension"
expect_exit 2 "predict: --sr against a model that records its rate" -- "$SER" predict -m "$TMP/m.model" --sr 8000 "$SILENT"

# speaker-normalised model: per-speaker statistics from the batch
expect_exit 0 "train --speaker-norm" -- "$SER" train "$TMP/train.csv" --search none --cv 3 --speaker-norm -o "$TMP/sn.model"
expect_exit 0 "predict with a speaker-norm model (6 clips of one speaker)" -- "$SER" predict -m "$TMP/sn.model" --json $(cat "$TMP/list")
n=$(grep -c '"voiced":true' "$TMP/out"); [ "$n" -eq 6 ] && ok "6 predictions with speaker statistics" || fail "$n predictions"
# one clip of the speaker: its statistics are the model's prior shrunk
# towards that clip (the live rule), so it is predicted, and not as in the batch
cp "$TMP/out" "$TMP/batch.json"
one=$(head -1 "$TMP/list")
expect_exit 0 "speaker-norm model, one clip of the speaker" -- "$SER" predict -m "$TMP/sn.model" --json "$one"
n=$(grep -c '"voiced":true' "$TMP/out"); [ "$n" -eq 1 ] && ok "one clip predicted from the prior" || fail "$n predictions: $(cat "$TMP/out")"
grep -F "\"$one\"" "$TMP/batch.json" >"$TMP/in_batch"
[ -s "$TMP/in_batch" ] && ! cmp -s "$TMP/in_batch" "$TMP/out" && ok "alone and in its speaker's batch: other statistics" \
    || fail "the clip alone and in the batch: $(cat "$TMP/out") / $(cat "$TMP/in_batch")"
finish

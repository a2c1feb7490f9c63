#!/usr/bin/env bash
# The shipped default model (models/default.sermodel, `make model`; the
# repository ships it): its header says what models/README.md promises (boosted trees
# on the live stream's seed features with the 2 s window, 16 kHz, classes
# neutral/happy/sad/angry, trained with telephone-band copies, never on
# TurEV-DB, with per-speaker normalisation and its prior), and predict /
# stream find it without -m.  predict standardises a speaker's clips by
# the prior-shrunk estimate (one clip alone works), the same from audio and
# from a feature table, and differently for one clip than for a speaker's
# batch.
. "$(dirname "$0")/lib.sh"
M="$SER_SOURCE_DIR/models/default.sermodel"
if [ ! -f "$M" ]; then
    fail "no models/default.sermodel in this tree (the repository ships it; make model re-makes it)"
    finish
    exit
fi
"$SERTEST" model-header "$M" >"$TMP/h.json" 2>"$TMP/err" && ok "header and CRC check" || fail "model-header: $(cat "$TMP/err")"
h() { "$SERTEST" json-get "$TMP/h.json" "$1" 2>/dev/null || echo MISSING; }
[ "$(h features.set)" = seed ] && [ "$(h features.config.streaming)" = true ] && [ "$(h features.config.window)" = 2 ] \
    && [ "$(h sample_rate)" = 16000 ] && ok "stream features: seed, --streaming, window 2 s, 16 kHz" \
    || fail "features: $(h features.set) streaming $(h features.config.streaming) window $(h features.config.window) rate $(h sample_rate)"
[ "$(h labels.0),$(h labels.1),$(h labels.2),$(h labels.3)" = neutral,happy,sad,angry ] && [ "$(h labels.4)" = MISSING ] \
    && ok "the call-centre classes" || fail "labels: $(h labels.0),$(h labels.1),$(h labels.2),$(h labels.3),$(h labels.4)"
cmdline=$(h provenance.command_line)
case "$cmdline" in *turevdb*) fail "TurEV-DB in the shipped model: $cmdline" ;; *) ok "no TurEV-DB in its training command" ;; esac
case "$cmdline" in *--augment-telephone*) ok "trained with telephone-band copies" ;; *) fail "no --augment-telephone: $cmdline" ;; esac
[ "$(h cv_metrics.speaker_norm)" = true ] && [ "$("$SERTEST" json-len "$TMP/h.json" speaker_norm.prior_mean)" = 320 ] \
    && [ "$("$SERTEST" json-len "$TMP/h.json" speaker_norm.prior_std)" = 320 ] \
    && ok "per-speaker normalisation with a 320-value prior" || fail "no speaker_norm prior: $(h cv_metrics.speaker_norm)"
IN="$SER_SHARED/data/emodb/16a05Wc.flac"
if [ -f "$IN" ]; then
    expect_exit 0 "predict without -m finds the default model" -- env -u SER_MODEL "$SER" predict --json "$IN"
    expect_grep "$TMP/out" '"label":"(neutral|happy|sad|angry)"' "a call-centre label"
    expect_exit 0 "stream without -m finds the default model" -- env -u SER_MODEL "$SER" stream "$IN"
    expect_grep "$TMP/out" '"type":"emotion"' "emotion events"
    # the same clip as a feature row: the same prediction
    expect_exit 0 "features of the clip, as the model computes them" -- "$SER" features --set seed --streaming --window 2 -o "$TMP/one.csv" "$IN"
    expect_exit 0 "predict --features" -- "$SER" predict --json --features "$TMP/one.csv"
    sed 's/"voiced":[a-z]*//' "$TMP/out" >"$TMP/from_table"
    "$SER" predict --json "$IN" 2>/dev/null | sed 's/"voiced":[a-z]*//' >"$TMP/from_audio"
    cmp -s "$TMP/from_table" "$TMP/from_audio" && ok "feature row and audio: the same prediction" \
        || fail "table: $(cat "$TMP/from_table") audio: $(cat "$TMP/from_audio")"
    # one clip alone vs the speaker's six angry clips: the estimate moves off the prior
    six=$(ls "$SER_SHARED"/data/emodb/16*W*.flac | head -6)
    expect_exit 0 "predict six clips of one speaker" -- "$SER" predict --json $six
    grep -F "$IN" "$TMP/out" | sed 's/"voiced":[a-z]*//' >"$TMP/in_batch"
    [ -s "$TMP/in_batch" ] && ! cmp -s "$TMP/in_batch" "$TMP/from_audio" && ok "a speaker's batch changes the clip's probabilities" \
        || fail "batch: $(cat "$TMP/in_batch") alone: $(cat "$TMP/from_audio")"
fi
finish

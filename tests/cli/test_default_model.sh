#!/usr/bin/env bash
# The shipped default model (models/default.sermodel, `make model`; the
# repository ships it): its header says what models/README.md promises (boosted trees
# on the live stream's seed features with the 2 s window, 16 kHz, classes
# neutral/happy/sad/angry, trained with telephone-band copies, never on
# TurEV-DB), and predict / stream find it without -m.
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
IN="$SER_SHARED/data/emodb/16a05Wc.flac"
if [ -f "$IN" ]; then
    expect_exit 0 "predict without -m finds the default model" -- env -u SER_MODEL "$SER" predict --json "$IN"
    expect_grep "$TMP/out" '"label":"(neutral|happy|sad|angry)"' "a call-centre label"
    expect_exit 0 "stream without -m finds the default model" -- env -u SER_MODEL "$SER" stream "$IN"
    expect_grep "$TMP/out" '"type":"emotion"' "emotion events"
fi
finish

#!/usr/bin/env bash
# ser stream: a model trained on `ser features --set seed --streaming` of
# 24 EmoDB files, a file streamed -> JSON lines of the DESIGN.md contract;
# raw s16le on stdin gives the same events; bad input.
. "$(dirname "$0")/../cli/lib.sh"
D="$SER_SHARED/data/emodb"
files=$(for e in W N T F; do ls "$D" | grep "^[0-9][0-9]a0[0-9]${e}" | head -6; done | sed "s|^|$D/|")
expect_exit 0 "stream --help" -- "$SER" stream --help
expect_grep "$TMP/out" "^Usage: ser stream" "help shows usage"
expect_exit 0 "features seed --streaming (24 files)" -- "$SER" features --set seed --streaming -o "$TMP/f.csv" $files
expect_exit 0 "train svm" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none -o "$TMP/m.model"
IN="$D/15a01Wa.flac"
expect_exit 0 "stream a FLAC file" -- "$SER" stream -m "$TMP/m.model" "$IN" --window 1 --hop 0.25 --call-id c1 --stats
cp "$TMP/out" "$TMP/file.jsonl"
P='\{"neutral":[0-9.e-]+,"happy":[0-9.e-]+,"sad":[0-9.e-]+,"angry":[0-9.e-]+\}'
n=$(grep -c -E '^\{"type":"(emotion|silence)","call_id":"c1","track":"caller","t_start":[0-9]+\.[0-9]{3},"t_end":[0-9]+\.[0-9]{3},"label":("[a-z]+"|null),"probabilities":('"$P"'|null),"arousal":([-0-9.e]+|null),"valence":([-0-9.e]+|null),"frustration":[-0-9.e]+,"voiced":[0-9.e-]+\}$' "$TMP/out")
total=$(wc -l <"$TMP/out")
[ "$total" -ge 4 ] && [ "$n" -eq "$total" ] && ok "$n JSON lines of the contract shape" || fail "$n of $total lines of the contract shape: $(head -c 400 "$TMP/out")"
expect_grep "$TMP/err" 'RTF [0-9.]+' "--stats reports the RTF"
require_tools sox
{
    sox "$IN" -t raw -e signed-integer -b 16 -L "$TMP/in.raw"
    "$SER" stream -m "$TMP/m.model" --window 1 --hop 0.25 --call-id c1 - <"$TMP/in.raw" >"$TMP/raw.jsonl" 2>"$TMP/err"
    cmp -s "$TMP/raw.jsonl" "$TMP/file.jsonl" && ok "raw s16le on stdin = the FLAC file" || fail "raw stdin events differ"
    sox "$IN" "$IN" -c 2 -M "$TMP/st.wav" 2>/dev/null || sox -M "$IN" "$IN" "$TMP/st.wav"
    expect_exit 0 "two channels, agent right, --analyze-agent" -- "$SER" stream -m "$TMP/m.model" "$TMP/st.wav" --agent-channel right --analyze-agent
    expect_grep "$TMP/out" '"track":"agent"' "agent track analysed"
    expect_grep "$TMP/out" '"track":"caller"' "caller track analysed"
    expect_exit 0 "two channels, agent left, caller only" -- "$SER" stream -m "$TMP/m.model" "$TMP/st.wav" --agent-channel left
    grep -q '"track":"agent"' "$TMP/out" && fail "agent analysed without --analyze-agent" || ok "agent not analysed by default"
}
# bad input
expect_exit 1 "no model (SER_MODEL missing)" -- env SER_MODEL="$TMP/missing.model" "$SER" stream "$IN"
expect_grep "$TMP/err" 'no readable model' "missing model explained"
expect_exit 0 "model from SER_MODEL" -- env SER_MODEL="$TMP/m.model" "$SER" stream "$IN"
expect_exit 2 "--analyze-agent without --agent-channel" -- "$SER" stream -m "$TMP/m.model" --analyze-agent "$IN"
expect_exit 2 "bad format" -- "$SER" stream -m "$TMP/m.model" --format mp3 -
expect_exit 2 "mono input with --agent-channel" -- "$SER" stream -m "$TMP/m.model" --agent-channel left "$IN"
echo '{"version":1,"rules":[{"on":"alert"}]}' >"$TMP/bad.json"
# a model trained with --speaker-norm carries the population prior; the
# stream standardises each window by the call's running statistics
expect_exit 0 "train svm --speaker-norm" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none --speaker-norm -o "$TMP/sn.model"
"$SERTEST" model-header "$TMP/sn.model" >"$TMP/sn.json"
n=$("$SERTEST" json-len "$TMP/sn.json" speaker_norm.prior_std)
[ "$n" = 320 ] && ok "speaker-norm model carries a 320-value prior" || fail "speaker_norm.prior_std has '$n' values"
expect_exit 0 "stream with a speaker-norm model" -- "$SER" stream -m "$TMP/sn.model" "$IN" --window 1 --hop 0.25 --call-id c1
grep -q '"type":"emotion"' "$TMP/out" && ok "speaker-norm stream gives emotion events" || fail "no emotion events"
expect_exit 1 "bad rules file" -- "$SER" stream -m "$TMP/m.model" --rules "$TMP/bad.json" "$IN"
expect_grep "$TMP/err" 'bad.json: rule 0: missing "reason"' "names the rules problem"
"$SERTEST" feature-csv "$TMP/other.csv" 6 4 6 neutral,angry 0
"$SER" train --features "$TMP/other.csv" --search none -o "$TMP/other.model" >/dev/null 2>&1
expect_exit 1 "model of another layout" -- "$SER" stream -m "$TMP/other.model" "$IN"
expect_grep "$TMP/err" "is not supported: the live analyser computes the set 'seed'" "explains the supported set"
finish

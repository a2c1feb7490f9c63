#!/usr/bin/env bash
# ser analyze: a small RAVDESS model (actors 1-4, neutral + angry); calls of
# held-out actors 13-16 (angry, neutral, and a stereo call with the angry
# caller on the left and the neutral agent on the right).  Checks the
# readable report, the JSON shape, tracks with --agent-channel /
# --analyze-agent, the batch CSV with a bad file (exit 3), -o DIR, usage.
. "$(dirname "$0")/lib.sh"
require_tools sox
R="$SER_SHARED/data/ravdess"
train=$(for a in 01 02 03 04; do ls "$R/Actor_$a"/03-01-0[15]-*.flac; done)
expect_exit 0 "features (48 files)" -- "$SER" features --set seed --streaming -o "$TMP/f.csv" $train
expect_exit 0 "train" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none -o "$TMP/m.model"
mkdir -p "$TMP/calls"
sox $(ls "$R"/Actor_1[3-6]/03-01-05-02-*.flac | head -4) "$TMP/calls/angry.wav"
sox $(ls "$R"/Actor_1[3-6]/03-01-01-01-*.flac | head -4) "$TMP/calls/neutral.wav"
sox -M "$TMP/calls/angry.wav" "$TMP/calls/neutral.wav" "$TMP/stereo.wav"
M="$TMP/m.model"

expect_exit 0 "one call: report" -- "$SER" analyze -m "$M" "$TMP/calls/angry.wav"
expect_grep "$TMP/out" '^caller +[0-9]+%  angry' "report: caller row, dominant angry"
expect_grep "$TMP/out" '^ +[0-9.]+ s  caller alert .*frustration' "report: an alert with its time"
expect_grep "$TMP/out" '^timeline \(caller\)' "report: timeline"
expect_exit 0 "one call: --json" -- "$SER" analyze -m "$M" --json "$TMP/calls/angry.wav"
cp "$TMP/out" "$TMP/a.json"
[ "$("$SERTEST" json-keys "$TMP/a.json" . | tr '\n' ' ')" = "path call_id duration sample_rate channels labels tracks alerts timeline " ] &&
    ok "JSON keys" || fail "JSON keys: $("$SERTEST" json-keys "$TMP/a.json" . | tr '\n' ' ')"
[ "$("$SERTEST" json-keys "$TMP/a.json" tracks.caller | tr '\n' ' ')" = "analysed duration events speech_share dominant label_share arousal_mean valence_mean frustration_peak frustration_peak_t alerts " ] &&
    ok "track summary keys" || fail "track keys"
awk -v a="$("$SERTEST" json-get "$TMP/a.json" tracks.caller.label_share.angry)" -v n="$("$SERTEST" json-get "$TMP/a.json" tracks.caller.label_share.neutral)" \
    'BEGIN { exit !(a + n > 0.999999 && a + n < 1.000001) }' && ok "label shares sum to 1" || fail "label shares"
[ "$("$SERTEST" json-get "$TMP/a.json" alerts.0.type)" = alert ] && [ -n "$("$SERTEST" json-get "$TMP/a.json" alerts.0.suggestion)" ] &&
    ok "first alert with a suggestion" || fail "alerts"
"$SER" stream -m "$M" "$TMP/calls/angry.wav" --call-id angry.wav >"$TMP/s.jsonl"
[ "$("$SERTEST" json-len "$TMP/a.json" timeline)" -eq "$(wc -l <"$TMP/s.jsonl")" ] && ok "timeline = ser stream's events" || fail "timeline length"

expect_exit 0 "stereo, agent right, not analysed" -- "$SER" analyze -m "$M" --json --agent-channel right "$TMP/stereo.wav"
[ "$("$SERTEST" json-get "$TMP/out" tracks.agent.analysed)" = false ] && [ "$("$SERTEST" json-get "$TMP/out" tracks.caller.dominant)" = angry ] &&
    ok "caller = left (angry), agent not analysed" || fail "stereo tracks: $(head -c 300 "$TMP/out")"
expect_exit 0 "stereo with --analyze-agent" -- "$SER" analyze -m "$M" --json --agent-channel right --analyze-agent "$TMP/stereo.wav"
[ "$("$SERTEST" json-get "$TMP/out" tracks.agent.analysed)" = true ] && grep -q '"track":"agent"' "$TMP/out" &&
    ok "agent track analysed" || fail "agent track"
expect_exit 2 "--analyze-agent without --agent-channel" -- "$SER" analyze -m "$M" --analyze-agent "$TMP/stereo.wav"
expect_exit 1 "--agent-channel on a mono call" -- "$SER" analyze -m "$M" --agent-channel left "$TMP/calls/angry.wav"
expect_exit 2 "no call" -- "$SER" analyze -m "$M"

printf 'not audio' >"$TMP/calls/broken.wav"
expect_exit 3 "folder with a bad file: CSV, exit 3" -- "$SER" analyze -m "$M" "$TMP/calls"
[ "$(head -1 "$TMP/out" | cut -d, -f1-5)" = "path,call_id,duration,caller_speech_share,caller_dominant" ] && ok "CSV header" || fail "CSV header: $(head -1 "$TMP/out")"
[ "$(wc -l <"$TMP/out")" -eq 3 ] && ok "one row per usable call" || fail "rows: $(cat "$TMP/out")"
expect_grep "$TMP/err" 'skipped .*broken.wav' "bad file listed on stderr"
expect_exit 3 "-o DIR" -- "$SER" analyze -m "$M" -o "$TMP/o" "$TMP/calls"
[ -s "$TMP/o/angry.wav.json" ] && [ -s "$TMP/o/neutral.wav.json" ] && [ "$(wc -l <"$TMP/o/summary.csv")" -eq 3 ] &&
    ok "-o: per-call JSON and summary.csv" || fail "-o: $(ls "$TMP/o")"
expect_exit 3 "--json batch: JSON lines and the error" -- "$SER" analyze -m "$M" --json "$TMP/calls"
[ "$(grep -c '"timeline"' "$TMP/out")" -eq 2 ] && grep -q '"error"' "$TMP/out" && ok "JSON lines: 2 analyses + 1 error" || fail "JSON lines"
finish

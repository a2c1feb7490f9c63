#!/usr/bin/env bash
# ser serve --record DIR (issue 7: "no audio is stored unless asked"):
# without --record a call leaves no file anywhere in the folder; with it a
# /ws/stream call (16 kHz s16le, 4 s of two EmoDB files) gives
# DIR/<call_id>-caller.wav whose samples are the bytes sent (exact), a
# second call with the same call_id gets a "-1" name (no overwrite), a
# call_id with ':' is sanitised, a hostile call_id ("../../x") is refused
# and nothing lands outside DIR, a Twilio call (8 kHz mu-law, inbound and
# outbound) gives a caller and an agent WAV at 8000 Hz holding the decoded
# samples (frames exact); no temporary file is left; a missing DIR is refused at
# start (exit 1); a DIR removed while serving: the call goes on, the error
# is logged and counted in /metrics.  The shipped default model.
. "$(dirname "$0")/../cli/lib.sh"
WS="$SERTEST ws"
D="$SER_SHARED/data/emodb"
SRV_PID=
cleanup() {
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
require_tools sox

f=$(ls "$D"/1[56]a0*W*.flac | head -2)
sox $f -t raw -r 16000 -e signed-integer -b 16 -L -c 1 - trim 0 4 >"$TMP/call.raw"
sox $f -t raw -r 8000 -e mu-law -b 8 -c 1 - trim 0 2 >"$TMP/in.ulaw"
sox $f -t raw -r 8000 -e mu-law -b 8 -c 1 - trim 1 1.5 >"$TMP/out.ulaw"

start() { # start ARGS...: serve on a free port, PORT set
    "$SER" serve --port 0 "$@" 2>"$TMP/serve.err" &
    SRV_PID=$!
    PORT=
    for _ in $(seq 100); do
        PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.err")
        [ -n "$PORT" ] && break
        sleep 0.1
    done
    [ -n "$PORT" ] && ok "serve $* listening" || { fail "server did not start: $(cat "$TMP/serve.err")"; finish; exit 1; }
}
stop() { kill "$SRV_PID"; wait "$SRV_PID"; SRV_PID=; }
call() { $WS "$PORT" "/ws/stream?call_id=$1&format=s16le&rate=16000" --pcm "$TMP/call.raw" --chunk 640 --stop >"$TMP/ws"; }
frames() { "$SER" info --json "$1" >"$TMP/info.json" && "$SERTEST" json-get "$TMP/info.json" "0.$2"; }

# ---- without --record: nothing written (the server runs in an empty folder) ----
mkdir -p "$TMP/plain"
cd "$TMP/plain" && start && cd - >/dev/null
call plain-1
expect_grep "$TMP/ws" '^CLOSE 1000 stopped' "a call without --record"
stop
[ -z "$(ls -A "$TMP/plain")" ] && ok "without --record no file appears" || fail "files without --record: $(ls -A "$TMP/plain")"

# ---- with --record ----
R="$TMP/rec/calls"
mkdir -p "$R"
expect_exit 2 "--record without a value" -- "$SER" serve --record
expect_exit 1 "--record of a missing folder" -- "$SER" serve --port 0 --record "$TMP/missing"
start --record "$R"
call rec-1
expect_grep "$TMP/ws" '^CLOSE 1000 stopped' "a recorded call"
n_rec=$(grep -c '^{' "$TMP/ws")
call rec-1
call "a:b"
$WS "$PORT" "/ws/stream?call_id=../../x&format=s16le&rate=16000" --pcm "$TMP/call.raw" --stop >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 400 ' "hostile call_id ../../x refused"
$WS "$PORT" "/v1/twilio" --twilio "$TMP/in.ulaw" --twilio-outbound "$TMP/out.ulaw" --call-sid CArec >"$TMP/tw"
expect_grep "$TMP/tw" '^CLOSE 1000 stopped' "a recorded Twilio call"
# a Twilio callSid that is a path: the call is named after its streamSid
$WS "$PORT" "/v1/twilio" --twilio "$TMP/in.ulaw" --call-sid "../../x" >"$TMP/tw"
curl -s "http://127.0.0.1:$PORT/metrics" >"$TMP/metrics"
expect_grep "$TMP/metrics" '^ser_errors_by_kind_total\{kind="record"\} 0$' "/metrics: no record errors"
stop

want="CArec-agent.wav CArec-caller.wav a_b-caller.wav rec-1-caller-1.wav rec-1-caller.wav"
have=$(cd "$R" && ls | grep -E '^(CArec|a_b|rec-1)' | sort | tr '\n' ' ')
[ "$have" = "$want " ] && ok "files: $want" || fail "files: '$have', want '$want '"
[ "$(ls "$R" | grep -c -v -E '^(CArec|a_b|rec-1)')" -eq 1 ] && ok "one more file: the Twilio call named after its streamSid" || fail "other files: $(ls "$R")"
[ "$(stat -c %a "$R/rec-1-caller.wav")" = 600 ] && ok "recordings are mode 0600" || fail "mode $(stat -c %a "$R/rec-1-caller.wav")"
[ -z "$(ls -A "$R" | grep '^\.')" ] && ok "no temporary file left" || fail "leftovers: $(ls -A "$R")"
[ "$(find "$TMP" -name 'x*' | wc -l)" -eq 0 ] && [ "$(ls -A "$TMP/rec")" = calls ] && ok "nothing written outside DIR" || fail "outside DIR: $(find "$TMP" -name 'x*'; ls -A "$TMP/rec")"

n=$(($(stat -c %s "$TMP/call.raw") / 2))
for w in rec-1-caller.wav rec-1-caller-1.wav a_b-caller.wav; do
    [ "$(frames "$R/$w" sample_rate)" = 16000 ] && [ "$(frames "$R/$w" frames)" = "$n" ] && [ "$(frames "$R/$w" channels)" = 1 ] &&
        ok "$w: 16000 Hz mono, $n frames (= sent)" || fail "$w: $(cat "$TMP/info.json")"
done
sox "$R/rec-1-caller.wav" -t raw -e signed-integer -b 16 -L - >"$TMP/back.raw"
cmp -s "$TMP/back.raw" "$TMP/call.raw" && ok "the recording holds the samples sent (bit exact)" || fail "recorded samples differ from the sent ones"
for t in caller:in agent:out; do
    w="$R/CArec-${t%%:*}.wav" n=$(stat -c %s "$TMP/${t#*:}.ulaw")
    [ "$(frames "$w" sample_rate)" = 8000 ] && [ "$(frames "$w" frames)" = "$n" ] &&
        ok "Twilio ${t%%:*}: 8000 Hz, $n frames (= sent)" || fail "Twilio ${t%%:*}: $(cat "$TMP/info.json")"
done
# the decoded mu-law: sox's G.711 decoder gives the same 16-bit samples
sox -t raw -r 8000 -e mu-law -b 8 -c 1 "$TMP/in.ulaw" -t raw -e signed-integer -b 16 -L - >"$TMP/in.s16"
sox "$R/CArec-caller.wav" -t raw -e signed-integer -b 16 -L - >"$TMP/back.s16"
cmp -s "$TMP/in.s16" "$TMP/back.s16" && ok "Twilio caller WAV = the mu-law decoded (sox)" || fail "Twilio caller samples differ from sox's decoding"

# ---- a folder removed while serving: the call goes on, the error is logged and counted ----
G="$TMP/gone"
mkdir -p "$G"
start --record "$G"
rmdir "$G"
call lost-1
n=$(grep -c '^{' "$TMP/ws")
expect_grep "$TMP/ws" '^CLOSE 1000 stopped' "DIR removed: the call still ends normally"
[ "$n" -ge 1 ] && [ "$n" = "$n_rec" ] && ok "DIR removed: $n events still analysed (as recorded)" || fail "DIR removed: $n events, $n_rec when recorded"
curl -s "http://127.0.0.1:$PORT/metrics" >"$TMP/metrics"
expect_grep "$TMP/metrics" '^ser_errors_by_kind_total\{kind="record"\} 1$' "DIR removed: one record error in /metrics"
expect_grep "$TMP/serve.err" 'record: .*lost-1-caller.wav: cannot create' "DIR removed: logged"
stop
[ ! -e "$G" ] && ok "DIR removed: nothing recreated" || fail "$G recreated"
finish

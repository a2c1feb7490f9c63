#!/usr/bin/env bash
# ser serve: a model trained on `ser features --set seed --streaming` of
# 24 EmoDB files (12 neutral, 12 angry, speakers other than 15/16); the
# server on a free loopback port with a token: /healthz, token enforcement,
# a WebSocket client streaming held-out angry speech (events = `ser stream`
# on the same bytes, an alert with its suggestion), 8 kHz mu-law silence
# (silence events only), bad requests and frames (4xx / close codes,
# server still up),
# --max-streams refusal, POST /v1/analyze (the `ser analyze` JSON), the
# Twilio endpoint's bad input, SIGTERM.  Then the end-to-end run of issue 7:
# a model trained on RAVDESS actors 1-8 (neutral, angry), a second server,
# an angry 'call' and a neutral 'call' of held-out actors 13-16 streamed
# concurrently at real-time pace over /v1/stream (16 kHz s16le) and over
# /v1/twilio (8 kHz mu-law Twilio Media Streams), watched on /v1/events:
# alerts for the angry calls only; the dashboard in headless Chromium
# shows the Twilio call's alert (DOM; screenshot not blank).
# The WebSocket client is `sertest ws` (tests/tools/sertest_ws.c).
. "$(dirname "$0")/../cli/lib.sh"
WS="$SERTEST ws"
D="$SER_SHARED/data/emodb"
SRV_PID=
CLIENTS=
cleanup() {
    for p in $CLIENTS; do kill "$p" 2>/dev/null; done
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
require_tools curl sox

files=$(for e in W N; do ls "$D" | grep "^[0-9][0-9]a0[0-9]${e}" | grep -v '^1[56]' | head -12; done | sed "s|^|$D/|")
expect_exit 0 "features seed --streaming (24 files)" -- "$SER" features --set seed --streaming -o "$TMP/f.csv" $files
expect_exit 0 "train svm" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none -o "$TMP/m.model"
raw() { sox "$@" -t raw -r 16000 -e signed-integer -b 16 -L -c 1 -; }
raw $(ls "$D"/1[56]a0*W*.flac | head -6) >"$TMP/angry.raw"

expect_exit 0 "serve --help" -- "$SER" serve --help
expect_grep "$TMP/out" "^Usage: ser serve" "help shows usage"
expect_exit 1 "serve without a model (SER_MODEL missing)" -- env SER_MODEL="$TMP/missing.model" "$SER" serve
expect_exit 2 "serve with a bad port" -- "$SER" serve -m "$TMP/m.model" --port 70000
expect_exit 2 "serve --listen without a port" -- "$SER" serve -m "$TMP/m.model" --listen 127.0.0.1
expect_grep "$TMP/err" "listen '127.0.0.1': want HOST:PORT" "--listen error names the value"
expect_exit 2 "serve --max-watchers 0" -- "$SER" serve -m "$TMP/m.model" --max-watchers 0

TOK=s3cret-token
"$SER" serve -m "$TMP/m.model" --listen 127.0.0.1:0 --token "$TOK" --max-streams 2 --max-watchers 1 2>"$TMP/serve.err" &
SRV_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.err")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] && ok "listening on 127.0.0.1:$PORT" || { fail "server did not start: $(cat "$TMP/serve.err")"; finish; exit 1; }
U="http://127.0.0.1:$PORT"
code() { curl -s -o "$TMP/body" -w "%{http_code}" "$@"; }
healthy() { [ "$(code "$U/healthz")" = 200 ] && grep -q '"status":"ok"' "$TMP/body"; }

healthy && ok "/healthz 200 without a token" || fail "/healthz: $(cat "$TMP/body")"
[ "$(code "$U/")" = 401 ] && ok "/ without token: 401" || fail "/ without token not 401"
[ "$(code -H "Authorization: Bearer wrong" "$U/")" = 401 ] && ok "/ with a wrong token: 401" || fail "wrong token accepted"
[ "$(code -H "Authorization: Bearer $TOK" "$U/")" = 200 ] && grep -q 'id="alert"' "$TMP/body" && ok "/ with the bearer token: the dashboard" || fail "dashboard with token"
[ "$(code "$U/metrics")" = 401 ] && ok "/metrics without token: 401" || fail "/metrics without token"
[ "$(code "$U/metrics?token=$TOK")" = 200 ] && grep -q '^ser_streams_active 0' "$TMP/body" && ok "/metrics with ?token=" || fail "/metrics with token"
$WS "$PORT" "/ws/stream?call_id=x" --pcm "$TMP/angry.raw" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 401 ' "WebSocket without token: HTTP 401"

# a real call over the WebSocket, 20 ms frames (640 bytes), with the bearer header
$WS "$PORT" "/ws/stream?call_id=call-1&format=s16le&rate=16000&channels=1" --header "Authorization: Bearer $TOK" \
    --pcm "$TMP/angry.raw" --chunk 640 --stop >"$TMP/ws"
grep -v '^CLOSE' "$TMP/ws" >"$TMP/ws.jsonl"
P='\{"neutral":[0-9.e-]+,"angry":[0-9.e-]+\}'
EV='"call_id":"call-1","track":"caller","t_start":[0-9]+\.[0-9]{3},"t_end":[0-9]+\.[0-9]{3},"label":("[a-z]+"|null),"probabilities":('"$P"'|null),"arousal":([-0-9.e]+|null),"valence":([-0-9.e]+|null),"frustration":[-0-9.e]+,"voiced":[0-9.e-]+'
n=$(grep -c -E '^\{"type":"(emotion|silence)",'"$EV"'\}$|^\{"type":"(alert|calm)",'"$EV"',"reason":"[^"]*","suggestion":"[^"]*"\}$' "$TMP/ws.jsonl")
total=$(wc -l <"$TMP/ws.jsonl")
[ "$total" -ge 10 ] && [ "$n" -eq "$total" ] && ok "$n events of the contract shape" || fail "$n of $total events of the contract shape: $(head -c 400 "$TMP/ws")"
expect_grep "$TMP/ws" '^CLOSE 1000 stopped' "stop message: flushed and closed with 1000"
expect_grep "$TMP/ws.jsonl" '^\{"type":"alert".*"suggestion":"[A-Z]' "angry call: an alert with a suggestion"
"$SER" stream -m "$TMP/m.model" --format s16le --call-id call-1 - <"$TMP/angry.raw" >"$TMP/cli.jsonl" 2>/dev/null
cmp -s "$TMP/cli.jsonl" "$TMP/ws.jsonl" && ok "WebSocket events = ser stream events (same bytes)" || fail "WebSocket events differ from ser stream"
# silence (8 s of zeros, 8 kHz mu-law through the resampler): silence events only, no alert
head -c 64000 /dev/zero | tr '\0' '\377' >"$TMP/silence.ulaw"
$WS "$PORT" "/ws/stream?call_id=call-2&format=ulaw&rate=8000&token=$TOK" --pcm "$TMP/silence.ulaw" --chunk 160 --stop >"$TMP/ws"
grep -q '"type":"silence"' "$TMP/ws" && ! grep -q -E '"type":"(emotion|alert)"' "$TMP/ws" && ok "8 kHz mu-law silence: silence events only" || fail "silence call: $(head -c 300 "$TMP/ws")"

# bad input: the server answers and stays up
$WS "$PORT" "/ws/stream?token=$TOK" --text hello >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1003 binary PCM frames expected' "text frame: closed 1003"
printf 'abc' >"$TMP/odd.raw"
$WS "$PORT" "/ws/stream?token=$TOK" --pcm "$TMP/odd.raw" >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1007 frame is not a whole number of samples' "odd byte count: closed 1007"
head -c 1100000 /dev/zero >"$TMP/big.raw"
$WS "$PORT" "/ws/stream?token=$TOK" --pcm "$TMP/big.raw" --chunk 1100000 >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1009 frame too large' "1.1 MB frame: closed 1009"
$WS "$PORT" "/ws/stream?token=$TOK&format=mp3" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 400 .*format' "format=mp3: HTTP 400"
$WS "$PORT" "/ws/stream?token=$TOK&rate=5" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 400 .*rate' "rate=5: HTTP 400"
$WS "$PORT" "/ws/stream?token=$TOK&call_id=%22%3Cx%3E" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 400 .*call_id' "call_id with quotes: HTTP 400"
[ "$(code "$U/nope?token=$TOK")" = 404 ] && ok "unknown path: 404" || fail "unknown path"
[ "$(code -X POST "$U/healthz")" = 405 ] && ok "POST /healthz: 405" || fail "POST /healthz"
[ "$(code -X POST --data-binary 'garbage' "$U/v1/analyze?token=$TOK")" = 415 ] && ok "POST garbage to /v1/analyze: 415" || fail "garbage analyze: $(cat "$TMP/body")"
[ "$(code -X POST -H "Content-Length: 99999999999" "$U/v1/analyze?token=$TOK")" = 413 ] && ok "huge Content-Length: 413" || fail "huge body"
[ "$(code "$U/v1/analyze?token=$TOK")" = 405 ] && ok "GET /v1/analyze: 405" || fail "GET analyze"
# (civetweb 1.15 echoes a bogus protocol string in its status line, so match the status code only)
printf '\001\002\003 garbage\r\n\r\n' >"$TMP/junk"
exec 3<>/dev/tcp/127.0.0.1/"$PORT" && cat "$TMP/junk" >&3 && timeout 5 head -c 24 <&3 >"$TMP/junk.out"; exec 3<&- 3>&-
expect_grep "$TMP/junk.out" '^HTTP/1\.[01] 400' "raw garbage request: 400"
healthy && ok "still healthy after bad input" || fail "server down after bad input"

# POST /v1/analyze: a FLAC file -> the `ser analyze` JSON (same tracks and timeline as the command)
[ "$(code -X POST -H "Authorization: Bearer $TOK" --data-binary @"$D/15a01Wa.flac" "$U/v1/analyze?call_id=15a01Wa.flac")" = 200 ] &&
    [ "$("$SERTEST" json-get "$TMP/body" call_id)" = 15a01Wa.flac ] &&
    ok "POST /v1/analyze: JSON with $("$SERTEST" json-len "$TMP/body" timeline) timeline events" || fail "analyze: $(head -c 300 "$TMP/body")"
cp "$TMP/body" "$TMP/post.json"
"$SER" analyze -m "$TMP/m.model" --json "$D/15a01Wa.flac" >"$TMP/cli.json"
for k in tracks timeline alerts labels duration; do
    [ "$("$SERTEST" json-get "$TMP/cli.json" "$k")" = "$("$SERTEST" json-get "$TMP/post.json" "$k")" ] &&
        ok "POST /v1/analyze $k = ser analyze $k" || fail "POST /v1/analyze $k differs from ser analyze"
done
[ "$(code -X POST -H "Authorization: Bearer $TOK" --data-binary @"$TMP/angry.raw" "$U/v1/analyze?call_id=call-1&format=s16le&rate=16000")" = 200 ] &&
    [ "$("$SERTEST" json-len "$TMP/body" timeline)" -eq "$(wc -l <"$TMP/cli.jsonl")" ] &&
    [ "$("$SERTEST" json-len "$TMP/body" alerts)" -eq "$(grep -c -E '"type":"(alert|calm)"' "$TMP/cli.jsonl")" ] &&
    ok "POST raw s16le: as many timeline events and alerts as ser stream" || fail "raw analyze differs: $(head -c 300 "$TMP/body")"
[ "$(code -X POST -H "Authorization: Bearer $TOK" --data-binary @"$D/15a01Wa.flac" "$U/v1/analyze?agent_channel=up")" = 400 ] &&
    ok "agent_channel=up: 400" || fail "agent_channel=up: $(cat "$TMP/body")"
[ "$(code -X POST -H "Authorization: Bearer $TOK" --data-binary @"$D/15a01Wa.flac" "$U/v1/analyze?agent_channel=left")" = 400 ] &&
    grep -q 'channel' "$TMP/body" && ok "agent_channel on a mono file: 400 naming the channel" || fail "agent_channel mono: $(cat "$TMP/body")"
[ "$(code -X POST -H "Authorization: Bearer $TOK" --data-binary @"$TMP/odd.raw" "$U/v1/analyze?format=s16le")" = 400 ] &&
    ok "odd raw body: 400" || fail "odd raw body"
[ "$(code -X POST --data-binary @"$D/15a01Wa.flac" "$U/v1/analyze")" = 401 ] && ok "POST /v1/analyze without token: 401" || fail "analyze without token"

# /v1/twilio bad input: every case closes with a code and reason, the server stays up
tw() { $WS "$PORT" "/v1/twilio?token=$TOK" "$@"; }
START='{"event":"start","start":{"streamSid":"MZ1","callSid":"CAbad","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}'
START_TOK='{"event":"start","start":{"streamSid":"MZ1","callSid":"CAtok","customParameters":{"token":"'"$TOK"'"},"tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}'
tw --text 'not json' >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1007 bad JSON' "twilio: bad JSON: 1007"
tw --text '{"no":"event"}' >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1007 message without an "event"' "twilio: no event: 1007"
tw --pcm "$TMP/odd.raw" >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1003 ' "twilio: binary frame: 1003"
tw --text '{"event":"media","media":{"payload":"AAAA"}}' >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1008 media before start' "twilio: media before start: 1008"
tw --text "$START" --text '{"event":"media","media":{"track":"inbound","payload":"@@@@"}}' >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1007 media.payload: not base64' "twilio: bad base64: 1007"
tw --text "$START" --text '{"event":"media","media":{"track":"sideways","payload":"AAAA"}}' >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1007 media.track' "twilio: bad track: 1007"
tw --text "${START/x-mulaw/x-opus}" >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1007 mediaFormat.encoding' "twilio: wrong encoding: 1007"
tw --text "${START/8000/5}" >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1007 mediaFormat.sampleRate' "twilio: wrong rate: 1007"
tw --text "$START" --text "$START" >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1008 a second start' "twilio: second start: 1008"
tw --text "$START" --text '{"event":"mark","mark":{"name":"x"}}' --text '{"event":"dtmf"}' --text '{"event":"stop"}' >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1000 stopped' "twilio: mark / dtmf ignored, stop closes 1000"
$WS "$PORT" "/v1/twilio" --text "$START" >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1008 missing or wrong token' "twilio: no token in start.customParameters: 1008"
$WS "$PORT" "/v1/twilio?token=wrong" --text "$START" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 401 ' "twilio: wrong token in the query: 401"
$WS "$PORT" "/v1/twilio" --text "$START_TOK" --text '{"event":"stop"}' >"$TMP/ws"
expect_grep "$TMP/ws" '^CLOSE 1000 stopped' "twilio: token in start.customParameters accepted"
head -c 1100000 /dev/zero | tr '\0' 'A' >"$TMP/big.txt"
tw --text-file "$TMP/big.txt" >"$TMP/ws"; expect_grep "$TMP/ws" '^CLOSE 1009 frame too large' "twilio: 1.1 MB message: 1009"
healthy && ok "still healthy after bad Twilio input" || fail "server down after Twilio input"

# --max-streams 2: two open streams, the third is refused with 503
for i in 1 2; do
    $WS "$PORT" "/ws/stream?call_id=hold$i&token=$TOK" --listen 60 >/dev/null 2>&1 &
    CLIENTS="$CLIENTS $!"
done
for _ in $(seq 100); do code "$U/healthz" >/dev/null; grep -q '"streams":2' "$TMP/body" && break; sleep 0.1; done
$WS "$PORT" "/ws/stream?call_id=third&token=$TOK" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 503 .*too many streams: the server takes 2 at a time' "third stream: 503 with the reason"
$WS "$PORT" "/v1/twilio?token=$TOK" >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 503 .*too many streams' "a Twilio stream over the limit: 503"
for p in $CLIENTS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
CLIENTS=
for _ in $(seq 100); do code "$U/healthz" >/dev/null; grep -q '"streams":0' "$TMP/body" && break; sleep 0.1; done
grep -q '"streams":0' "$TMP/body" && ok "closed streams are released" || fail "streams not released: $(cat "$TMP/body")"

# GET /v1/model: what the server runs (token required)
"$SERTEST" model-header "$TMP/m.model" >"$TMP/m.header.json"
[ "$(code "$U/v1/model")" = 401 ] && ok "/v1/model without token: 401" || fail "/v1/model without token"
[ "$(code -X POST "$U/v1/model?token=$TOK")" = 405 ] && ok "POST /v1/model: 405" || fail "POST /v1/model"
[ "$(code -H "Authorization: Bearer $TOK" "$U/v1/model")" = 200 ] &&
    [ "$("$SERTEST" json-get "$TMP/body" kind)" = svm ] &&
    [ "$("$SERTEST" json-get "$TMP/body" labels)" = "$("$SERTEST" json-get "$TMP/m.header.json" labels)" ] &&
    [ "$("$SERTEST" json-get "$TMP/body" header.kind)" = svm ] &&
    [ "$("$SERTEST" json-get "$TMP/body" path)" = "$TMP/m.model" ] &&
    ok "/v1/model: kind, labels (= the file's header), path" || fail "/v1/model: $(head -c 300 "$TMP/body")"

# /v1/events bad input: token, text frames from a watcher (ignored), the watcher limit (--max-watchers 1)
$WS "$PORT" "/v1/events" --listen 1 >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 401 ' "/v1/events without token: HTTP 401"
$WS "$PORT" "/ws/events?token=wrong" --listen 1 >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 401 ' "/ws/events with a wrong token: HTTP 401"
$WS "$PORT" "/v1/events?token=$TOK" --text 'garbage from a dashboard' --pcm "$TMP/odd.raw" --listen 1 >"$TMP/ws"
grep -q -E '^(HTTP|CLOSE 10[0-9][0-9])' "$TMP/ws" && fail "watcher frames: $(cat "$TMP/ws")" || ok "/v1/events: a watcher's text and binary frames are ignored"
$WS "$PORT" "/v1/events?token=$TOK" --listen 30 >/dev/null 2>&1 &
CLIENTS=$!
for _ in $(seq 100); do code "$U/healthz" >/dev/null; grep -q '"watchers":1' "$TMP/body" && break; sleep 0.1; done
$WS "$PORT" "/v1/events?token=$TOK" --listen 1 >"$TMP/ws"
expect_grep "$TMP/ws" '^HTTP 503 .*too many dashboards: the server takes 1 at a time' "second dashboard over --max-watchers 1: 503"
healthy && ok "still healthy after bad /v1/events input" || fail "server down after /v1/events input"

# graceful stop with two calls in progress at real-time pace (/ws/stream and /v1/twilio) and a
# dashboard watching: each call gets its last events and close 1001, the server exits 0
$WS "$PORT" "/ws/stream?call_id=live&token=$TOK" --pcm "$TMP/angry.raw" --chunk 640 --pace 32000 >"$TMP/live" 2>&1 &
LIVE=$!
$WS "$PORT" "/v1/twilio" --twilio "$TMP/silence.ulaw" --call-sid CAlive --twilio-param "token=$TOK" --pace 8000 >"$TMP/live-tw" 2>&1 &
LIVE_TW=$!
CLIENTS="$CLIENTS $LIVE $LIVE_TW"
for _ in $(seq 100); do code "$U/healthz" >/dev/null; grep -q '"streams":2' "$TMP/body" && break; sleep 0.1; done
sleep 3
kill -TERM "$SRV_PID"
wait "$SRV_PID"
rc=$?
SRV_PID=
wait "$LIVE" "$LIVE_TW"
for p in $CLIENTS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
CLIENTS=
[ "$rc" -eq 0 ] && ok "SIGTERM: stopped, exit 0" || fail "SIGTERM: exit $rc"
expect_grep "$TMP/serve.err" 'SIGTERM, stopping' "says it stops"
expect_grep "$TMP/live" '^CLOSE 1001 server shutting down' "SIGTERM: the live call is closed 1001 'server shutting down'"
expect_grep "$TMP/live-tw" '^CLOSE 1001 server shutting down' "SIGTERM: the live Twilio call is closed 1001 too"
n=$(grep -c '"call_id":"live"' "$TMP/live")
[ "$n" -ge 3 ] && ok "SIGTERM: the live call got its events ($n) before the close" || fail "live call events: $(head -c 300 "$TMP/live")"

# ---- end to end (issue 7): RAVDESS model, concurrent real-time calls over /v1/stream and /v1/twilio ----
R="$SER_SHARED/data/ravdess"
train=$(for a in 01 02 03 04 05 06 07 08; do ls "$R/Actor_$a"/03-01-0[15]-*.flac; done)
expect_exit 0 "features seed --streaming (RAVDESS actors 1-8, neutral + angry)" -- "$SER" features --set seed --streaming -o "$TMP/r.csv" $train
expect_exit 0 "train svm (seeded CV, no search)" -- "$SER" train --features "$TMP/r.csv" --kind svm --search none --seed 7 -o "$TMP/r.model"
# calls of held-out actors 13-16: five strong-intensity angry sentences; five neutral ones
sox $(ls "$R"/Actor_1[3-6]/03-01-05-02-*.flac | head -5) "$TMP/angry_call.wav"
sox $(ls "$R"/Actor_1[3-6]/03-01-01-01-*.flac | head -5) "$TMP/neutral_call.wav"
for c in angry neutral; do
    sox "$TMP/${c}_call.wav" -t raw -r 16000 -e signed-integer -b 16 -L -c 1 "$TMP/$c.s16"
    sox "$TMP/${c}_call.wav" -t raw -r 8000 -e mu-law -b 8 -c 1 "$TMP/$c.ulaw"
done
"$SER" serve -m "$TMP/r.model" --port 0 --token "$TOK" --max-streams 8 2>"$TMP/serve2.err" &
SRV_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve2.err")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] && ok "second server on 127.0.0.1:$PORT" || { fail "second server did not start"; finish; exit 1; }
U="http://127.0.0.1:$PORT"
$WS "$PORT" "/v1/events?token=$TOK" --listen 120 >"$TMP/watch.jsonl" 2>/dev/null &
WATCH=$!
CLIENTS="$WATCH"
for _ in $(seq 100); do code "$U/healthz" >/dev/null; grep -q '"watchers":1' "$TMP/body" && break; sleep 0.1; done
# four calls at once, each at real-time pace: 20 ms frames over /v1/stream, 20 ms Twilio media messages
$WS "$PORT" "/v1/stream?call_id=ws-angry&format=s16le&rate=16000&token=$TOK" --pcm "$TMP/angry.s16" --chunk 640 --pace 32000 --stop >"$TMP/ws-angry" &
P1=$!
$WS "$PORT" "/v1/stream?call_id=ws-neutral&format=s16le&rate=16000&token=$TOK" --pcm "$TMP/neutral.s16" --chunk 640 --pace 32000 --stop >"$TMP/ws-neutral" &
P2=$!
$WS "$PORT" "/v1/twilio" --twilio "$TMP/angry.ulaw" --call-sid CAangry --twilio-param "token=$TOK" --pace 8000 >"$TMP/tw-angry" &
P3=$!
$WS "$PORT" "/v1/twilio" --twilio "$TMP/neutral.ulaw" --call-sid CAneutral --twilio-param "token=$TOK" --pace 8000 >"$TMP/tw-neutral" &
P4=$!
CLIENTS="$CLIENTS $P1 $P2 $P3 $P4"
wait $P1 $P2 $P3 $P4
sleep 1
kill "$WATCH" 2>/dev/null; wait "$WATCH" 2>/dev/null
CLIENTS=
for c in ws-angry ws-neutral tw-angry tw-neutral; do
    expect_grep "$TMP/$c" '^CLOSE 1000 stopped' "$c: closed 1000 after the whole call"
done
for c in ws-angry ws-neutral CAangry CAneutral; do
    grep "\"call_id\":\"$c\"" "$TMP/watch.jsonl" >"$TMP/ev-$c"
done
# the WebSocket client's own events equal what the dashboards got
grep -v '^CLOSE' "$TMP/ws-angry" | cmp -s - "$TMP/ev-ws-angry" && ok "ws-angry: client events = /v1/events events" || fail "ws-angry events differ from /v1/events"
for c in ws-angry CAangry; do
    n=$(grep -c '"type":"emotion"' "$TMP/ev-$c"); a=$(grep -c '"type":"emotion".*"label":"angry"' "$TMP/ev-$c")
    [ "$n" -ge 10 ] && [ $((2 * a)) -gt "$n" ] && ok "$c: $a of $n emotion events angry" || fail "$c: $a of $n emotion events angry"
    expect_grep "$TMP/ev-$c" '^\{"type":"alert","call_id":"'"$c"'","track":"caller".*"suggestion":"[A-Z]' "$c: frustration alert with a suggestion"
done
for c in ws-neutral CAneutral; do
    [ "$(wc -l <"$TMP/ev-$c")" -ge 10 ] && ok "$c: $(wc -l <"$TMP/ev-$c") events" || fail "$c: too few events"
    grep -q '"type":"alert"' "$TMP/ev-$c" && fail "$c: an alert for a neutral call" || ok "$c: no alert"
done
# Twilio's 8 kHz mu-law call gives events of the same shape; its track is the caller
n=$(grep -c -E '^\{"type":"(emotion|silence|alert|calm)","call_id":"CAangry","track":"caller","t_start":[0-9.]+,"t_end":[0-9.]+,' "$TMP/ev-CAangry")
[ "$n" -eq "$(wc -l <"$TMP/ev-CAangry")" ] && ok "CAangry: $n events of the contract shape" || fail "CAangry: event shape"
grep -q '"track":"agent"' "$TMP/watch.jsonl" && fail "an agent track without --analyze-agent" || ok "no agent track analysed (no --analyze-agent)"

# the dashboard in headless Chromium, the Twilio call selected: the alert banner and suggestion
require_tools chromium
{
    CH="chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking --disable-component-update --disable-sync --window-size=1280,900"
    # the events arrive over a real WebSocket while virtual time runs ahead: longer budgets when the machine is busy
    for budget in 3000 10000 30000; do
        timeout 120 $CH --virtual-time-budget=$budget --user-data-dir="$(mktemp -d "$TMP/ch.XXXX")" --dump-dom "$U/?token=$TOK&call=CAangry" >"$TMP/dom.html" 2>/dev/null
        grep -q 'id="alert-suggestion">[A-Z]' "$TMP/dom.html" && break
    done
    expect_grep "$TMP/dom.html" '<div id="alert" role="alert" class="on">' "dashboard DOM: the alert banner is on"
    expect_grep "$TMP/dom.html" 'Frustration detected — suggest empathetic phrasing' "dashboard DOM: alert title"
    expect_grep "$TMP/dom.html" 'id="alert-suggestion">[A-Z][^<]+<' "dashboard DOM: the suggestion text"
    expect_grep "$TMP/dom.html" 'class="call sel"[^>]*data-call="CAangry"|data-call="CAangry"[^>]*class="call sel"' "dashboard DOM: the Twilio call selected"
    for c in ws-angry ws-neutral CAneutral; do expect_grep "$TMP/dom.html" "data-call=\"$c\"" "dashboard DOM: $c listed"; done
    SHOT="${SER_TEST_TMPDIR:-/tmp}/serve_dashboard.png"
    rm -f "$SHOT"
    timeout 120 $CH --virtual-time-budget=10000 --user-data-dir="$(mktemp -d "$TMP/ch.XXXX")" --screenshot="$SHOT" "$U/?token=$TOK&call=CAangry" >/dev/null 2>&1
    # not blank: the share of pixels with ink (sertest png-ink; a blank page has 0)
    read -r w h ink < <("$SERTEST" png-ink "$SHOT" 2>&1)
    awk -v i="${ink:-0}" 'BEGIN { exit !(i > 0.02) }' && ok "screenshot $SHOT (${w}x${h}, ink $ink, not blank)" || fail "no or blank screenshot: $w $h $ink"
}
kill -TERM "$SRV_PID"; wait "$SRV_PID"; SRV_PID=
finish

#!/usr/bin/env bash
# ser serve under misbehaving clients, with raw sockets (bash /dev/tcp; a
# WebSocket client frame is masked with the key 0 so the payload goes as
# is): a client that disconnects in the middle of a frame, clients that
# stall in their request headers (slowloris, more than civetweb's worker
# threads), a call sent 60x faster than real time, more streams than
# --max-streams (HTTP 503; a slot frees when a stream leaves).  After each,
# /healthz answers and a well-behaved stream still gets its events; at the
# end no stream is left active and the RSS is reported against the
# baseline (after one warm-up stream).
. "$(dirname "$0")/../cli/lib.sh"
V="$SER_SHARED/vectors/inputs"
SRV_PID=
cleanup() {
    for fd in $(ls /proc/$$/fd 2>/dev/null); do [ "$fd" -gt 9 ] && eval "exec $fd>&-" 2>/dev/null; done
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
require_tools curl

# A model of the streaming seed layout, trained on perturbed copies of two clips.
"$SER" features --set seed --streaming -o "$TMP/good.csv" "$V/speech_16000.wav" "$V/speech_22050.wav" 2>/dev/null
awk -F, -v OFS=, 'NR == 1 {print; next} {for (i = 0; i < 10; i++) {$1 = "c" NR "_" i ".wav"; $2 = i % 2 ? "angry" : "neutral"; $5 += i % 2 ? 50 : -50; print}}' \
    "$TMP/good.csv" >"$TMP/train.csv"
expect_exit 0 "a streaming seed-set model" -- "$SER" train --features "$TMP/train.csv" --set seed --search none --cv 2 -o "$TMP/m.model"

"$SER" serve -m "$TMP/m.model" --port 0 --max-streams 2 2>"$TMP/serve.err" &
SRV_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.err")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] && ok "listening on 127.0.0.1:$PORT" || { fail "server did not start: $(cat "$TMP/serve.err")"; finish; exit 1; }
U="http://127.0.0.1:$PORT"
healthy() { curl -s --max-time 10 "$U/healthz" | grep -q '"status":"ok"'; }
active() { curl -s --max-time 10 "$U/metrics" | sed -n 's/^ser_streams_active //p'; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SRV_PID/status"; }

# 2 s of speech as s16le (the 16 kHz clip's samples, read with sox-free tools:
# the WAV's data after its 44-byte header), and frames of it.
tail -c +45 "$V/speech_16000.wav" | head -c 64000 >"$TMP/speech.raw"
# frame HEX_LEN_BYTES FILE: a masked (key 0) binary frame of FILE
frame() { printf '\x82'; printf "$1"; printf '\x00\x00\x00\x00'; cat "$2"; }
head -c 6400 "$TMP/speech.raw" >"$TMP/f6400"
frame '\xfe\x19\x00' "$TMP/f6400" >"$TMP/frame"           # 6400 = 0x1900 bytes, 0.2 s
printf '\x81\x8f\x00\x00\x00\x00{"type":"stop"}' >"$TMP/stop"

# open_ws FD QUERY: WebSocket handshake on fd FD (in this shell: not in $(...));
# the status line goes to $WS_STATUS
open_ws() {
    WS_STATUS=
    eval "exec $1<>/dev/tcp/127.0.0.1/$PORT" || return 1
    printf 'GET /ws/stream?%s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' "$2" >&"$1"
    local line
    IFS= read -r -t 10 line <&"$1"
    WS_STATUS=${line%$'\r'}
    while IFS= read -r -t 10 line <&"$1" && [ "${line%$'\r'}" != "" ]; do :; done
}
close_fd() { eval "exec $1>&-"; }

# good_call NAME: a well-behaved 2 s call, 10 frames then stop; events counted
good_call() {
    open_ws 20 "call_id=$1"
    case $WS_STATUS in *" 101 "*) ;; *) fail "$1: handshake: $WS_STATUS"; close_fd 20; return 1 ;; esac
    for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$TMP/frame" >&20; done
    cat "$TMP/stop" >&20
    timeout 20 cat <&20 >"$TMP/$1.out"
    close_fd 20
    local n
    n=$(grep -a -o '"type":"[a-z]*"' "$TMP/$1.out" | wc -l)
    [ "$n" -ge 1 ] && grep -a -q 'stopped' "$TMP/$1.out" && ok "$1: $n events, closed with stop" || fail "$1: $n events: $(head -c 200 "$TMP/$1.out" | tr -cd '[:print:]')"
}

wait_idle() {
    for _ in $(seq 100); do [ "$(active)" = 0 ] && return 0; sleep 0.1; done
    return 1
}

good_call warmup
wait_idle
rss0=$(rss)
echo "# RSS after a warm-up stream: $rss0 kB"

# 1. disconnect in the middle of a frame (header says 6400 bytes, 100 sent), 5 times
for i in 1 2 3 4 5; do
    open_ws 21 "call_id=cut$i"
    cat "$TMP/frame" >&21
    head -c 108 "$TMP/frame" >&21
    close_fd 21
done
wait_idle && ok "mid-frame disconnects: no stream left active" || fail "mid-frame disconnects: $(active) streams still active"
healthy && ok "mid-frame disconnects: /healthz answers" || fail "mid-frame disconnects: /healthz down"
good_call after-cut

# 2. slowloris beyond civetweb's worker threads (2 streams + 16 watchers + 8
# = 26): 40 clients stall in their request headers.  The front holds them
# (they never reach a civetweb worker), so /healthz and a stream answer
# while they are still connected (civetweb's own request timeout is 30 s:
# without the front curl's 10 s would run out); after the front's 5 s
# header deadline each stalled client gets a 408 and is closed.
for fd in $(seq 30 69); do
    eval "exec $fd<>/dev/tcp/127.0.0.1/$PORT"
    printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' >&"$fd"
done
healthy && ok "40 stalled clients: /healthz answers" || fail "40 stalled clients: /healthz down"
good_call during-slowloris
n408=0
for fd in $(seq 30 69); do
    IFS= read -r -t 15 line <&"$fd" && case $line in *" 408 "*) n408=$((n408 + 1)) ;; esac
done
[ "$n408" -eq 40 ] && ok "stalled clients dropped with 408 at the header deadline" || fail "stalled clients: $n408 of 40 got a 408"
for fd in $(seq 30 69); do close_fd "$fd"; done
# a header ended by bare LFs (civetweb accepts them) is complete too: 200, not 408
exec 29<>/dev/tcp/127.0.0.1/$PORT
printf 'GET /healthz HTTP/1.0\nHost: x\n\n' >&29
IFS= read -r -t 15 line <&29
close_fd 29
case $line in *" 200 "*) ok "header with bare LF line ends: served" ;; *) fail "header with bare LF line ends: '$line'" ;; esac

# 3. 30 s of audio as fast as the socket takes it (150 frames), then stop
open_ws 22 "call_id=fast"
for _ in $(seq 150); do cat "$TMP/frame"; done >&22
cat "$TMP/stop" >&22
timeout 60 cat <&22 >"$TMP/fast.out"
close_fd 22
n=$(grep -a -o '"type":"[a-z]*"' "$TMP/fast.out" | wc -l)
[ "$n" -ge 50 ] && ok "30 s sent at once: $n events" || fail "30 s sent at once: $n events"
healthy && ok "after the fast call: /healthz answers" || fail "after the fast call: /healthz down"

# 4. more streams than --max-streams 2: the third is refused; a slot frees when one leaves
open_ws 23 "call_id=m1"; s1=$WS_STATUS
open_ws 24 "call_id=m2"; s2=$WS_STATUS
open_ws 25 "call_id=m3"; s3=$WS_STATUS
case "$s1 $s2" in *" 101 "*" 101 "*) ok "two streams accepted" ;; *) fail "two streams: $s1 / $s2" ;; esac
case $s3 in *" 503 "*) ok "third stream refused with 503" ;; *) fail "third stream: $s3" ;; esac
close_fd 25
healthy && ok "at the limit: /healthz answers" || fail "at the limit: /healthz down"
close_fd 23
for _ in $(seq 100); do [ "$(active)" -le 1 ] && break; sleep 0.1; done
close_fd 24
wait_idle
good_call after-limit

wait_idle && ok "every stream closed: none active" || fail "$(active) streams still active"
rss1=$(rss)
echo "# RSS at the end: $rss1 kB (baseline $rss0 kB)"
# glibc keeps per-thread arenas, so allow the worker threads' growth; a leak
# of the streams' state (MBs per stream) would exceed it.
[ "$rss1" -le $((rss0 * 3 / 2 + 20000)) ] && ok "RSS back near the baseline ($rss0 -> $rss1 kB)" || fail "RSS grew: $rss0 -> $rss1 kB"
kill "$SRV_PID"; wait "$SRV_PID"; rc=$?; SRV_PID=
[ "$rc" -eq 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
finish

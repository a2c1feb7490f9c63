#!/usr/bin/env bash
# ser serve under bench/ws_load (the load generator of `make bench`) with
# a dashboard that connects to /ws/events and never reads: streams still
# get their events (the hub queues per watcher), --max-streams refuses the
# third stream (HTTP 503, counted as kind too_many_streams), and /metrics
# carries the event-latency histogram (Prometheus histogram: cumulative
# buckets, +Inf = count >= the events the client measured), errors by kind
# and the watcher-drop counter.  No timing is asserted (figures: make bench).
# Model: SVM on streaming seed features of 24 EmoDB files (not speakers
# 15/16); audio: 3 held-out angry files of speaker 15/16.
. "$(dirname "$0")/../cli/lib.sh"
D="$SER_SHARED/data/emodb"
LOAD="${SER_BINARY_DIR:-$(dirname "$SER")}/ws_load"
SRV_PID=
cleanup() {
    exec 3>&- 2>/dev/null
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
require_tools curl sox
[ -x "$LOAD" ] || { fail "no ws_load at $LOAD"; finish; exit 1; }

files=$(for e in W N; do ls "$D" | grep "^[0-9][0-9]a0[0-9]${e}" | grep -v '^1[56]' | head -12; done | sed "s|^|$D/|")
expect_exit 0 "features seed --streaming (24 files)" -- "$SER" features --set seed --streaming -o "$TMP/f.csv" $files
expect_exit 0 "train svm" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none -o "$TMP/m.model"
sox $(ls "$D"/1[56]a0*W*.flac | head -3) -t raw -r 16000 -e signed-integer -b 16 -L -c 1 "$TMP/call.raw"

"$SER" serve -m "$TMP/m.model" --port 0 --max-streams 2 2>"$TMP/serve.err" &
SRV_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.err")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] && ok "listening on 127.0.0.1:$PORT" || { fail "server did not start: $(cat "$TMP/serve.err")"; finish; exit 1; }

# a dashboard that upgrades and then never reads
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /ws/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' >&3
for _ in $(seq 50); do
    curl -s "http://127.0.0.1:$PORT/healthz" | grep -q '"watchers":1' && break
    sleep 0.1
done
curl -s "http://127.0.0.1:$PORT/healthz" | grep -q '"watchers":1' && ok "a stalled dashboard is connected" \
    || fail "watcher not counted"

expect_exit 0 "ws_load: 3 streams, 20 ms frames, 4 s measured" -- "$LOAD" --port "$PORT" --audio "$TMP/call.raw" \
    --streams 3 --duration 4 --warmup 2.5 --connect-rate 20 --pid "$SRV_PID"
cp "$TMP/out" "$TMP/load"
echo "# $(cat "$TMP/load")"
expect_grep "$TMP/load" ' connected=2 ' "two streams upgraded"
expect_grep "$TMP/load" ' http_503=1( |$)' "the third gets HTTP 503"
expect_grep "$TMP/load" ' err_closed=0 err_eof=0 err_protocol=0 ' "no stream closed or broken"
measured=$(tr ' ' '\n' <"$TMP/load" | sed -n 's/^measured=//p')
[ "${measured:-0}" -ge 8 ] && ok "events flow past the stalled dashboard ($measured measured)" || fail "measured=$measured"

curl -s "http://127.0.0.1:$PORT/metrics" >"$TMP/metrics"
expect_grep "$TMP/metrics" '^# TYPE ser_event_latency_seconds histogram$' "/metrics: latency histogram type"
expect_grep "$TMP/metrics" '^ser_errors_by_kind_total\{kind="too_many_streams"\} 1$' "/metrics: the 503 by kind"
expect_grep "$TMP/metrics" '^ser_errors_by_kind_total\{kind="bad_samples"\} 0$' "/metrics: other kinds listed at 0"
expect_grep "$TMP/metrics" '^ser_watcher_dropped_events_total [0-9]+$' "/metrics: watcher drops counter"
count=$(sed -n 's/^ser_event_latency_seconds_count //p' "$TMP/metrics")
inf=$(sed -n 's/^ser_event_latency_seconds_bucket{le="+Inf"} //p' "$TMP/metrics")
[ -n "$count" ] && [ "$count" = "$inf" ] && [ "$count" -ge "$measured" ] \
    && ok "histogram: +Inf bucket = count ($count) >= events measured" || fail "count=$count inf=$inf"
sed -n 's/^ser_event_latency_seconds_bucket{le="[^"]*"} //p' "$TMP/metrics" \
    | awk 'NR > 1 && $1 < prev { bad = 1 } { prev = $1 } END { exit bad }' \
    && ok "histogram buckets cumulative" || fail "buckets not monotone"

kill "$SRV_PID"
wait "$SRV_PID"
rc=$?
SRV_PID=
[ "$rc" -eq 0 ] && ok "SIGTERM with a stalled dashboard: exit 0" || fail "SIGTERM: exit $rc"
finish

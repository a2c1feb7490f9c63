#!/usr/bin/env bash
# make soak: a bounded soak of `ser serve` (docs/hardening.md).  STREAMS
# concurrent WebSocket calls (tests/tools/sertest.c `ws` client, one
# process per call) of CALL_SECONDS of speech each, paced at real time,
# each ending with {"type":"stop"}; a finished call is replaced at once by
# a new one (connect / disconnect churn) until SECONDS have passed (the
# server allows 2 x STREAMS + 8: a closed call frees its slot a moment after
# the client has seen the close).
# Reports calls, events, errors (a client that did not end with CLOSE 1000,
# and the server's ser_errors_total) and the server's RSS: idle after a
# warm-up of a quarter of the duration (WARMUP_SECONDS), every 10 s, and
# idle at the end; fails on any error or an idle RSS drift over 5 %.
# The warm-up ends with a burst of as many whole calls at once as the
# server takes (2 x STREAMS + 8), so that every civetweb worker thread has
# run a call like the soak's (touched its stack as deep as those calls go,
# grown its allocator state) before the baseline.  At the end the server gets SIGTERM and must exit 0: under
# ASan (BUILD_DIR=build-asan) LeakSanitizer then checks for leaks; with
# SERVER_WRAP="valgrind --trace-children=yes --leak-check=full
# --errors-for-leak-kinds=definite --error-exitcode=9" the server runs under
# valgrind (a short run; --trace-children because `ser serve` re-executes
# itself once at start, docs/serve.md "Memory").
#   tests/soak/soak.sh BUILD_DIR
#   env: STREAMS (200), SOAK_SECONDS (600), CALL_SECONDS (20), WARMUP_SECONDS, SERVER_WRAP
set -u
B=${1:?usage: tests/soak/soak.sh BUILD_DIR}
SER=$B/ser
SERTEST=$B/tests/sertest
STREAMS=${STREAMS:-200}
DURATION=${SOAK_SECONDS:-600}
CALL=${CALL_SECONDS:-20}
SHARED=${SER_SHARED:-$(dirname "$0")/../../../shared}
V=$SHARED/vectors/inputs
TMP=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
SRV_PID=
cleanup() {
    jobs -p | xargs -r kill 2>/dev/null
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
[ -x "$SER" ] && [ -x "$SERTEST" ] || { echo "soak: build $B first (make build)" >&2; exit 2; }

# A model of the streaming seed layout (perturbed copies of two clips).
"$SER" features --set seed --streaming -o "$TMP/good.csv" "$V/speech_16000.wav" "$V/speech_22050.wav" 2>/dev/null
awk -F, -v OFS=, 'NR == 1 {print; next} {for (i = 0; i < 10; i++) {$1 = "c" NR "_" i ".wav"; $2 = i % 2 ? "angry" : "neutral"; $5 += i % 2 ? 50 : -50; print}}' \
    "$TMP/good.csv" >"$TMP/train.csv"
"$SER" train --features "$TMP/train.csv" --set seed --search none --cv 2 -o "$TMP/m.model" >/dev/null 2>&1 || { echo "soak: train failed" >&2; exit 1; }
# CALL seconds of 16 kHz s16le speech (the clip's samples, looped)
tail -c +45 "$V/speech_16000.wav" >"$TMP/clip.raw"
need=$((CALL * 32000))
while [ "$(stat -c %s "$TMP/call.raw" 2>/dev/null || echo 0)" -lt "$need" ]; do cat "$TMP/clip.raw" >>"$TMP/call.raw"; done
head -c "$need" "$TMP/call.raw" >"$TMP/call1.raw" && mv "$TMP/call1.raw" "$TMP/call.raw"

ulimit -n 65536 2>/dev/null || true
MAX=$((2 * STREAMS + 8))
${SERVER_WRAP:-} "$SER" serve -m "$TMP/m.model" --port 0 --max-streams $MAX 2>"$TMP/serve.err" &
SRV_PID=$!
PORT=
for _ in $(seq 600); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.err")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "soak: server did not start: $(cat "$TMP/serve.err")" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$SRV_PID/status"; }
metric() { curl -s --max-time 10 "http://127.0.0.1:$PORT/metrics" | sed -n "s/^$1 //p"; }
idle() { for _ in $(seq 300); do [ "$(metric ser_streams_active)" = 0 ] && return 0; sleep 0.1; done; return 1; }

call() {   # one call; appends "status events last-line" to results
    local id=$1 out=$TMP/c$1
    "$SERTEST" ws "$PORT" "/ws/stream?call_id=soak-$id" --pcm "$TMP/call.raw" --chunk 640 --pace 32000 --stop >"$out" 2>&1
    local rc=$?
    echo "$rc $(grep -c '^{"type"' "$out") $(tail -1 "$out")" >>"$TMP/results"
    rm -f "$out"
}

# churn SECONDS NAME: STREAMS lanes, each placing calls back to back until
# SECONDS have passed (a call that ends is replaced at once: connect /
# disconnect churn), sampled every 10 s; then every call finished.  The
# lanes run on their own: no central spawner falls behind on a busy machine.
peak=0
lane() { # lane ID END
    local k=0
    while [ "$EPOCHSECONDS" -lt "$2" ]; do
        k=$((k + 1))
        call "$1-$k"
    done
}
churn() {
    local start=$EPOCHSECONDS end r lanes=()
    end=$((start + $1))
    for i in $(seq "$STREAMS"); do
        lane "$2-$i" "$end" &
        lanes+=($!)
    done
    while [ "$EPOCHSECONDS" -lt "$end" ]; do
        sleep 10
        r=$(rss); [ "$r" -gt "$peak" ] && peak=$r
        echo "soak: $2 t=$((EPOCHSECONDS - start))s calls=$(wc -l <"$TMP/results") active=$(metric ser_streams_active) rss=${r}kB"
    done
    wait "${lanes[@]}"
}
running() { jobs -rp | grep -vcx "$SRV_PID"; }

# warm-up: a quarter of the duration (every worker thread has served
# calls, glibc's per-thread arenas are grown), then idle: the baseline
WARMUP=${WARMUP_SECONDS:-$((DURATION / 4))}
: >"$TMP/results"
churn "$WARMUP" warm-up
idle || echo "soak: streams still active after the warm-up" >&2
for i in $(seq "$MAX"); do
    "$SERTEST" ws "$PORT" "/ws/stream?call_id=burst-$i" --pcm "$TMP/call.raw" --chunk 640 --pace 32000 --stop >/dev/null 2>&1 &
done
while [ "$(running)" -gt 0 ]; do sleep 0.5; done
echo "soak: burst of $MAX calls at once done"
idle || echo "soak: streams still active after the burst" >&2
rss0=$(rss)
heap0=$(metric ser_heap_in_use_bytes) free0=$(metric ser_heap_free_bytes)
echo "soak: warm-up ${WARMUP}s done; idle RSS $rss0 kB; heap in use $heap0 B, free $free0 B"
: >"$TMP/results"
peak=$rss0
churn "$DURATION" soak
idle || echo "soak: streams still active at the end" >&2
rss1=$(rss)
heap1=$(metric ser_heap_in_use_bytes) free1=$(metric ser_heap_free_bytes)
echo "soak: idle at the end: RSS $rss1 kB; heap in use $heap1 B, free $free1 B"
calls=$(wc -l <"$TMP/results")
bad=$(awk '$1 != 0 || $3 != "CLOSE" || $4 != 1000' "$TMP/results" | wc -l)
events=$(awk '{n += $2} END {print n + 0}' "$TMP/results")
server_errors=$(metric ser_errors_total)
drift=$(awk -v a="$rss0" -v b="$rss1" 'BEGIN {printf "%.2f", 100 * (b - a) / a}')
kill -TERM "$SRV_PID"
wait "$SRV_PID"
server_exit=$?
SRV_PID=
grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error|definitely lost|ERROR SUMMARY' "$TMP/serve.err" | head -5
echo "soak: streams=$STREAMS seconds=$DURATION call_seconds=$CALL calls=$calls events=$events client_errors=$bad server_errors=$server_errors rss_idle_start_kb=$rss0 rss_peak_kb=$peak rss_idle_end_kb=$rss1 drift_pct=$drift server_exit=$server_exit"
[ "$bad" -eq 0 ] && [ "${server_errors:-1}" = 0 ] && [ "$server_exit" = 0 ] && awk -v d="$drift" 'BEGIN {exit !(d < 5)}'

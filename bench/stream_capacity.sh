#!/usr/bin/env bash
# Capacity of `ser serve`: how many concurrent real-time streams it takes
# with p99 event latency < 250 ms (DESIGN.md latency, seen by the client:
# bench/ws_load.c) and no error, and the server's memory per stream, for
# each model kind.
#
#   bench/stream_capacity.sh [SER [WS_LOAD]]       (from the repository root)
#
# Models: trained here on `ser features --set seed --streaming` of every
# second EmoDB file of speakers other than 15/16 (204 files, 7 classes):
# svm, forest and boost with --search none; cnn: `ser train --kind cnn` on the
# same files, --frames 63 (the 2 s window), EPOCHS epochs (throughput only,
# not accuracy).  Audio: 20 recordings of EmoDB speakers 15/16 joined into
# one 40 s 'call' (s16le 16 kHz), looped by every stream from a different
# offset.  Per kind, N goes through NS; a fresh server per N (--max-streams
# MAX); the ramp stops at the first N that fails.
# Memory per stream = (VmRSS with N streams - VmRSS before the first) / N.
#
# Environment: KINDS ("svm forest boost cnn"), NS ("50 100 200 400 600 800
# 1000"), DURATION (measured seconds per N, 20), FRAME_MS (20), WARMUP (3),
# P99_MS (250), MAX (1200), EPOCHS (3), OUT (a file the lines are also
# appended to; none by default), SER_DATA (../shared/data).
set -u
SER=${1:-build/ser}
WS_LOAD=${2:-$(dirname "$SER")/ws_load}
DATA=${SER_DATA:-../shared/data}
KINDS=${KINDS:-svm forest boost cnn}
NS=${NS:-50 100 200 400 600 800 1000}
DURATION=${DURATION:-20}
FRAME_MS=${FRAME_MS:-20}
WARMUP=${WARMUP:-3}
P99_MS=${P99_MS:-250}
MAX=${MAX:-1200}
EPOCHS=${EPOCHS:-3}
OUT=${OUT:-/dev/null}
E="$DATA/emodb"
for tool in "$SER" "$WS_LOAD"; do
    [ -x "$tool" ] || { echo "stream_capacity: $tool not built (make build)" >&2; exit 2; }
done
command -v sox >/dev/null || { echo "stream_capacity: sox needed" >&2; exit 2; }
[ -d "$E" ] || { echo "stream_capacity: no EmoDB under $DATA" >&2; exit 2; }
TMP=$(mktemp -d)
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT
[ "$OUT" = /dev/null ] || mkdir -p "$(dirname "$OUT")"

files=$(ls "$E" | grep -v '^1[56]' | awk 'NR%2==0' | sed "s|^|$E/|")
sox $(ls "$E"/1[56]a0*.flac | head -20) -t raw -r 16000 -e signed-integer -b 16 -L -c 1 "$TMP/call.raw"
model() {
    case $1 in
    svm | forest | boost)
        [ -f "$TMP/f.csv" ] || "$SER" features --set seed --streaming -j 2 -o "$TMP/f.csv" $files >/dev/null 2>&1
        "$SER" train --features "$TMP/f.csv" --kind "$1" --search none -o "$TMP/$1.model" >/dev/null 2>&1 ;;
    cnn)
        "$SER" train --kind cnn --frames 63 --epochs "$EPOCHS" --patience 0 -j 2 $files -o "$TMP/cnn.model" \
            >/dev/null 2>&1 ;;
    esac
}

run_n() { # model n -> one ws_load line on stdout
    local err="$TMP/serve.$RANDOM.err" port= # a new file: never the last server's port
    "$SER" serve -m "$1" --port 0 --max-streams "$MAX" --no-rules 2>"$err" &
    SRV=$!
    for _ in $(seq 100); do
        port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$err" 2>/dev/null)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "stream_capacity: server did not start: $(cat "$err")" >&2; return 1; }
    sleep 1
    "$WS_LOAD" --port "$port" --audio "$TMP/call.raw" --streams "$2" --duration "$DURATION" \
        --frame-ms "$FRAME_MS" --warmup "$WARMUP" --pid "$SRV"
    kill "$SRV" 2>/dev/null
    wait "$SRV" 2>/dev/null
    SRV=
}

val() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

{
    echo "# stream_capacity $(date -u +%FT%TZ) $(uname -m), $(nproc) cores; frames ${FRAME_MS} ms, ${DURATION} s measured per N"
    echo "# load before: $(uptime | sed 's/.*load average/load average/')"
} | tee -a "$OUT"
for kind in $KINDS; do
    if ! model "$kind" || [ ! -f "$TMP/$kind.model" ]; then
        echo "$kind: training failed" | tee -a "$OUT"
        continue
    fi
    best=0 best_mem=
    for n in $NS; do
        line=$(run_n "$TMP/$kind.model" "$n") || break
        p99=$(val "$line" p99_ms) errs=$(val "$line" errors) conn=$(val "$line" connected)
        r0=$(val "$line" rss_start_kb) r1=$(val "$line" rss_kb)
        mem=$(awk -v a="$r0" -v b="$r1" -v n="$n" 'BEGIN { printf "%.0f", (b - a) / n }')
        ok=$(awk -v p="$p99" -v lim="$P99_MS" -v e="$errs" -v c="$conn" -v n="$n" \
            'BEGIN { print (p != "nan" && p + 0 < lim && e == 0 && c == n) ? "ok" : "FAIL" }')
        echo "$kind n=$n $ok mem_per_stream_kb=$mem $line load=\"$(uptime | sed 's/.*average: //')\"" | tee -a "$OUT"
        [ "$ok" = ok ] || break
        best=$n best_mem=$mem
    done
    echo "$kind: capacity $best streams (p99 < ${P99_MS} ms, no errors), memory ${best_mem:-?} KB per stream" \
        | tee -a "$OUT"
done

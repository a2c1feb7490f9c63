#!/usr/bin/env bash
# ser serve --tls-cert/--tls-key (app/server/tls_front.c): a throwaway
# self-signed certificate (openssl req, EC P-256, for IP 127.0.0.1) made
# here; a plain server and a TLS server with the same model and token on
# free ports.  Checks: /healthz over https with curl --cacert; the token
# and /metrics through TLS; POST /v1/analyze over https = the plain
# server's answer (byte for byte); a WebSocket stream over wss:// (sertest
# ws --tls) = the same stream over ws://; /metrics counts it; a plain-HTTP
# request on the TLS port gets a 400 naming https:// and the server keeps
# serving; TLS 1.1 is refused; an idle connection that never handshakes
# does not block others nor the stop; 50 connection slots
# (2 x (--max-streams 1 + 16 + 8)): 40 idle ones leave room, 60 do not; bad certificate / key files are
# refused at start-up naming the file (exit 1; one option without the
# other: exit 2); SIGTERM stops it with exit 0 (no sanitizer report).
. "$(dirname "$0")/../cli/lib.sh"
WS="$SERTEST ws"
D="$SER_SHARED/data/emodb"
PLAIN_PID=
TLS_PID=
cleanup() {
    for p in $PLAIN_PID $TLS_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
require_tools curl sox openssl chromium

files=$(for e in W N; do ls "$D" | grep "^[0-9][0-9]a0[0-9]${e}" | grep -v '^1[56]' | head -8; done | sed "s|^|$D/|")
expect_exit 0 "features seed --streaming (16 files)" -- "$SER" features --set seed --streaming -o "$TMP/f.csv" $files
expect_exit 0 "train svm" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none -o "$TMP/m.model"
sox $(ls "$D"/1[56]a0*W*.flac | head -3) -t raw -r 16000 -e signed-integer -b 16 -L -c 1 - >"$TMP/angry.raw"

# throwaway certificates: the server's, and a second key that does not match it
req() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" "$@" 2>/dev/null; }
req -keyout "$TMP/key.pem" -out "$TMP/cert.pem" && req -keyout "$TMP/key2.pem" -out "$TMP/cert2.pem" &&
    openssl pkey -in "$TMP/key2.pem" -aes256 -passout pass:secret -out "$TMP/enc.pem" 2>/dev/null &&
    ok "self-signed certificates made" || { fail "openssl req failed"; finish; exit 1; }

# bad files: refused before listening, naming the file
M="$TMP/m.model"
expect_exit 2 "--tls-cert without --tls-key" -- "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/cert.pem"
expect_grep "$TMP/err" "go together" "says the two options go together"
expect_exit 1 "missing key file" -- "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/nokey.pem"
expect_grep "$TMP/err" "--tls-key .*nokey.pem: No such file" "names the missing key file"
expect_exit 1 "missing certificate file" -- "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/nocert.pem" --tls-key "$TMP/key.pem"
expect_grep "$TMP/err" "--tls-cert .*nocert.pem: No such file" "names the missing certificate file"
expect_exit 1 "a key given as the certificate" -- "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/key.pem" --tls-key "$TMP/key.pem"
expect_grep "$TMP/err" "--tls-cert .*key.pem: not a PEM certificate" "names the file that is no certificate"
expect_exit 1 "a certificate given as the key" -- "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/cert.pem"
expect_grep "$TMP/err" "--tls-key .*cert.pem: not an unencrypted PEM private key" "names the file that is no key"
expect_exit 1 "a key that does not match" -- "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key2.pem"
expect_grep "$TMP/err" "--tls-key .*key2.pem does not match the certificate in --tls-cert .*cert.pem" "says the key does not match"
expect_exit 1 "an encrypted key (no prompt)" -- timeout 20 "$SER" serve -m "$M" --port 0 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/enc.pem"
expect_grep "$TMP/err" "--tls-key .*enc.pem: not an unencrypted PEM private key" "refuses an encrypted key"

# start: port_of LOG SCHEME
port_of() {
    local p=
    for _ in $(seq 150); do
        p=$(sed -n "s|.*listening on $2://127.0.0.1:\([0-9]*\)/.*|\1|p" "$1")
        [ -n "$p" ] && break
        sleep 0.1
    done
    echo "$p"
}
TOK=s3cret-token
"$SER" serve -m "$M" --port 0 --token "$TOK" 2>"$TMP/plain.err" </dev/null &
PLAIN_PID=$!
"$SER" serve -m "$M" --port 0 --token "$TOK" --max-streams 1 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem" 2>"$TMP/tls.err" </dev/null &
TLS_PID=$!
PP=$(port_of "$TMP/plain.err" http)
TP=$(port_of "$TMP/tls.err" https)
[ -n "$PP" ] && [ -n "$TP" ] && ok "plain server on $PP, TLS server on $TP (listening on https://...)" ||
    { fail "servers did not start: $(cat "$TMP/plain.err" "$TMP/tls.err")"; finish; exit 1; }
U="https://127.0.0.1:$TP"
code() { curl -s --max-time 30 --cacert "$TMP/cert.pem" -o "$TMP/body" -w "%{http_code}" "$@"; }
healthy() { [ "$(code "$U/healthz")" = 200 ] && grep -q '"status":"ok"' "$TMP/body"; }

healthy && ok "GET /healthz over https (certificate verified for 127.0.0.1)" || fail "https /healthz: $(cat "$TMP/body")"
[ "$(code "$U/metrics")" = 401 ] && ok "/metrics without token over https: 401" || fail "/metrics without token"
[ "$(code -H "Authorization: Bearer $TOK" "$U/metrics")" = 200 ] && grep -q '^ser_streams_total 0' "$TMP/body" &&
    ok "/metrics with the bearer token over https" || fail "/metrics with token: $(head -c 200 "$TMP/body")"
[ "$(code -H "Authorization: Bearer $TOK" "$U/")" = 200 ] && grep -q 'id="alert"' "$TMP/body" &&
    ok "the dashboard over https" || fail "dashboard over https"

# POST /v1/analyze: the same answer over https as over http
[ "$(code -X POST -H "Authorization: Bearer $TOK" --data-binary @"$D/15a01Wa.flac" "$U/v1/analyze?call_id=x")" = 200 ] &&
    cp "$TMP/body" "$TMP/tls.json" && ok "POST /v1/analyze over https: 200" || fail "https analyze: $(head -c 300 "$TMP/body")"
curl -s --max-time 30 -X POST -H "Authorization: Bearer $TOK" --data-binary @"$D/15a01Wa.flac" \
    "http://127.0.0.1:$PP/v1/analyze?call_id=x" >"$TMP/plain.json"
[ -s "$TMP/plain.json" ] && cmp -s "$TMP/plain.json" "$TMP/tls.json" && ok "https /v1/analyze = http /v1/analyze (byte for byte)" ||
    fail "https and http /v1/analyze differ"

# a WebSocket stream over wss:// = over ws:// (20 ms frames)
Q="/v1/stream?call_id=c1&format=s16le&rate=16000&token=$TOK"
$WS "$PP" "$Q" --pcm "$TMP/angry.raw" --chunk 640 --stop >"$TMP/ws.out"
$WS "$TP" "$Q" --tls "$TMP/cert.pem" --pcm "$TMP/angry.raw" --chunk 640 --stop >"$TMP/wss.out"
n=$(grep -c '^{"type"' "$TMP/wss.out")
[ "$n" -ge 5 ] && cmp -s "$TMP/ws.out" "$TMP/wss.out" && ok "wss:// stream: $n events and the close = ws:// stream" ||
    fail "wss stream differs: $(head -c 300 "$TMP/wss.out")"
expect_grep "$TMP/wss.out" '^CLOSE 1000 stopped' "wss:// stream closed with 1000"
$WS "$TP" "/v1/stream?call_id=c2" --tls "$TMP/cert.pem" --pcm "$TMP/angry.raw" >"$TMP/wss.out"
expect_grep "$TMP/wss.out" '^HTTP 401 ' "wss:// without the token: HTTP 401"
$WS "$TP" "$Q" --tls "$TMP/cert2.pem" --pcm "$TMP/angry.raw" >"$TMP/wss.out"
expect_grep "$TMP/wss.out" '^TLS failed' "a client trusting another certificate refuses the server"
for _ in $(seq 50); do code -H "Authorization: Bearer $TOK" "$U/metrics" >/dev/null; grep -q '^ser_streams_active 0' "$TMP/body" && break; sleep 0.1; done
grep -q '^ser_streams_total 1$' "$TMP/body" && grep -q '^ser_streams_active 0$' "$TMP/body" &&
    ok "/metrics over https counts the wss:// stream, released" || fail "metrics after wss: $(head -c 300 "$TMP/body")"

# the dashboard in headless Chromium over https: its /ws/events WebSocket goes over wss:// ("live")
{
    CH="chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking --disable-component-update --disable-sync --ignore-certificate-errors"
    # virtual time can run out before the real wss:// handshake is done on a busy machine: try again, longer
    for budget in 3000 10000 30000 30000 60000 60000; do
        timeout 120 $CH --virtual-time-budget=$budget --user-data-dir="$(mktemp -d "$TMP/ch.XXXX")" --dump-dom "$U/?token=$TOK" >"$TMP/dom.html" 2>/dev/null
        grep -q 'id="status" class="live"' "$TMP/dom.html" && break
    done
    grep -q 'id="status" class="live">live<' "$TMP/dom.html" && ok "dashboard over https: its events WebSocket (wss://) is live" ||
        fail "dashboard over https: status $(grep -o 'id="status"[^<]*' "$TMP/dom.html")"
}

# wrong protocol on the TLS port: a clean refusal, the server keeps serving
curl -s --max-time 10 -o "$TMP/body" -w "%{http_code}" "http://127.0.0.1:$TP/healthz" >"$TMP/code"
[ "$(cat "$TMP/code")" = 400 ] && grep -q 'use https://' "$TMP/body" && ok "plain HTTP on the TLS port: 400 'use https://'" ||
    fail "plain HTTP on the TLS port: $(cat "$TMP/code") $(cat "$TMP/body")"
# (SECLEVEL=0 lets this client offer TLS 1.1: the refusal is the server's)
curl -sS --max-time 10 --cacert "$TMP/cert.pem" --tlsv1.1 --tls-max 1.1 --ciphers 'DEFAULT@SECLEVEL=0' "$U/healthz" \
    >/dev/null 2>"$TMP/curl.err"
grep -q 'protocol version' "$TMP/curl.err" && ok "TLS 1.1 refused (protocol version alert)" || fail "TLS 1.1: $(cat "$TMP/curl.err")"
printf '\026\003\001\000\007garbage' >"$TMP/junk"
exec 3<>/dev/tcp/127.0.0.1/"$TP" && cat "$TMP/junk" >&3 && timeout 10 cat <&3 >/dev/null
rc=$?
exec 3<&- 3>&-
[ "$rc" -eq 0 ] && ok "a garbage handshake is closed by the server" || fail "garbage handshake: not closed (rc $rc)"
# connections that never handshake (slowloris) each hold one of the
# 4 x (max-streams 1 + 16 watchers + 8) = 100 connection slots until the
# handshake timeout; others are served meanwhile; with all slots held a
# new connection is closed at once; slots come free when the clients leave.
# (First wait until the dashboard's watcher has gone.)
for _ in $(seq 100); do healthy && grep -q '"streams":0,.*"watchers":0' "$TMP/body" && break; sleep 0.1; done
IDLE=
for _ in $(seq 40); do exec {fd}<>/dev/tcp/127.0.0.1/"$TP"; IDLE="$IDLE $fd"; done
healthy && ok "served with 40 idle connections open (after bad input)" || fail "TLS server down: $(cat "$TMP/body")"
for _ in $(seq 65); do exec {fd}<>/dev/tcp/127.0.0.1/"$TP"; IDLE="$IDLE $fd"; done
[ "$(code "$U/healthz")" = 000 ] && ok "105 idle connections: a new one is closed at once (100 slots)" || fail "connection limit not applied"
for fd in $IDLE; do exec {fd}<&-; done
for _ in $(seq 50); do healthy && break; sleep 0.1; done
healthy && ok "slots released when the idle clients leave" || fail "slots not released"
exec 4<>/dev/tcp/127.0.0.1/"$TP"

# graceful stop with the idle connection still open
kill -TERM "$TLS_PID"
wait "$TLS_PID"
rc=$?
TLS_PID=
exec 4<&- 4>&-
[ "$rc" -eq 0 ] && ok "SIGTERM: TLS server stopped, exit 0" || fail "SIGTERM: exit $rc: $(tail -c 600 "$TMP/tls.err")"
grep -q -E 'Sanitizer|runtime error' "$TMP/tls.err" && fail "sanitizer report: $(grep -m3 -E 'Sanitizer|runtime error' "$TMP/tls.err")" ||
    ok "no sanitizer report"
kill -TERM "$PLAIN_PID"; wait "$PLAIN_PID"; PLAIN_PID=
finish

#!/usr/bin/env bash
# ser info: text and --json output, levels against the golden checksum,
# raw input from stdin, batch semantics and the bad-input messages/exit codes.
. "$(dirname "$0")/lib.sh"
IN="$SER_SHARED/vectors/inputs"
SPEECH="$IN/speech_16000.wav"

expect_exit 0 "info --help" -- "$SER" info --help
expect_grep "$TMP/out" "^Usage: ser info" "help shows usage"

expect_exit 0 "info on a WAV" -- "$SER" info "$SPEECH"
expect_grep "$TMP/out" "format: +WAV PCM_16" "text: format"
expect_grep "$TMP/out" "sample rate: 16000 Hz" "text: rate"
expect_grep "$TMP/out" "frames: +42706" "text: frames"
expect_grep "$TMP/out" "duration: +2\.669 s" "text: duration"

# --json: exactly the contract keys; levels from the reference decode's
# max/min/sum_sq in ../shared/vectors (tolerance 1e-6 dB).
expect_exit 0 "info --json" -- "$SER" info --json "$SPEECH" "$IN/stereo_44100.wav"
cp "$TMP/out" "$TMP/info.json"
jget() { "$SERTEST" json-get "$@" 2>/dev/null || echo MISSING; }
info_json_ok() {
    local f="$TMP/info.json" r="$SER_SHARED/vectors/speech_16000.json" c=variants.native.signal_checksum e
    [ "$(jget "$f" .  | head -c 1)" = "[" ] && [ "$("$SERTEST" json-len "$f" .)" = 2 ] || return 1
    for e in 0 1; do
        [ "$("$SERTEST" json-keys "$f" $e | sort | tr '\n' ' ')" = "channels duration format frames path peak_dbfs rms_dbfs sample_rate " ] || return 1
    done
    [ "$(jget "$f" 0.format)" = "WAV PCM_16" ] && [ "$(jget "$f" 0.sample_rate)" = 16000 ] && [ "$(jget "$f" 0.channels)" = 1 ] || return 1
    [ "$(jget "$f" 1.channels)" = 2 ] && [ "$(jget "$f" 1.sample_rate)" = 44100 ] && [ "$(jget "$f" 1.frames)" = 44100 ] || return 1
    awk -v fr="$(jget "$f" 0.frames)" -v du="$(jget "$f" 0.duration)" -v pk="$(jget "$f" 0.peak_dbfs)" \
        -v rm="$(jget "$f" 0.rms_dbfs)" -v n="$(jget "$r" $c.n_samples)" -v mn="$(jget "$r" $c.min)" \
        -v mx="$(jget "$r" $c.max)" -v ss="$(jget "$r" $c.sum_sq_f64)" 'function abs(x) {return x < 0 ? -x : x}
        BEGIN {
            m = abs(mn) > abs(mx) ? abs(mn) : abs(mx)
            peak = 20 * log(m) / log(10); rms = 20 * log(sqrt(ss / n)) / log(10)
            ok = fr == n && abs(du - n / 16000) < 1e-12 && abs(pk - peak) < 1e-6 && abs(rm - rms) < 1e-6
            if (!ok) print "frames", fr, n, "peak", pk, peak, "rms", rm, rms > "/dev/stderr"
            exit !ok }'
}
if info_json_ok
then ok "json keys and levels match the reference"; else fail "json keys/levels"; fi

# digital silence: levels are null in JSON, -inf in text
expect_exit 0 "info on silence" -- "$SER" info --json "$IN/all_silent_16000.wav"
expect_grep "$TMP/out" '"peak_dbfs":null,"rms_dbfs":null' "silence levels are null"

# raw PCM from stdin ('-'): 1000 s16le frames of stereo
"$SERTEST" raw-s16-ramp 1000 >"$TMP/st.raw"
expect_exit 0 "raw s16le from stdin" -- sh -c "\"$SER\" info --raw s16le --rate 8000 --channels 2 - <\"$TMP/st.raw\""
expect_grep "$TMP/out" "format: +RAW S16LE" "raw: format"
expect_grep "$TMP/out" "frames: +1000" "raw: frames"
expect_grep "$TMP/out" "duration: +0\.125 s" "raw: duration"
head -c 3999 "$TMP/st.raw" >"$TMP/odd.raw"
expect_exit 1 "raw with a stray byte" -- "$SER" info --raw s16le --rate 8000 --channels 2 "$TMP/odd.raw"
expect_grep "$TMP/err" "odd.raw: raw s16le input ends with 3 stray byte\(s\)" "stray bytes named"
head -c 3999 "$TMP/st.raw" >"$TMP/odd1.raw"
expect_exit 1 "mono s16 with an odd byte" -- "$SER" info --raw s16le --rate 8000 --channels 1 "$TMP/odd1.raw"
expect_grep "$TMP/err" "odd1.raw: raw s16le input ends with 1 stray byte" "odd byte named"
expect_exit 0 "raw ulaw" -- "$SER" info --raw ulaw --rate 8000 --channels 1 "$TMP/st.raw"
expect_grep "$TMP/out" "frames: +4000" "ulaw: one byte a sample"

# bad inputs: each with its own message; a batch goes on past them
: >"$TMP/empty.wav"
head -c 3000 /dev/urandom >"$TMP/garbage.wav"
head -c 20000 "$SPEECH" >"$TMP/cut.wav"
"$SERTEST" raw-f32-nan 4 >"$TMP/nan.f32"
expect_exit 1 "empty file" -- "$SER" info "$TMP/empty.wav"
expect_grep "$TMP/err" "empty.wav: empty file \(0 bytes\)" "empty named"
expect_exit 1 "garbage" -- "$SER" info "$TMP/garbage.wav"
expect_grep "$TMP/err" "garbage.wav: not a recognised audio format" "garbage named"
expect_exit 1 "truncated" -- "$SER" info "$TMP/cut.wav"
expect_grep "$TMP/err" "cut.wav: truncated file: header declares 85412 bytes of audio data but only 19956 are present" "truncation named"
expect_exit 1 "missing" -- "$SER" info "$TMP/missing.flac"
expect_grep "$TMP/err" "missing.flac: no such file" "missing named"
expect_exit 1 "directory" -- "$SER" info "$TMP"
expect_grep "$TMP/err" "is a directory" "directory named"
expect_exit 1 "NaN samples" -- "$SER" info --raw f32le --rate 16000 --channels 1 "$TMP/nan.f32"
expect_grep "$TMP/err" "nan.f32: non-finite sample \(NaN\) at frame 0" "NaN named"

expect_exit 3 "batch: some failed" -- "$SER" info --json "$SPEECH" "$TMP/garbage.wav" "$TMP/missing.flac"
expect_grep "$TMP/err" "garbage.wav" "batch: failure on stderr"
expect_grep "$TMP/err" "2 of 3 input\(s\) could not be read" "batch: count on stderr"
batch_json_ok() {
    local f="$TMP/out"
    [ "$("$SERTEST" json-len "$f" .)" = 3 ] && "$SERTEST" json-get "$f" 0.format >/dev/null 2>&1 || return 1
    [ "$("$SERTEST" json-keys "$f" 1 | sort | tr '\n' ' ')" = "error path " ] || return 1
    [ "$("$SERTEST" json-keys "$f" 2 | sort | tr '\n' ' ')" = "error path " ] || return 1
    jget "$f" 1.path | grep -q 'garbage\.wav$' && jget "$f" 1.error | grep -q "not a recognised" \
        && jget "$f" 2.error | grep -q "no such file"
}
if batch_json_ok; then ok "batch: errors listed in the JSON list"; else fail "batch json: $(cat "$TMP/out")"; fi
expect_exit 1 "batch: none usable" -- "$SER" info "$TMP/garbage.wav" "$TMP/empty.wav"

# usage errors
expect_exit 2 "no files" -- "$SER" info
expect_grep "$TMP/err" "no input files" "no files named"
expect_exit 2 "unknown encoding" -- "$SER" info --raw pcm24 --rate 8000 --channels 1 x
expect_grep "$TMP/err" "unknown raw encoding 'pcm24'" "encoding named"
expect_exit 2 "raw without rate" -- "$SER" info --raw s16le x
expect_grep "$TMP/err" "--raw needs --rate and --channels" "raw needs rate"
expect_exit 2 "rate without raw" -- "$SER" info --rate 8000 x
expect_exit 2 "bad rate" -- "$SER" info --raw s16le --rate zero --channels 1 x
expect_exit 2 "unknown option" -- "$SER" info --frob x

# real corpus files (16 kHz mono FLAC) from ../shared/data
DATA="$SER_SHARED/data"
if [ -d "$DATA/emodb" ]; then
    mapfile -t files < <(find "$DATA/emodb" "$DATA/ravdess" -name '*.flac' 2>/dev/null | sort | head -n 6)
    expect_exit 0 "corpus files" -- "$SER" info --json "${files[@]}"
    corpus_ok() {
        local f="$TMP/out" i
        [ "$("$SERTEST" json-len "$f" .)" = 6 ] || return 1
        for i in 0 1 2 3 4 5; do
            [ "$(jget "$f" $i.format)" = "FLAC PCM_16" ] && [ "$(jget "$f" $i.sample_rate)" = 16000 ] \
                && [ "$(jget "$f" $i.channels)" = 1 ] || return 1
            awk -v fr="$(jget "$f" $i.frames)" -v du="$(jget "$f" $i.duration)" -v pk="$(jget "$f" $i.peak_dbfs)" \
                -v rm="$(jget "$f" $i.rms_dbfs)" 'function abs(x) {return x < 0 ? -x : x}
                BEGIN { exit !(fr + 0 > 0 && abs(du - fr / 16000) < 1e-9 && pk + 0 <= 0 && rm + 0 < pk + 0 && pk != "null" && rm != "null") }' || return 1
        done
    }
    if corpus_ok; then ok "corpus FLAC facts"; else fail "corpus FLAC facts: $(head -c 400 "$TMP/out")"; fi
else
    echo "# skipped corpus files: $DATA not present"
fi
finish

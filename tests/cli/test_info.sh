#!/usr/bin/env bash
# ser info: text and --json output, levels against the golden checksum,
# raw input from stdin, batch semantics and the bad-input messages/exit codes.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
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
if "$PY" - "$TMP/info.json" "$SER_SHARED/vectors/speech_16000.json" <<'PYEOF'
import json, math, sys
info = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))["variants"]["native"]["signal_checksum"]
keys = {"path", "format", "sample_rate", "channels", "frames", "duration", "peak_dbfs", "rms_dbfs"}
assert isinstance(info, list) and len(info) == 2, info
for e in info:
    assert set(e) == keys, sorted(e)
s = info[0]
assert s["format"] == "WAV PCM_16" and s["sample_rate"] == 16000 and s["channels"] == 1
assert s["frames"] == ref["n_samples"] and abs(s["duration"] - ref["n_samples"] / 16000) < 1e-12
peak = 20 * math.log10(max(abs(ref["min"]), abs(ref["max"])))
rms = 20 * math.log10(math.sqrt(ref["sum_sq_f64"] / ref["n_samples"]))
assert abs(s["peak_dbfs"] - peak) < 1e-6, (s["peak_dbfs"], peak)
assert abs(s["rms_dbfs"] - rms) < 1e-6, (s["rms_dbfs"], rms)
assert info[1]["channels"] == 2 and info[1]["sample_rate"] == 44100 and info[1]["frames"] == 44100
PYEOF
then ok "json keys and levels match the reference"; else fail "json keys/levels"; fi

# digital silence: levels are null in JSON, -inf in text
expect_exit 0 "info on silence" -- "$SER" info --json "$IN/all_silent_16000.wav"
expect_grep "$TMP/out" '"peak_dbfs":null,"rms_dbfs":null' "silence levels are null"

# raw PCM from stdin ('-'): 1000 s16le frames of stereo
"$PY" -c 'import sys, struct; sys.stdout.buffer.write(b"".join(struct.pack("<hh", i, -i) for i in range(1000)))' >"$TMP/st.raw"
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
"$PY" -c 'import struct,sys; d=struct.pack("<f",float("nan"))*4; sys.stdout.buffer.write(d)' >"$TMP/nan.f32"
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
if "$PY" -c '
import json, sys
l = json.load(open(sys.argv[1]))
assert len(l) == 3 and "format" in l[0]
assert set(l[1]) == {"path", "error"} and l[1]["path"].endswith("garbage.wav") and "not a recognised" in l[1]["error"]
assert set(l[2]) == {"path", "error"} and "no such file" in l[2]["error"]
' "$TMP/out"; then ok "batch: errors listed in the JSON list"; else fail "batch json: $(cat "$TMP/out")"; fi
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
    if "$PY" -c '
import json, sys
l = json.load(open(sys.argv[1]))
assert len(l) == 6
for e in l:
    assert e["format"] == "FLAC PCM_16" and e["sample_rate"] == 16000 and e["channels"] == 1, e
    assert e["frames"] > 0 and abs(e["duration"] - e["frames"] / 16000) < 1e-9
    assert e["peak_dbfs"] <= 0 and e["rms_dbfs"] < e["peak_dbfs"]
' "$TMP/out"; then ok "corpus FLAC facts"; else fail "corpus FLAC facts: $(head -c 400 "$TMP/out")"; fi
else
    echo "# skipped corpus files: $DATA not present"
fi
finish

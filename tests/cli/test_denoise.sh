#!/usr/bin/env bash
# ser denoise: writes a quieter file, both modes, errors named, usage errors.
. "$(dirname "$0")/lib.sh"
in="$SER_SHARED/vectors/inputs/speech_noisy10dB_22050.wav"
rms() { "$SER" info --json "$1" | sed -E 's/.*"rms_dbfs":([-0-9.e]+).*/\1/'; }

expect_exit 0 "denoise nonstationary" -- "$SER" denoise "$in" "$TMP/a.wav"
expect_exit 0 "denoise stationary to flac" -- "$SER" denoise --stationary "$in" "$TMP/b.flac"
expect_exit 0 "denoise with prop-decrease 0 (identity)" -- "$SER" denoise --prop-decrease 0 --float "$in" "$TMP/c.wav"
r_in=$(rms "$in"); r_a=$(rms "$TMP/a.wav"); r_b=$(rms "$TMP/b.flac"); r_c=$(rms "$TMP/c.wav")
awk -v a="$r_a" -v i="$r_in" 'BEGIN{exit !(a < i - 3)}' && ok "nonstationary lowers RMS by > 3 dB ($r_in -> $r_a)" || fail "nonstationary RMS $r_in -> $r_a"
awk -v a="$r_b" -v i="$r_in" 'BEGIN{exit !(a < i - 3)}' && ok "stationary lowers RMS by > 3 dB ($r_in -> $r_b)" || fail "stationary RMS $r_in -> $r_b"
awk -v a="$r_c" -v i="$r_in" 'BEGIN{d=a-i; if(d<0)d=-d; exit !(d < 0.01)}' && ok "prop-decrease 0 keeps the level ($r_c)" || fail "prop-decrease 0 changed RMS $r_in -> $r_c"
"$SER" info --json "$TMP/a.wav" | grep -q '"sample_rate":22050' && ok "native rate kept" || fail "rate changed"

expect_exit 1 "missing input" -- "$SER" denoise "$TMP/none.wav" "$TMP/x.wav"
expect_grep "$TMP/err" "none.wav" "missing input named"
expect_exit 1 "unwritable output" -- "$SER" denoise "$in" "$TMP/no/such/dir/x.wav"
expect_grep "$TMP/err" "no/such/dir/x.wav" "unwritable output named"
expect_exit 2 "unknown output type" -- "$SER" denoise "$in" "$TMP/x.mp4"
expect_grep "$TMP/err" "x.mp4" "unknown output type named"
expect_exit 2 "one argument" -- "$SER" denoise "$in"
expect_exit 2 "bad mode" -- "$SER" denoise --mode loud "$in" "$TMP/x.wav"
expect_exit 2 "bad prop-decrease" -- "$SER" denoise --prop-decrease 2 "$in" "$TMP/x.wav"
expect_exit 2 "--noise without stationary" -- "$SER" denoise --noise "$in" "$in" "$TMP/x.wav"
printf 'garbage that is not audio' > "$TMP/junk.wav"
expect_exit 1 "garbage input" -- "$SER" denoise "$TMP/junk.wav" "$TMP/x.wav"
expect_grep "$TMP/err" "junk.wav" "garbage input named"
[ ! -e "$TMP/x.wav" ] && ok "nothing written on failure" || fail "output written on failure"
finish

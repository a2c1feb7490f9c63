#!/usr/bin/env bash
# ser features: CSV layout, values against librosa's agg320 (--sr native),
# thread-count invariance, corpus labels, 8 kHz, bad files, usage errors.
. "$(dirname "$0")/lib.sh"
V="$SER_SHARED/vectors"
s16="$V/inputs/speech_16000.wav"; s22="$V/inputs/speech_22050.wav"

expect_exit 0 "seed set at native rate" -- "$SER" features --sr native -o "$TMP/a.csv" "$s16" "$s22"
head -1 "$TMP/a.csv" | grep -q '^path,label,speaker,corpus,mfcc1_mean,mfcc2_mean,' && ok "CSV header" || fail "CSV header: $(head -c 200 "$TMP/a.csv")"
[ "$(head -1 "$TMP/a.csv" | tr ',' '\n' | wc -l)" -eq 324 ] && ok "324 columns" || fail "column count"
[ "$(head -1 "$TMP/a.csv" | tr ',' '\n' | tail -1)" = contrast7_var ] && ok "last column contrast7_var" || fail "last column"
[ "$(wc -l < "$TMP/a.csv")" -eq 3 ] && ok "one row per file" || fail "row count $(wc -l < "$TMP/a.csv")"
# |ours - agg320_f64| <= 1e-6 + 1e-4 |ref| (the golden target; %.9g output)
agg_ok() {
    local row stem bad=0
    [ "$(wc -l < "$TMP/a.csv")" -eq 3 ] || return 1
    head -1 "$TMP/a.csv" | tr ',' '\n' | tail -n +5 >"$TMP/names"
    for row in 2 3; do
        stem=$(sed -n "${row}p" "$TMP/a.csv" | cut -d, -f1); stem=${stem##*/}; stem=${stem%.*}
        sed -n "${row}p" "$TMP/a.csv" | tr ',' '\n' | tail -n +5 >"$TMP/ours"
        "$SERTEST" json-list "$V/$stem.json" variants.native.agg320_f64.data >"$TMP/ref" || return 1
        [ "$(wc -l < "$TMP/ours")" -eq "$(wc -l < "$TMP/ref")" ] || return 1
        paste "$TMP/names" "$TMP/ours" "$TMP/ref" | awk -v s="$stem" 'function abs(x) {return x < 0 ? -x : x}
            abs($2 - $3) > 1e-6 + 1e-4 * abs($3) {print s, $1, $2, $3; bad++} END {exit bad > 0}' || bad=1
    done
    return $bad
}
if agg_ok
then ok "values match librosa agg320_f64 (rtol 1e-4)"; else fail "values differ from agg320_f64"; fi

expect_exit 0 "-j 2" -- "$SER" features --sr native -j 2 -o "$TMP/b.csv" "$s16" "$s22" "$V/inputs/whitenoise_16000.wav"
expect_exit 0 "-j 1" -- "$SER" features --sr native -j 1 -o "$TMP/c.csv" "$s16" "$s22" "$V/inputs/whitenoise_16000.wav"
cmp -s "$TMP/b.csv" "$TMP/c.csv" && ok "-j 1 and -j 2 give identical bytes" || fail "-j 1 and -j 2 differ"

# corpus naming gives label, speaker, corpus
rav="$SER_SHARED/data/ravdess/Actor_01"
expect_exit 0 "a RAVDESS folder, prosody set" -- "$SER" features --set prosody_yin --labels angry -o "$TMP/r.csv" "$rav"
grep -q ',angry,ravdess:01,ravdess,' "$TMP/r.csv" && ok "label, speaker, corpus from the file name" || fail "metadata: $(sed -n 2p "$TMP/r.csv" | head -c 200)"
[ "$(wc -l < "$TMP/r.csv")" -eq 9 ] && ok "--labels angry keeps 8 RAVDESS clips" || fail "angry rows $(wc -l < "$TMP/r.csv")"
head -1 "$TMP/r.csv" | grep -q ',f0_mean,' && ok "prosody names" || fail "prosody names"

# 8 kHz: seed and full work; contrast row 7 (3200 Hz..) is absent below 12.8 kHz -> 0
expect_exit 0 "full set at 8 kHz" -- "$SER" features --sr 8000 --set full -o "$TMP/e.json" "$s16"
full8k_ok() {
    local f="$TMP/e.json" dim
    dim=$("$SERTEST" json-get "$f" dim) || return 1
    [ "$("$SERTEST" json-get "$f" sample_rate)" = 8000 ] || return 1
    "$SERTEST" json-list "$f" names >"$TMP/n8" && "$SERTEST" json-list "$f" rows.0.values >"$TMP/v8" || return 1
    [ "$(wc -l < "$TMP/n8")" -eq "$dim" ] && [ "$(wc -l < "$TMP/v8")" -eq "$dim" ] || return 1
    paste "$TMP/n8" "$TMP/v8" | awk '
        $2 !~ /^-?[0-9]/ || $2 ~ /[iInN]/ {bad++}   # null, inf, nan
        {v[$1] = $2}
        END {exit !(bad == 0 && v["contrast7_mean"] == 0 && v["contrast6_mean"] != 0 && v["mfcc1_delta_var"] > 0)}'
}
if full8k_ok
then ok "8 kHz full set: finite, contrast7 0, deltas present"; else fail "8 kHz full set"; fi

expect_exit 0 "npy output" -- "$SER" features --format npy -o "$TMP/f.npy" "$s16" "$s22"
[ "$("$SERTEST" npy-shape "$TMP/f.npy")" = "<f8 2,320" ] \
    && ok "npy shape (2, 320) float64" || fail "npy output"
expect_exit 0 "composed set to stdout" -- "$SER" features --set 'mfcc20:mean,p90+rms:slope' -o - "$s16"
head -1 "$TMP/out" | grep -q ',mfcc20_p90,rms_slope$' && ok "composed names" || fail "composed names: $(head -c 300 "$TMP/out")"

printf 'RIFF junk, not audio' > "$TMP/03-01-05-01-01-01-01.wav"
expect_exit 3 "a bad file among good ones" -- "$SER" features -o "$TMP/g.csv" "$s16" "$TMP/03-01-05-01-01-01-01.wav"
expect_grep "$TMP/err" "03-01-05-01-01-01-01.wav" "bad file listed"
[ "$(wc -l < "$TMP/g.csv")" -eq 2 ] && ok "the good file is written" || fail "rows after a bad file"
expect_exit 1 "only bad files" -- "$SER" features -o "$TMP/h.csv" "$TMP/03-01-05-01-01-01-01.wav"
expect_exit 1 "missing input" -- "$SER" features -o "$TMP/h.csv" "$TMP/none.wav"
[ ! -e "$TMP/h.csv" ] && ok "nothing written when nothing is usable" || fail "written though nothing usable"

expect_exit 2 "no -o" -- "$SER" features "$s16"
expect_exit 2 "no input" -- "$SER" features -o "$TMP/x.csv"
expect_exit 2 "unknown set" -- "$SER" features --set bogus -o "$TMP/x.csv" "$s16"
expect_grep "$TMP/err" "bogus" "unknown set named"
expect_exit 2 "bad statistic" -- "$SER" features --set 'mfcc:median' -o "$TMP/x.csv" "$s16"
expect_exit 2 "bad -j" -- "$SER" features -j 0 -o "$TMP/x.csv" "$s16"
expect_exit 2 "bad format" -- "$SER" features --format xls -o "$TMP/x.csv" "$s16"
expect_exit 2 "unknown label" -- "$SER" features --labels grumpy -o "$TMP/x.csv" "$s16"
finish

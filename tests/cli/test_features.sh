#!/usr/bin/env bash
# ser features: CSV layout, values against librosa's agg320 (--sr native),
# thread-count invariance, corpus labels, 8 kHz, bad files, usage errors.
. "$(dirname "$0")/lib.sh"
V="$SER_SHARED/vectors"
PY=/usr/bin/python3
s16="$V/inputs/speech_16000.wav"; s22="$V/inputs/speech_22050.wav"

expect_exit 0 "seed set at native rate" -- "$SER" features --sr native -o "$TMP/a.csv" "$s16" "$s22"
head -1 "$TMP/a.csv" | grep -q '^path,label,speaker,corpus,mfcc1_mean,mfcc2_mean,' && ok "CSV header" || fail "CSV header: $(head -c 200 "$TMP/a.csv")"
[ "$(head -1 "$TMP/a.csv" | tr ',' '\n' | wc -l)" -eq 324 ] && ok "324 columns" || fail "column count"
[ "$(head -1 "$TMP/a.csv" | tr ',' '\n' | tail -1)" = contrast7_var ] && ok "last column contrast7_var" || fail "last column"
[ "$(wc -l < "$TMP/a.csv")" -eq 3 ] && ok "one row per file" || fail "row count $(wc -l < "$TMP/a.csv")"
# |ours - agg320_f64| <= 1e-6 + 1e-4 |ref| (the golden target; %.9g output)
if $PY - "$TMP/a.csv" "$V" <<'PYEOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
bad = 0
for r in rows[1:]:
    stem = r[0].rsplit('/', 1)[1][:-4]
    ref = json.load(open('%s/%s.json' % (sys.argv[2], stem)))['variants']['native']['agg320_f64']['data']
    for name, x, y in zip(rows[0][4:], r[4:], ref):
        if abs(float(x) - y) > 1e-6 + 1e-4 * abs(y):
            print(stem, name, x, y); bad += 1
sys.exit(1 if bad or len(rows) != 3 else 0)
PYEOF
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
if $PY - "$TMP/e.json" <<'PYEOF'
import json, math, sys
d = json.load(open(sys.argv[1]))
v = d['rows'][0]['values']; n = d['names']
ok = d['sample_rate'] == 8000 and len(v) == len(n) == d['dim'] and all(x is not None and math.isfinite(x) for x in v)
ok = ok and v[n.index('contrast7_mean')] == 0 and v[n.index('contrast6_mean')] != 0 and v[n.index('mfcc1_delta_var')] > 0
sys.exit(0 if ok else 1)
PYEOF
then ok "8 kHz full set: finite, contrast7 0, deltas present"; else fail "8 kHz full set"; fi

expect_exit 0 "npy output" -- "$SER" features --format npy -o "$TMP/f.npy" "$s16" "$s22"
$PY -c "import numpy,sys; a=numpy.load(sys.argv[1]); sys.exit(0 if a.shape==(2,320) and a.dtype=='<f8' else 1)" "$TMP/f.npy" \
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

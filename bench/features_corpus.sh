#!/usr/bin/env bash
# make bench: whole-process time of `ser features --set seed --sr native`
# over the full RAVDESS corpus (1440 files, 5329 s of 16 kHz audio), one
# and two threads, peak memory from /usr/bin/time -v, side by side with
# librosa's figures from ../shared/ANCHORS.md.  Run once; the machine is
# shared.  Usage: bench/features_corpus.sh [SER] [CORPUS]
set -u
SER=${1:-build/ser}
CORPUS=${2:-../shared/data/ravdess}
AUDIO_S=5329      # seconds of audio in RAVDESS (ANCHORS.md)
LIBROSA_S=26.7    # librosa seed set, soundfile decode, 1 thread
LIBROSA_LOAD_S=172.9 # same with librosa.load
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
[ -x "$SER" ] || { echo "no $SER: make build first" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 1; }

run() { # threads -> "wall_s peak_kib rows"
    /usr/bin/time -v "$SER" features --set seed --sr native -j "$1" -o "$OUT/f$1.csv" "$CORPUS" \
        2> "$OUT/time$1.txt" || { cat "$OUT/time$1.txt" >&2; exit 1; }
    local wall peak
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/time$1.txt")
    peak=$(awk -F': ' '/Maximum resident/{print $2}' "$OUT/time$1.txt")
    echo "$wall $peak $(($(wc -l < "$OUT/f$1.csv") - 1))"
}
# One untimed pass first, so every timed run reads the corpus from the page cache
# (as hyperfine's --warmup does; librosa's figures were taken warm too).
"$SER" features --set seed --sr native -j 2 -o "$OUT/warm.csv" "$CORPUS" 2>/dev/null
read -r w1 m1 n1 < <(run 1)
read -r w2 m2 n2 < <(run 2)
cmp -s "$OUT/f1.csv" "$OUT/f2.csv" && same="identical" || same="DIFFER"
awk -v w1="$w1" -v w2="$w2" -v m1="$m1" -v m2="$m2" -v n1="$n1" -v n2="$n2" -v a="$AUDIO_S" \
    -v l="$LIBROSA_S" -v ll="$LIBROSA_LOAD_S" -v same="$same" 'BEGIN {
    printf "seed set over RAVDESS (%d files, %d s of audio), --sr native, whole process\n", n1, a
    printf "%-34s %10s %12s %10s %10s %12s\n", "", "total s", "ms per clip", "RTF", "peak MiB", "speed-up"
    printf "%-34s %10.2f %12.2f %10.5f %10.1f %12.1fx\n", "ser, 1 thread", w1, 1000*w1/n1, w1/a, m1/1024, l/w1
    printf "%-34s %10.2f %12.2f %10.5f %10.1f %12.1fx\n", "ser, 2 threads", w2, 1000*w2/n2, w2/a, m2/1024, l/w2
    printf "%-34s %10.2f %12.2f %10.5f %10s %12s\n", "librosa (ANCHORS.md), 1 thread", l, 1000*l/1440, l/a, "-", "1.0x"
    printf "%-34s %10.2f %12.2f %10.5f %10s %12.2fx\n", "librosa + librosa.load", ll, 1000*ll/1440, ll/a, "-", l/ll
    printf "ser 1 thread vs librosa.load: %.0fx faster; -j 1 and -j 2 outputs %s\n", ll/w1, same
}'
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 0 --runs 3 \
        "$SER features --set seed --sr native -j 1 -o $OUT/h.csv $CORPUS" \
        "$SER features --set seed --sr native -j 2 -o $OUT/h.csv $CORPUS"
fi

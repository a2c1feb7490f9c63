#!/usr/bin/env bash
# A batch over a folder with unreadable, truncated, empty, garbage files, a
# dangling symbolic link and a FIFO named like audio: `ser features` and `ser predict`
# finish the good files, list every bad one (stderr; predict --json also
# as {"path","error"} lines) and exit 3.  chmod 000 does not stop root: as
# root the commands run as nobody (setpriv) so that the mode counts; without
# setpriv the unreadable file is left out, with the reason.
. "$(dirname "$0")/../cli/lib.sh"
V="$SER_SHARED/vectors/inputs"
B="$TMP/batch/angry"   # a label folder: the files get the label "angry"
mkdir -p "$B"
cp "$V/speech_16000.wav" "$B/good1.wav"
cp "$V/speech_22050.wav" "$B/good2.wav"
head -c 20000 "$V/speech_16000.wav" >"$B/truncated.wav"
: >"$B/empty.wav"
"$SERTEST" feature-csv "$B/garbage.flac" 1 1 3 angry 0   # text, not FLAC
ln -s "$TMP/nowhere.wav" "$B/dangling.wav"
mkfifo "$B/fifo.wav"
bad="truncated.wav empty.wav garbage.flac dangling.wav fifo.wav"

as_user=()
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$TMP"
    nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    # nobody must reach the files and the program (a build under a private
    # home folder would not let it)
    if command -v setpriv >/dev/null && "${nobody[@]}" cat "$B/good1.wav" >/dev/null 2>&1 &&
        "${nobody[@]}" "$SER" --help >/dev/null 2>&1; then
        as_user=("${nobody[@]}")
    else
        echo "# skip the unreadable file: running as root, and cannot run as nobody here"
    fi
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    cp "$V/speech_16000.wav" "$B/unreadable.wav"
    chmod 000 "$B/unreadable.wav"
    bad="$bad unreadable.wav"
fi

# a model of the seed set, trained on perturbed copies of the good rows
"$SER" features -o "$TMP/good.csv" "$B/good1.wav" "$B/good2.wav" 2>/dev/null
awk -F, -v OFS=, 'NR == 1 {print; next} {for (i = 0; i < 10; i++) {$1 = "c" NR "_" i ".wav"; $2 = i % 2 ? "angry" : "sad"; $5 += i % 2 ? 50 : -50; print}}' \
    "$TMP/good.csv" >"$TMP/train.csv"
expect_exit 0 "a seed-set model" -- "$SER" train --features "$TMP/train.csv" --set seed --search none --cv 2 -o "$TMP/m.model"

# check CMD: exit 3, good files done, each bad one listed
listed() {
    local f
    for f in $bad; do
        grep -q "$f" "$TMP/err" && ok "$1: $f listed" || fail "$1: $f not listed: $(head -c 600 "$TMP/err")"
    done
}

expect_exit 3 "features over the folder" -- timeout 120 "${as_user[@]}" "$SER" features -o - "$TMP/batch"
[ "$(grep -c '/good[12]\.wav,angry' "$TMP/out")" -eq 2 ] && ok "features: both good files analysed" || fail "features: $(head -c 300 "$TMP/out")"
[ "$(wc -l <"$TMP/out")" -eq 3 ] && ok "features: header + 2 rows" || fail "features: $(wc -l <"$TMP/out") lines"
listed features

expect_exit 3 "predict --json over the folder" -- timeout 120 "${as_user[@]}" "$SER" predict -m "$TMP/m.model" --json "$TMP/batch"
[ "$(grep -c '/good[12]\.wav","label":"' "$TMP/out")" -eq 2 ] && ok "predict: both good files labelled" || fail "predict: $(head -c 300 "$TMP/out")"
listed predict
n_err=$(grep -c '"error":"' "$TMP/out")
echo "# predict --json: $n_err error lines (files that reach the decoder; the scan lists the others on stderr)"

expect_exit 1 "only bad files: exit 1" -- timeout 120 "${as_user[@]}" "$SER" features -o - "$B/truncated.wav" "$B/empty.wav"
chmod 644 "$B/unreadable.wav" 2>/dev/null
finish

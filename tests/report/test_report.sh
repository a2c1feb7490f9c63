#!/usr/bin/env bash
# ser eda on 60 EmoDB clips (a manifest): every SVG parses (xmllint), the
# page loads in headless chromium and its DOM holds every plot with marks,
# the screenshot is not blank, and summary.json / --json / the CSVs agree.
# chromium and xmllint are required (make test installs them): missing
# tools fail the test, they do not skip it.
source "$(dirname "$0")/../cli/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}

[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] && ok "chromium present" || fail "chromium not installed (scripts/install-deps installs it)"
command -v xmllint >/dev/null && ok "xmllint present" || fail "xmllint not installed (libxml2-utils)"

EMODB="$SER_SHARED/data/emodb"
# EmoDB emotion letter -> label; every 9th file = 60 clips over 7 classes.
ls "$EMODB"/*.flac | awk 'NR % 9 == 1' | awk -F/ 'BEGIN {
    m["W"]="angry"; m["L"]="boredom"; m["E"]="disgust"; m["A"]="fearful"; m["F"]="happy"; m["T"]="sad"; m["N"]="neutral"
    print "path,label" }
    { f = $NF; print $0 "," m[substr(f, 6, 1)] }' >"$TMP/emodb60.csv"
[ "$(wc -l <"$TMP/emodb60.csv")" -eq 61 ] && ok "manifest of 60 clips" || fail "manifest: $(wc -l <"$TMP/emodb60.csv") lines"

expect_exit 0 "eda --help" -- "$SER" eda --help
expect_grep "$TMP/out" "^Usage: ser eda" "help text"
expect_exit 2 "eda without -o" -- "$SER" eda "$TMP/emodb60.csv"
expect_exit 2 "eda with a bad --set" -- "$SER" eda --set nosuch -o "$TMP/x" "$TMP/emodb60.csv"

OUT="$TMP/eda"
expect_exit 0 "eda on 60 EmoDB clips" -- "$SER" eda -j 2 --json -o "$OUT" "$TMP/emodb60.csv"
cp "$TMP/out" "$TMP/eda.json"

# --json equals summary.json; counts agree with the manifest and the CSVs.
$PY - "$TMP/eda.json" "$OUT" "$TMP/emodb60.csv" <<'PYEOF' >"$TMP/checks" 2>&1 && ok "summary, --json and CSVs agree" || fail "summary checks: $(cat "$TMP/checks")"
import csv, json, sys
j = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2] + "/summary.json"))
assert j == s, "--json differs from summary.json"
rows = list(csv.DictReader(open(sys.argv[3])))
want = {}
for r in rows: want[r["label"]] = want.get(r["label"], 0) + 1
assert j["total"] == 60 and j["labels"] == want, (j["total"], j["labels"], want)
got = {}
for r in csv.DictReader(open(sys.argv[2] + "/class_distribution.csv")): got[r["label"]] = got.get(r["label"], 0) + int(r["count"])
assert got == want, ("class_distribution.csv", got, want)
assert len(list(csv.DictReader(open(sys.argv[2] + "/pca.csv")))) == 60
r = j["pca_explained_variance_ratio"]
assert all(0 <= a <= 1 for a in r) and all(r[i] >= r[i + 1] for i in range(len(r) - 1)) and sum(r) <= 1 + 1e-9, r
with open(sys.argv[2] + "/correlation.csv") as f:
    header = f.readline().rstrip("\n").split(",")
assert len(header) - 1 == j["correlation_features"] == 320 + 18, len(header)
PYEOF

# Every plot is its own well-formed SVG.
n_svg=0
for f in "$OUT"/*.svg; do
    n_svg=$((n_svg + 1))
    xmllint --noout "$f" 2>"$TMP/xml" || fail "$(basename "$f") is not well-formed XML: $(head -c 300 "$TMP/xml")"
done
[ "$n_svg" -ge 5 ] && ok "$n_svg SVG files parse (xmllint)" || fail "only $n_svg SVG files"
grep -q -E '<script|https?://[^"]*\.(js|css)' "$OUT/index.html" && fail "index.html has a script or external resource" || ok "index.html has no script, no external resource"

# The page in headless chromium: DOM after load, then a screenshot.
chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
        --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" "$@" 2>>"$TMP/chrome.log"
}
if [ -n "$CHROMIUM" ]; then
    chrome --dump-dom "file://$OUT/index.html" >"$TMP/dom.html"
    [ -s "$TMP/dom.html" ] && ok "chromium dumped the DOM" || fail "empty DOM dump: $(tail -c 400 "$TMP/chrome.log")"
    $PY "$HERE/dom_marks.py" "$TMP/dom.html" >"$TMP/marks"
    # plot id, mark element, at least how many
    while read -r id tag min; do
        got=$(awk -v i="$id" -v t="$tag" '$1 == i && $2 == t {print $3}' "$TMP/marks")
        [ "${got:-0}" -ge "$min" ] && ok "$id: $got <$tag> marks" || fail "$id: ${got:-0} <$tag> marks, want >= $min"
    done <<'MARKS'
class-distribution rect 7
duration-histogram rect 1
feature-correlation path 10
pca-scatter circle 60
prosody-f0-mean-hz rect 7
prosody-energy-mean rect 7
prosody-speaking-rate rect 7
MARKS
    chrome --window-size=1200,1600 --screenshot="$TMP/eda.png" "file://$OUT/index.html" >/dev/null
    printf '<html><body style="background:#fff"></body></html>' >"$TMP/blank.html"
    chrome --window-size=1200,1600 --screenshot="$TMP/blank.png" "file://$TMP/blank.html" >/dev/null
    size=$(stat -c %s "$TMP/eda.png" 2>/dev/null || echo 0)
    blank=$(stat -c %s "$TMP/blank.png" 2>/dev/null || echo 0)
    [ "$size" -gt 20000 ] && [ "$size" -gt $((blank * 5)) ] && ok "screenshot $size bytes (blank page $blank)" \
        || fail "screenshot too small: $size bytes (blank page $blank)"
    read -r w h ink < <($PY "$HERE/png_ink.py" "$TMP/eda.png" 2>&1)
    $PY -c "import sys; sys.exit(0 if float('${ink:-0}') > 0.03 else 1)" 2>/dev/null \
        && ok "screenshot ${w}x${h}: ${ink} of the pixels are not white" || fail "screenshot blank? ink ${ink:-?}"
    [ -n "${SER_KEEP_SCREENSHOT:-}" ] && cp "$TMP/eda.png" "$SER_KEEP_SCREENSHOT"
fi
# ser evaluate --report on the same clips' seed features (3-fold, no search:
# a small, quick run; the figures themselves are not the point here).
expect_exit 0 "features of the 60 clips" -- "$SER" features -j 2 -o "$TMP/f.csv" "$TMP/emodb60.csv"
EV="$TMP/ev"
expect_exit 0 "evaluate --report" -- "$SER" evaluate --features "$TMP/f.csv" --split kfold --outer-folds 3 \
    --search none --cv 2 --json --report "$EV" --predictions-out "$TMP/pred.csv"
cp "$TMP/out" "$TMP/ev.json"
# evaluation.json holds --json's figures; pooled ROC AUC per class equals
# the pairwise (Mann-Whitney) AUC of the pooled probabilities (roc_scores.csv,
# %.17g; ties count 1/2, as sklearn's roc_auc_score; tolerance 1e-12),
# which equal --predictions-out's (6 digits).  Python stdlib only.
$PY - "$TMP/ev.json" "$EV" "$TMP/pred.csv" <<'PYEOF' >"$TMP/checks" 2>&1 && ok "evaluation.json matches --json; AUC matches the pairwise AUC" || fail "evaluation report checks: $(cat "$TMP/checks")"
import csv, json, sys
def roc_auc_score(y, s):
    pos = [v for t, v in zip(y, s) if t]; neg = [v for t, v in zip(y, s) if not t]
    return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))
j = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2] + "/evaluation.json"))
for key in ("labels", "accuracy", "accuracy_std", "uar", "uar_std", "f1_macro", "per_class", "confusion"):
    assert j[key] == r[key], key
rows = list(csv.DictReader(open(sys.argv[2] + "/roc_scores.csv")))
pred = list(csv.DictReader(open(sys.argv[3])))
assert len(rows) == len(pred) == 60
for lab in j["labels"]:
    a = sorted((x["label"], float(x["p_" + lab])) for x in rows)
    b = sorted((x["label"], float(x["p_" + lab])) for x in pred)
    assert all(u[0] == v[0] and abs(u[1] - v[1]) < 1e-5 for u, v in zip(a, b)), ("scores differ", lab)
for lab in j["labels"]:
    y = [1 if x["label"] == lab else 0 for x in rows]
    s = [float(x["p_" + lab]) for x in rows]
    ref = roc_auc_score(y, s)
    assert abs(r["roc_auc_pooled"][lab] - ref) < 1e-12, (lab, r["roc_auc_pooled"][lab], ref)
pc = list(csv.DictReader(open(sys.argv[2] + "/per_class.csv")))
assert [x["label"] for x in pc] == j["labels"]
assert all(abs(float(x["recall"]) - j["per_class"][x["label"]]["recall"]) < 1e-6 for x in pc)
PYEOF
for f in "$EV"/*.svg; do
    xmllint --noout "$f" 2>"$TMP/xml" || fail "$(basename "$f") is not well-formed XML: $(head -c 300 "$TMP/xml")"
done
if [ -n "$CHROMIUM" ]; then
    chrome --dump-dom "file://$EV/index.html" >"$TMP/evdom.html"
    $PY "$HERE/dom_marks.py" "$TMP/evdom.html" >"$TMP/marks"
    while read -r id tag min; do
        got=$(awk -v i="$id" -v t="$tag" '$1 == i && $2 == t {print $3}' "$TMP/marks")
        [ "${got:-0}" -ge "$min" ] && ok "$id: $got <$tag> marks" || fail "$id: ${got:-0} <$tag> marks, want >= $min"
    done <<'MARKS'
confusion-counts rect 49
confusion-normalised rect 49
split-scores rect 6
roc-curves polyline 7
MARKS
    grep -c '<li>' "$TMP/evdom.html" | awk '{exit !($1 >= 1)}' && ok "confused pairs listed" || fail "no confused pairs"
    chrome --window-size=1200,1600 --screenshot="$TMP/ev.png" "file://$EV/index.html" >/dev/null
    read -r w h ink < <($PY "$HERE/png_ink.py" "$TMP/ev.png" 2>&1)
    $PY -c "import sys; sys.exit(0 if float('${ink:-0}') > 0.03 else 1)" 2>/dev/null \
        && ok "evaluation screenshot ${w}x${h}: ${ink} of the pixels are not white" || fail "evaluation screenshot blank? ink ${ink:-?}"
fi
finish

#!/usr/bin/env bash
# Reports on 60 EmoDB clips (a manifest): `ser eda`, `ser evaluate --report`
# (with --compare; and --kind cnn: per-split learning curves) and `ser train
# --report` (SVM grid, forest search, CNN curves).
# Every SVG parses (xmllint), each page loads in headless chromium and its
# DOM holds every plot with marks (sertest dom-marks), the screenshot is not
# blank (sertest png-ink), and the report's JSON/CSV agree with --json.
# chromium and xmllint are required (make test installs them): missing tools
# fail the test, they do not skip it.  No Python.
source "$(dirname "$0")/lib.sh"

# sertest png-ink itself: a white page has no ink.
if [ -n "$CHROMIUM" ]; then
    printf '<html><body style="background:#fff"></body></html>' >"$TMP/blank.html"
    chrome --window-size=400,300 --screenshot="$TMP/blank.png" "file://$TMP/blank.html" >/dev/null
    [ "$("$SERTEST" png-ink "$TMP/blank.png")" = "400 300 0.000000" ] && ok "png-ink: a blank page has no ink" \
        || fail "png-ink on a blank page: $("$SERTEST" png-ink "$TMP/blank.png" 2>&1)"
fi

EMODB="$SER_SHARED/data/emodb"
# EmoDB emotion letter -> label, speaker = the first two digits (this copy
# of EmoDB is cut to 2 s clips: flat durations); every 9th
# file = 60 clips over 7 classes and 10 speakers.
ls "$EMODB"/*.flac | awk 'NR % 9 == 1' | awk -F/ 'BEGIN {
    m["W"]="angry"; m["L"]="boredom"; m["E"]="disgust"; m["A"]="fearful"; m["F"]="happy"; m["T"]="sad"; m["N"]="neutral"
    print "path,label,speaker" }
    { f = $NF; print $0 "," m[substr(f, 6, 1)] "," substr(f, 1, 2) }' >"$TMP/emodb60.csv"
[ "$(wc -l <"$TMP/emodb60.csv")" -eq 61 ] && ok "manifest of 60 clips" || fail "manifest: $(wc -l <"$TMP/emodb60.csv") lines"

# ---------------------------------------------------------------- ser eda
expect_exit 0 "eda --help" -- "$SER" eda --help
expect_grep "$TMP/out" "^Usage: ser eda" "help text"
expect_exit 2 "eda without -o" -- "$SER" eda "$TMP/emodb60.csv"
expect_exit 2 "eda with a bad --set" -- "$SER" eda --set nosuch -o "$TMP/x" "$TMP/emodb60.csv"

OUT="$TMP/eda"
expect_exit 0 "eda on 60 EmoDB clips" -- "$SER" eda -j 2 --json -o "$OUT" "$TMP/emodb60.csv"
cp "$TMP/out" "$TMP/eda.json"
"$SERTEST" json-equal "$TMP/eda.json" "$OUT/summary.json" && ok "--json equals summary.json" || fail "--json differs from summary.json"
[ "$("$SERTEST" json-get "$TMP/eda.json" total)" = 60 ] && ok "total 60" || fail "total $("$SERTEST" json-get "$TMP/eda.json" total)"
# Per label: the manifest's count = summary's = class_distribution.csv's sum.
bad=0
while read -r lab n; do
    s=$("$SERTEST" json-get "$TMP/eda.json" "labels.$lab")
    c=$(awk -F, -v l="$lab" 'NR > 1 && $1 == l {t += $3} END {print t + 0}' "$OUT/class_distribution.csv")
    [ "$s" = "$n" ] && [ "$c" = "$n" ] || { bad=1; fail "label $lab: manifest $n, summary $s, class_distribution.csv $c"; }
done < <(awk -F, 'NR > 1 {n[$2]++} END {for (l in n) print l, n[l]}' "$TMP/emodb60.csv")
[ "$bad" = 0 ] && ok "class counts: manifest = summary = class_distribution.csv"
nspk=$(awk -F, 'NR > 1 {print $3}' "$TMP/emodb60.csv" | sort -u | wc -l)
[ "$(awk -F, 'NR > 1 {t += $3} END {print t}' "$OUT/speaker_distribution.csv")" = 60 ] \
    && [ "$(awk -F, 'NR > 1 {print $1}' "$OUT/speaker_distribution.csv" | sort -u | wc -l)" = "$nspk" ] \
    && [ "$("$SERTEST" json-get "$TMP/eda.json" speakers)" = "$nspk" ] \
    && ok "speaker_distribution.csv: 60 clips over the manifest's $nspk speakers" || fail "speaker_distribution.csv / speakers"
[ "$(($(wc -l <"$OUT/pca.csv") - 1))" = 60 ] && ok "pca.csv has 60 rows" || fail "pca.csv rows: $(wc -l <"$OUT/pca.csv")"
"$SERTEST" json-list "$TMP/eda.json" pca_explained_variance_ratio | awk '
    { if ($1 < 0 || $1 > 1 || (NR > 1 && $1 > prev)) bad = 1; prev = $1; s += $1 }
    END { exit !(NR >= 2 && !bad && s <= 1 + 1e-9) }' && ok "PCA explained variance ratios in [0, 1], descending, sum <= 1" \
    || fail "PCA ratios: $("$SERTEST" json-get "$TMP/eda.json" pca_explained_variance_ratio)"
ncorr=$(($(head -1 "$OUT/correlation.csv" | tr ',' '\n' | wc -l) - 1))
[ "$ncorr" = "$("$SERTEST" json-get "$TMP/eda.json" correlation_features)" ] && [ "$ncorr" = 338 ] \
    && ok "correlation.csv: 338 features (320 + 18 prosodic)" || fail "correlation.csv has $ncorr features"
# The clustered order is a permutation of the features (each once).
[ "$(awk -F, 'NR > 1 {print $1}' "$OUT/correlation.csv" | sort -u | wc -l)" = 338 ] && ok "correlation order is a permutation" \
    || fail "correlation rows are not the 338 features once each"
check_svgs "$OUT" 5
[ -n "$CHROMIUM" ] && check_page "$OUT" eda <<'MARKS'
class-distribution rect 7
duration-histogram rect 1
feature-correlation path 10
speaker-distribution rect 10
duration-by-class rect 7
pca-scatter circle 60
prosody-f0-mean-hz rect 7
prosody-f0-mean-hz path 7
prosody-energy-mean rect 7
prosody-speaking-rate rect 7
MARKS

# ------------------------------------------------------ ser evaluate --report
# The same clips' seed features, 3-fold outer, small grids: quick runs (the
# figures themselves are not the point here).
expect_exit 0 "features of the 60 clips" -- "$SER" features -j 2 -o "$TMP/f.csv" "$TMP/emodb60.csv"
expect_exit 0 "evaluate --kind forest --json (for --compare)" -- "$SER" evaluate --features "$TMP/f.csv" --kind forest \
    --split kfold --outer-folds 3 --search none --cv 2 --json
cp "$TMP/out" "$TMP/forest.json"
EV="$TMP/ev"
expect_exit 0 "evaluate --report --compare" -- "$SER" evaluate --features "$TMP/f.csv" --split kfold --outer-folds 3 \
    --search grid --cv 2 --json --report "$EV" --predictions-out "$TMP/pred.csv" \
    --compare "$TMP/forest.json"
cp "$TMP/out" "$TMP/ev.json"
expect_exit 2 "evaluate --compare without --report" -- "$SER" evaluate --features "$TMP/f.csv" --compare "$TMP/forest.json"
expect_exit 1 "evaluate --compare with a file that is not a result" -- "$SER" evaluate --features "$TMP/f.csv" \
    --split kfold --outer-folds 3 --search none --cv 2 --report "$TMP/ev2" --compare "$TMP/f.csv"
# evaluation.json holds --json's figures.
for key in labels accuracy accuracy_std uar uar_std f1_macro per_class confusion; do
    [ "$("$SERTEST" json-get "$TMP/ev.json" "$key")" = "$("$SERTEST" json-get "$EV/evaluation.json" "$key")" ] \
        || fail "evaluation.json $key differs from --json"
done && ok "evaluation.json matches --json"
[ "$(($(wc -l <"$EV/roc_scores.csv") - 1))" = 60 ] && [ "$(($(wc -l <"$TMP/pred.csv") - 1))" = 60 ] \
    && ok "60 pooled scores, 60 predictions" || fail "roc_scores.csv / predictions rows"
# Pooled ROC AUC per class = the pairwise (Mann-Whitney) AUC of the pooled
# probabilities (roc_scores.csv, %.17g; ties 1/2, as sklearn's
# roc_auc_score; tolerance 1e-12); those scores equal --predictions-out's
# (6 digits: tolerance 1e-5).
col() { head -1 "$1" | tr ',' '\n' | grep -n -x -- "$2" | cut -d: -f1; }
for lab in $("$SERTEST" json-list "$TMP/ev.json" labels); do
    a=$(col "$EV/roc_scores.csv" "p_$lab"); b=$(col "$TMP/pred.csv" "p_$lab"); lb=$(col "$TMP/pred.csv" label)
    paste -d' ' <(awk -F, -v c="$a" 'NR > 1 {print $1, $c}' "$EV/roc_scores.csv" | sort -k1,1 -k2,2g) \
        <(awk -F, -v c="$b" -v l="$lb" 'NR > 1 {print $l, $c}' "$TMP/pred.csv" | sort -k1,1 -k2,2g) |
        awk '{d = $2 - $4; if (d < 0) d = -d; if ($1 != $3 || d > 1e-5) bad = 1} END {exit bad}' \
        || fail "$lab: roc_scores.csv and --predictions-out differ"
    ref=$("$SERTEST" auc-pairwise "$EV/roc_scores.csv" "$lab")
    got=$("$SERTEST" json-get "$EV/evaluation.json" "roc_auc_pooled.$lab")
    close "$got" "$ref" 1e-12 || fail "$lab: pooled AUC $got, pairwise $ref"
done && ok "pooled AUC per class = pairwise AUC; scores = --predictions-out's"
[ "$(awk -F, 'NR > 1 {print $1}' "$EV/per_class.csv" | tr '\n' ' ')" = "$("$SERTEST" json-list "$TMP/ev.json" labels | tr '\n' ' ')" ] \
    && ok "per_class.csv in label order" || fail "per_class.csv labels"
while IFS=, read -r lab p r f1 sup; do
    close "$r" "$("$SERTEST" json-get "$TMP/ev.json" "per_class.$lab.recall")" 1e-6 || fail "per_class.csv recall of $lab"
done < <(tail -n +2 "$EV/per_class.csv")
# Search: the grid per split, the selected points = --json's fold params.
[ "$(($(wc -l <"$EV/search.csv") - 1))" = 48 ] && ok "search.csv: 3 splits x 16 grid points" || fail "search.csv rows $(wc -l <"$EV/search.csv")"
for s in 0 1 2; do
    want=$("$SERTEST" json-get "$TMP/ev.json" "folds.$s.cv_score")
    got=$(awk -F, -v s="$((s + 1))" 'NR > 1 && $NF == 1 {n++; if (n == s) print $(NF - 4)}' "$EV/search.csv")
    close "$got" "$want" 1e-9 || fail "split $s: selected CV score $got in search.csv, $want in --json"
done && ok "search.csv marks each split's selected point with --json's CV score"
# Comparison: this run and forest.json, with --json's figures.
[ "$(awk -F, 'NR > 1' "$EV/comparison.csv" | wc -l)" = 2 ] && ok "comparison.csv: 2 models" || fail "comparison.csv rows"
close "$(awk -F, '$1 == "forest" {print $5}' "$EV/comparison.csv")" "$("$SERTEST" json-get "$TMP/forest.json" uar)" 1e-9 \
    && ok "comparison.csv holds forest.json's UAR" || fail "comparison.csv forest UAR"
check_svgs "$EV" 6
[ -n "$CHROMIUM" ] && check_page "$EV" evaluate <<'MARKS'
confusion-counts rect 49
confusion-normalised rect 49
split-scores rect 6
roc-curves polyline 7
search-grid rect 16
model-comparison rect 4
MARKS
grep -c '<li>' "$TMP/evaluate.dom" | awk '{exit !($1 >= 1)}' && ok "confused pairs listed" || fail "no confused pairs"

# ------------------------------------------------------ ser train --report
TR="$TMP/train-svm"
expect_exit 0 "train --kind svm --report" -- "$SER" train --features "$TMP/f.csv" --cv 2 \
    --report "$TR" -o "$TMP/svm.sermodel"
cp "$TMP/out" "$TMP/train.txt"
[ "$(($(wc -l <"$TR/search.csv") - 1))" = 16 ] && ok "train search.csv: 16 grid points" || fail "train search.csv rows"
# The printed table's selected row (*) = search.csv's selected row.
want=$(awk '$0 ~ / \* / {print $(NF - 3)}' "$TMP/train.txt")
got=$(awk -F, 'NR > 1 && $NF == 1 {print $(NF - 4)}' "$TR/search.csv")
close "$got" "$want" 1e-4 && ok "selected CV score $got = the printed table's" || fail "selected: search.csv $got, printed $want"
TF="$TMP/train-forest"
expect_exit 0 "train --kind forest --report" -- "$SER" train --features "$TMP/f.csv" --kind forest --search random \
    --n-iter 4 --cv 2 --report "$TF" -o "$TMP/forest.sermodel"
check_svgs "$TR" 1
check_svgs "$TF" 1
[ -n "$CHROMIUM" ] && check_page "$TR" train-svm <<'MARKS'
search-grid rect 16
MARKS
[ -n "$CHROMIUM" ] && check_page "$TF" train-forest <<'MARKS'
search-scatter circle 4
MARKS
# A small CNN (as tests/cnn/test_cnn.sh): learning curves from the model's
# cv_metrics; curves.csv = the header's curves, the kept epoch = its best_epoch.
TC="$TMP/train-cnn"
expect_exit 0 "train --kind cnn --report" -- "$SER" train "$TMP/emodb60.csv" --kind cnn --filters 8,16 --epochs 4 \
    --frames 64 --batch 8 -j 2 --report "$TC" -o "$TMP/cnn.sermodel"
"$SERTEST" model-header "$TMP/cnn.sermodel" >"$TMP/cnn-header.json"
n_ep=$("$SERTEST" json-get "$TMP/cnn-header.json" cv_metrics.n_epochs)
[ "$(($(wc -l <"$TC/curves.csv") - 1))" = "$n_ep" ] && ok "curves.csv: $n_ep epochs" || fail "curves.csv rows vs n_epochs $n_ep"
[ "$("$SERTEST" json-get "$TC/train.json" best_epoch)" = "$("$SERTEST" json-get "$TMP/cnn-header.json" cv_metrics.best_epoch)" ] \
    && ok "kept epoch = the model's best_epoch" || fail "best_epoch differs"
bad=0
for e in $(seq 1 "$n_ep"); do
    for k in train_loss val_acc; do
        c=$(head -1 "$TC/curves.csv" | tr ',' '\n' | grep -n -x "$k" | cut -d: -f1)
        close "$(awk -F, -v r="$((e + 1))" -v c="$c" 'NR == r {print $c}' "$TC/curves.csv")" \
            "$("$SERTEST" json-get "$TMP/cnn-header.json" "cv_metrics.curves.$k.$((e - 1))")" 1e-7 || bad=1
    done
done
[ "$bad" = 0 ] && ok "curves.csv = the model's curves (train_loss, val_acc; 1e-7)" || fail "curves.csv differs from the model"
check_svgs "$TC" 2
best=$("$SERTEST" json-get "$TMP/cnn-header.json" cv_metrics.best_epoch)
for f in learning-loss learning-accuracy; do
    grep -q ">kept epoch $best[;<]" "$TC/$f.svg" && grep -q 'stroke-dasharray="5 4"' "$TC/$f.svg" \
        && ok "$f.svg marks the kept epoch $best (dashed line, label)" || fail "$f.svg: no kept-epoch mark for epoch $best"
done
[ -n "$CHROMIUM" ] && check_page "$TC" train-cnn <<'MARKS'
learning-loss polyline 2
learning-accuracy polyline 2
MARKS
# ser evaluate --kind cnn --report: each outer split's learning curves.
# curves.csv (split,epoch,...,kept) against --json's folds: per split, its
# rows = the epochs run and the kept row = "epoch B/E"; the kept epoch's
# val_acc = the fold's cv_score (1e-7: %.9g in the CSV).
EC="$TMP/ev-cnn"
expect_exit 0 "evaluate --kind cnn --report" -- "$SER" evaluate "$TMP/emodb60.csv" --kind cnn --filters 8,16 --epochs 3 \
    --frames 64 --batch 8 -j 2 --split kfold --outer-folds 2 --json --report "$EC"
cp "$TMP/out" "$TMP/ev-cnn.json"
[ "$("$SERTEST" json-len "$TMP/ev-cnn.json" folds)" = 2 ] && ok "2 CNN splits" || fail "CNN folds: $("$SERTEST" json-len "$TMP/ev-cnn.json" folds)"
[ "$(head -1 "$EC/curves.csv")" = "split,epoch,train_loss,train_acc,val_loss,val_acc,kept" ] && ok "curves.csv header" \
    || fail "curves.csv header: $(head -1 "$EC/curves.csv")"
bad=0
for s in 0 1; do
    name=$("$SERTEST" json-get "$TMP/ev-cnn.json" "folds.$s.name")
    params=$("$SERTEST" json-get "$TMP/ev-cnn.json" "folds.$s.params")
    read -r be v k < <(awk -F, -v n="$name" 'NR > 1 && $1 == n {r++; if ($7 == 1) {k++; b = $2; v = $6}}
        END {printf "%d/%d %s %d\n", b, r, v, k}' "$EC/curves.csv")
    [ "epoch $be" = "$params" ] && [ "$k" = 1 ] || { bad=1; fail "split $name: curves.csv kept $be ($k kept rows), --json '$params'"; }
    close "$v" "$("$SERTEST" json-get "$TMP/ev-cnn.json" "folds.$s.cv_score")" 1e-7 || { bad=1; fail "split $name: kept val_acc $v"; }
done
[ "$bad" = 0 ] && ok "curves.csv per split = --json's folds (epochs run, kept epoch, its val_acc)"
check_svgs "$EC" 8
[ -n "$CHROMIUM" ] && check_page "$EC" evaluate-cnn <<'MARKS'
learning-1-loss polyline 2
learning-1-accuracy polyline 2
learning-2-loss polyline 2
learning-2-accuracy polyline 2
MARKS
finish

#!/usr/bin/env bash
# ser analyze --report: the HTML report of a call.  A small RAVDESS model
# (actors 1-4, neutral + angry, as tests/cli/test_analyze.sh) on calls of
# held-out actors: an angry call (it raises an alert), a stereo call with
# --analyze-agent (two tracks), a folder (one report per call); with the
# shipped default model, when the tree has it, EmoDB speaker 16 (held out
# of it) angry, neutral, angry: alert, calm, alert.
# Each report: every SVG parses (xmllint), chromium's DOM holds a timeline
# per analysed track with non-empty lines and exactly one alert / calm
# marker per alert / calm event of `ser analyze --json`, the page's
# duration and alert count are --json's, and call.json, timeline.csv,
# label_share.csv and alerts.csv hold --json's analysis.  chromium and
# xmllint are required (tests/report/lib.sh).  No Python.
source "$(dirname "$0")/lib.sh"
command -v sox >/dev/null && ok "sox present" || fail "sox not installed"

R="$SER_SHARED/data/ravdess"
train=$(for a in 01 02 03 04; do ls "$R/Actor_$a"/03-01-0[15]-*.flac; done)
expect_exit 0 "features (48 files)" -- "$SER" features --set seed --streaming -o "$TMP/f.csv" $train
expect_exit 0 "train" -- "$SER" train --features "$TMP/f.csv" --kind svm --search none -o "$TMP/m.model"
M="$TMP/m.model"
mkdir -p "$TMP/calls"
sox $(ls "$R"/Actor_1[3-6]/03-01-05-02-*.flac | head -4) "$TMP/calls/angry.wav"
sox $(ls "$R"/Actor_1[3-6]/03-01-01-01-*.flac | head -4) "$TMP/calls/neutral.wav"
sox -M "$TMP/calls/angry.wav" "$TMP/calls/neutral.wav" "$TMP/stereo.wav"

j() { "$SERTEST" json-get "$1" "$2"; }
# events JSON TRACK TYPE: the number of TYPE ("alert" | "calm") items of
# JSON's "alerts" on TRACK.
events() {
    local i n=0 len
    len=$("$SERTEST" json-len "$1" alerts)
    for ((i = 0; i < len; i++)); do
        [ "$(j "$1" "alerts.$i.track")" = "$2" ] && [ "$(j "$1" "alerts.$i.type")" = "$3" ] && n=$((n + 1))
    done
    echo "$n"
}
# dom_text NAME ID: the text of the element with that id in NAME's DOM dump.
dom_text() { grep -o "id=\"$2\">[^<]*" "$TMP/$1.dom" | head -1 | sed 's/^[^>]*>//'; }

# check_call_report DIR JSON NAME TRACK...: DIR is the report of the call
# whose `ser analyze --json` is JSON, with these analysed tracks.
check_call_report() {
    local dir=$1 json=$2 name=$3 t f n_labels alerts=0 calms=0 a c got
    shift 3
    for f in index.html call.json timeline.csv label_share.csv alerts.csv; do
        [ -s "$dir/$f" ] || fail "$name: no $f"
    done
    "$SERTEST" json-equal "$json" "$dir/call.json" && ok "$name: call.json = --json" || fail "$name: call.json differs from --json"
    n_labels=$("$SERTEST" json-len "$json" labels)
    [ "$(head -1 "$dir/timeline.csv")" = "t_start,t_end,track,type,label,$("$SERTEST" json-list "$json" labels | sed 's/^/p_/' | paste -sd,),frustration" ] \
        && ok "$name: timeline.csv header" || fail "$name: timeline.csv header: $(head -1 "$dir/timeline.csv")"
    [ "$(($(wc -l <"$dir/timeline.csv") - 1))" = "$("$SERTEST" json-len "$json" timeline)" ] \
        && ok "$name: timeline.csv: one row per event" || fail "$name: timeline.csv rows $(wc -l <"$dir/timeline.csv")"
    [ "$(($(wc -l <"$dir/alerts.csv") - 1))" = "$("$SERTEST" json-len "$json" alerts)" ] \
        && ok "$name: alerts.csv: one row per alert / calm" || fail "$name: alerts.csv rows"
    # The last event's frustration and label: the CSV's = --json's.
    local last=$(($("$SERTEST" json-len "$json" timeline) - 1))
    close "$(tail -1 "$dir/timeline.csv" | awk -F, '{print $NF}')" "$(j "$json" "timeline.$last.frustration")" 1e-5 \
        && [ "$(tail -1 "$dir/timeline.csv" | cut -d, -f5)" = "$(j "$json" "timeline.$last.label" | sed 's/^null$//')" ] \
        && ok "$name: timeline.csv last row = --json's" || fail "$name: timeline.csv last row: $(tail -1 "$dir/timeline.csv")"
    check_svgs "$dir" $((2 * $#))
    for t in "$@"; do
        while IFS=, read -r tr lab share; do
            [ "$tr" = "$t" ] && { close "$share" "$(j "$json" "tracks.$t.label_share.$lab")" 1e-5 || fail "$name: label_share.csv $t $lab"; }
        done < <(tail -n +2 "$dir/label_share.csv")
        echo "timeline-$t polyline $((n_labels + 1))"
        echo "label-share-$t rect 1"
    done >"$TMP/$name.want"
    check_page "$dir" "$name" <"$TMP/$name.want"
    # No empty line: every <polyline> has at least two points.
    grep -o '<polyline[^>]*points="[^"]*"' "$TMP/$name.dom" | sed 's/.*points="//; s/"$//' |
        awk '{ if (NF < 2) bad++ } END { exit !(NR > 0 && !bad) }' && ok "$name: every polyline has points" \
        || fail "$name: an empty polyline"
    for t in "$@"; do
        a=$(events "$json" "$t" alert) c=$(events "$json" "$t" calm)
        [ "$a" = "$(j "$json" "tracks.$t.alerts")" ] || fail "$name: $t: $a alert items, tracks.$t.alerts $(j "$json" "tracks.$t.alerts")"
        for kind in alert calm; do
            got=$(awk -v i="timeline-$t" -v k="line.$kind" '$1 == i && $2 == k {print $3}' "$TMP/$name.marks")
            want=$([ "$kind" = alert ] && echo "$a" || echo "$c")
            [ "${got:-0}" = "$want" ] && ok "$name: $t: ${got:-0} $kind marker(s) = --json's $kind events" \
                || fail "$name: $t: ${got:-0} $kind markers, --json has $want"
        done
        alerts=$((alerts + a)) calms=$((calms + c))
    done
    [ "$(dom_text "$name" call-alerts)" = "$alerts" ] && ok "$name: page says $alerts alert(s)" \
        || fail "$name: page says '$(dom_text "$name" call-alerts)' alerts, --json $alerts"
    [ "$(dom_text "$name" call-duration)" = "$(printf '%.2f s' "$(j "$json" duration)")" ] \
        && ok "$name: page's duration = --json's" || fail "$name: duration '$(dom_text "$name" call-duration)', --json $(j "$json" duration)"
    [ "$(grep -c '<tr class="alert">' "$TMP/$name.dom")" = "$alerts" ] && [ "$(grep -c '<tr class="calm">' "$TMP/$name.dom")" = "$calms" ] \
        && ok "$name: alerts table: $alerts alert and $calms calm row(s)" || fail "$name: alerts table rows"
}

expect_exit 0 "analyze --help mentions --report" -- "$SER" analyze --help
expect_grep "$TMP/out" '--report DIR' "help: --report"
expect_exit 2 "--report without a folder" -- "$SER" analyze -m "$M" "$TMP/calls/angry.wav" --report

expect_exit 0 "angry call: --json" -- "$SER" analyze -m "$M" --json "$TMP/calls/angry.wav"
cp "$TMP/out" "$TMP/angry.json"
[ "$(j "$TMP/angry.json" tracks.caller.alerts)" -ge 1 ] && ok "the angry call raises an alert" || fail "no alert in the angry call"
expect_exit 0 "angry call: --report" -- "$SER" analyze -m "$M" --report "$TMP/angry" "$TMP/calls/angry.wav"
expect_grep "$TMP/out" '^caller +[0-9]+%  angry' "--report keeps the readable report on stdout"
expect_grep "$TMP/err" "report written to $TMP/angry/index.html" "stderr names index.html"
check_call_report "$TMP/angry" "$TMP/angry.json" angry caller

expect_exit 0 "stereo --analyze-agent: --json" -- "$SER" analyze -m "$M" --json --agent-channel right --analyze-agent "$TMP/stereo.wav"
cp "$TMP/out" "$TMP/stereo.json"
expect_exit 0 "stereo --analyze-agent: --report" -- "$SER" analyze -m "$M" --json --agent-channel right --analyze-agent \
    --report "$TMP/stereo" "$TMP/stereo.wav"
check_call_report "$TMP/stereo" "$TMP/stereo.json" stereo caller agent

expect_exit 0 "a folder: one report per call" -- "$SER" analyze -m "$M" --report "$TMP/many" "$TMP/calls"
[ -s "$TMP/many/angry.wav/index.html" ] && [ -s "$TMP/many/neutral.wav/index.html" ] && [ ! -e "$TMP/many/index.html" ] \
    && ok "DIR/<file name>/index.html per call" || fail "folder reports: $(ls -R "$TMP/many" | head -20)"
[ "$(wc -l <"$TMP/out")" = 3 ] && ok "the CSV summary still on stdout" || fail "stdout: $(head -c 300 "$TMP/out")"
printf 'x' >"$TMP/file"
expect_exit 1 "--report into a file" -- "$SER" analyze -m "$M" --report "$TMP/file" "$TMP/calls/angry.wav"
expect_grep "$TMP/err" 'cannot create the folder' "the error names the folder"

# The shipped model on a held-out EmoDB speaker: angry, neutral, angry.
D="$SER_SOURCE_DIR/models/default.sermodel"
E="$SER_SHARED/data/emodb"
if [ -f "$D" ] && ls "$E"/16*W*.flac >/dev/null 2>&1; then
    sox $(ls "$E"/16*W*.flac | head -6) $(ls "$E"/16*N*.flac | head -8) $(ls "$E"/16*W*.flac | tail -6) -r 16000 -c 1 -b 16 \
        "$TMP/emodb16.wav"
    expect_exit 0 "default model: --json" -- "$SER" analyze -m "$D" --json "$TMP/emodb16.wav"
    cp "$TMP/out" "$TMP/emodb16.json"
    expect_exit 0 "default model: --report" -- "$SER" analyze -m "$D" --report "$TMP/emodb16" "$TMP/emodb16.wav"
    check_call_report "$TMP/emodb16" "$TMP/emodb16.json" emodb16 caller
else
    fail "no models/default.sermodel or no EmoDB speaker 16 under $E: the alert-calm-alert call cannot run"
fi
finish

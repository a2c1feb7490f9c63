# lib.sh - helpers for the report tests (source it): headless chromium,
# SVG and page checks.  chromium and xmllint are required (make test
# installs them): missing tools fail the test, they do not skip it.
source "$(dirname "$0")/../cli/lib.sh"
: "${SERTEST:?SERTEST must point at the sertest helper}"
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}

[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] && ok "chromium present" || fail "chromium not installed (scripts/install-deps installs it)"
command -v xmllint >/dev/null && ok "xmllint present" || fail "xmllint not installed (libxml2-utils)"

# chrome ARGS...: headless chromium with a throw-away profile.
chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
        --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" "$@" 2>>"$TMP/chrome.log"
}
# check_svgs DIR MIN: every DIR/*.svg is well-formed XML, at least MIN of them.
check_svgs() {
    local n=0 f
    for f in "$1"/*.svg; do
        [ -e "$f" ] || continue
        n=$((n + 1))
        xmllint --noout "$f" 2>"$TMP/xml" || fail "$(basename "$f") is not well-formed XML: $(head -c 300 "$TMP/xml")"
    done
    [ "$n" -ge "$2" ] && ok "$(basename "$1"): $n SVG files parse (xmllint)" || fail "$(basename "$1"): only $n SVG files"
    grep -q -E '<script|https?://[^"]*\.(js|css)' "$1/index.html" && fail "$(basename "$1")/index.html has a script or external resource" \
        || ok "$(basename "$1")/index.html has no script, no external resource"
}
# check_page DIR NAME < "ID TAG MIN" lines: chromium's DOM holds each plot
# ID with at least MIN marks <TAG>; the 1200 x 1600 screenshot has > 1 %
# ink (a blank page has none; one plot alone has about 2 %).
check_page() {
    local dir=$1 name=$2 id tag min got w h ink
    chrome --dump-dom "file://$dir/index.html" >"$TMP/$name.dom"
    [ -s "$TMP/$name.dom" ] && ok "$name: chromium dumped the DOM" || fail "$name: empty DOM dump: $(tail -c 400 "$TMP/chrome.log")"
    "$SERTEST" dom-marks "$TMP/$name.dom" >"$TMP/$name.marks"
    while read -r id tag min; do
        got=$(awk -v i="$id" -v t="$tag" '$1 == i && $2 == t {print $3}' "$TMP/$name.marks")
        [ "${got:-0}" -ge "$min" ] && ok "$name: $id: $got <$tag> marks" || fail "$name: $id: ${got:-0} <$tag> marks, want >= $min"
    done
    chrome --window-size=1200,1600 --screenshot="$TMP/$name.png" "file://$dir/index.html" >/dev/null
    read -r w h ink < <("$SERTEST" png-ink "$TMP/$name.png" 2>&1)
    awk -v x="${ink:-0}" 'BEGIN {exit !(x ~ /^[0-9.]+$/ && x + 0 > 0.01)}' && ok "$name: screenshot ${w}x${h}: $ink of the pixels are not white" \
        || fail "$name: screenshot blank? ${w:-} ${h:-} ${ink:-?}"
    [ -n "${SER_KEEP_SCREENSHOT:-}" ] && cp "$TMP/$name.png" "$SER_KEEP_SCREENSHOT-$name.png"
    return 0
}
# close A B TOL: |A - B| <= TOL
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(d <= t)}'; }

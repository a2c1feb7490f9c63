# lib.sh - helpers for shell tests of the `ser` program.  Source it.
# Environment from CTest: SER (program), SER_SHARED, SER_SOURCE_DIR, SER_TEST_TMPDIR.
set -u
: "${SER:?SER must point at the ser program}"
: "${SER_SHARED:=${SER_SOURCE_DIR:-.}/../shared}"
TMP=$(mktemp -d "${SER_TEST_TMPDIR:-/tmp}/cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $*"; }

# expect_exit CODE DESCRIPTION -- command...   (stdout -> $TMP/out, stderr -> $TMP/err)
expect_exit() {
    local want=$1 desc=$2
    shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok "$desc (exit $got)"; else fail "$desc: exit $got, want $want; stderr: $(head -c 400 "$TMP/err")"; fi
}

# expect_grep FILE PATTERN DESCRIPTION
expect_grep() {
    if grep -q -E -- "$2" "$1"; then ok "$3"; else fail "$3: /$2/ not in $(basename "$1"): $(head -c 400 "$1")"; fi
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

# require_tools TOOL...: a missing tool fails the test (scripts/install-deps
# installs them all); a test that cannot run must not pass.
require_tools() {
    local t missing=
    for t in "$@"; do command -v "$t" >/dev/null || missing="$missing $t"; done
    [ -z "$missing" ] && return 0
    echo "FAIL - missing tools:$missing (run scripts/install-deps)"
    exit 1
}

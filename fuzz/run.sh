#!/usr/bin/env bash
# Run every libFuzzer target for SECONDS each (docs/hardening.md).
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# Each target starts from its committed seeds (fuzz/corpus/<target>/) plus
# the corpus it grew in earlier runs (BUILD_DIR/fuzz-corpus/<target>/, kept
# between runs, never committed).  A crash, leak, UB report or timeout is
# written to BUILD_DIR/fuzz-artifacts/<target>/ and makes the script fail
# after the other targets have run.  Logs: BUILD_DIR/fuzz-logs/<target>.log.
# FUZZ_SEED fixes
# libFuzzer's seed (default 1, so a short CI run explores the same inputs).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in "$here"/corpus/*/; do targets+=("$(basename "$d")"); done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t=$1 bin=$build/fuzz/$1
  [ -x "$bin" ] || { echo "fuzz: $bin is not built" >&2; return 1; }
  mkdir -p "$build/fuzz-corpus/$t" "$build/fuzz-artifacts/$t" "$build/fuzz-logs"
  local log=$build/fuzz-logs/$t.log
  "$bin" -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" -timeout=25 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t/" \
    "$build/fuzz-corpus/$t" "$here/corpus/$t" >"$log" 2>&1
  local rc=$?
  local execs
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  if [ $rc -eq 0 ]; then
    echo "fuzz: $t ok (${seconds}s, ${execs:-?} runs, corpus $(ls "$build/fuzz-corpus/$t" | wc -l))"
  else
    echo "fuzz: $t FAILED (exit $rc); log $log, input(s):" >&2
    ls "$build/fuzz-artifacts/$t" >&2
    grep -m3 -E 'ERROR|runtime error|SUMMARY' "$log" >&2
  fi
  return $rc
}

fail=0
for t in "${targets[@]}"; do run_one "$t" || fail=1; done
exit $fail

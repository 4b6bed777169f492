#!/usr/bin/env bash
# make check: the whole suite on the plain build, then again on the
# AddressSanitizer + UBSan build; one summary line at the end.
set -u
cd "$(dirname "$0")/.." || exit 2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
total_p=0 total_f=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for build in release san; do
  bindir=bin; [ "$build" = san ] && bindir=build/san/bin && export KILDE_SANITIZED=1
  echo "== $build build"
  tests/run.sh "$bindir" "build/$build/tests" "$build/" 2>&1 | tee "$log"
  out=$(tail -n 1 "$log")
  p=$(echo "$out" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p')
  f=$(echo "$out" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p')
  total_p=$((total_p + ${p:-0})); total_f=$((total_f + ${f:-1}))
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]

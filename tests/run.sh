#!/usr/bin/env bash
# Runs every test of one build: the C test binaries under TESTDIR, the shell
# tests tests/*/test_*.sh and the Python tests tests/*/test_*.py (given the
# build's programs in KILDE_BIN).
# Each test prints "N passed, N failed"; this adds them up and ends with
# the total on a line of its own.  Exit 1 when anything failed.
#   tests/run.sh BINDIR TESTDIR [LABEL]
set -u
bindir=$1 testdir=$2 label=${3:-}
cd "$(dirname "$0")/.." || exit 2
export KILDE_BIN=$(cd "$bindir" && pwd)
export KILDE_SCHEMA_DIR=$PWD/schemas
passed=0 failed=0 broken=0

# What a failed test said, in the order a person reads it: the lines that
# name a failure (at most 30), the first lines of a sanitizer's report
# (where a crashed test stopped), then its last lines (before the report,
# as a report ends with its shadow-memory legend).
show_failure() {
  printf '%s\n' "$1" | grep -v -E '^[0-9]+ passed, [0-9]+ failed' | awk '
    { line[NR] = $0 }
    !start && /==[0-9]+==ERROR|runtime error:/ { start = NR }
    END {
      stop = start ? start + 14 : 0
      for (i = 1; i <= NR && shown < 30; i++)
        if (line[i] ~ /FAIL|fail:|not ok|ERROR|AddressSanitizer|runtime error/ &&
            !(start && i >= start && i <= stop)) { print "    " line[i]; shown++ }
      if (start) {
        print "    --- the sanitizer report begins:"
        for (i = start; i <= stop && i <= NR; i++) print "    " line[i]
      }
      last = start ? start - 1 : NR
      from = last > 10 ? last - 9 : 1
      if (from <= last) print "    --- its last lines" (start ? " before the report:" : ":")
      for (i = from; i <= last; i++) print "    " line[i]
    }'
}

run_one() {
  local name=$1; shift
  local out rc line
  out=$("$@" 2>&1); rc=$?
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
  if [ -z "$line" ]; then
    show_failure "$out"
    echo "  $label$name: no result line (exit $rc)"
    broken=$((broken + 1)); failed=$((failed + 1)); return
  fi
  local p f
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
    show_failure "$out"
    [ "$f" -eq 0 ] && f=1
  fi
  passed=$((passed + p)); failed=$((failed + f))
  printf '  %-40s %s\n' "$label$name" "$line"
}

for t in $(find "$testdir" -type f -name 'test_*' ! -name '*.o' ! -name '*.d' | sort); do
  run_one "$(basename "$t")" "$t"
done
for t in $(find tests -name 'test_*.sh' | sort); do
  run_one "$(basename "$t")" bash "$t"
done
for t in $(find tests -name 'test_*.py' | sort); do
  run_one "$(basename "$t")" python3 "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

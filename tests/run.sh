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

run_one() {
  local name=$1; shift
  local out rc line
  out=$("$@" 2>&1); rc=$?
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
  if [ -z "$line" ]; then
    printf '%s\n' "$out" | tail -n 30
    echo "  $label$name: no result line (exit $rc)"
    broken=$((broken + 1)); failed=$((failed + 1)); return
  fi
  local p f
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
    printf '%s\n' "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 60
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

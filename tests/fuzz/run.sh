#!/usr/bin/env bash
# make fuzz: runs each libFuzzer target for SECONDS, niced (the machine is
# shared), from its committed inputs (tests/fuzz/corpus/NAME/) and what
# earlier runs found (build/fuzz/corpus/NAME/, not committed), and prints
# per target: executions, coverage (cov and ft of libFuzzer's last
# status line), the slowest input's seconds and findings (crash-, leak-,
# timeout-, oom- files, kept in build/fuzz/findings/NAME/; a target stops
# at its first; slow-unit- files there are inputs over 10 s, not
# findings).  Exit 1 when anything was found.
#   tests/fuzz/run.sh TARGETDIR SECONDS [NAME...]
set -u
dir=$1 seconds=$2; shift 2
cd "$(dirname "$0")/../.." || exit 2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  for t in "$dir"/*; do names+=("$(basename "$t")"); done
fi
found_any=0
printf '%-10s %12s %8s %8s %8s %s\n' target executions cov ft slowest findings
findings_in() { ls "$1" | grep -c -E '^(crash|leak|timeout|oom)-'; }
for name in "${names[@]}"; do
  work=build/fuzz/corpus/$name findings=build/fuzz/findings/$name
  log=build/fuzz/logs/$name.log
  mkdir -p "$work" "$findings" build/fuzz/logs
  before=$(findings_in "$findings")
  nice -n 10 "$dir/$name" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -n 1)
  cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  slowest=$(sed -nE 's/^stat::slowest_unit_time_sec: *([0-9]+).*/\1/p' "$log" | tail -n 1)
  found=$(( $(findings_in "$findings") - before ))
  [ "$found" -gt 0 ] && found_any=1
  printf '%-10s %12s %8s %8s %8s %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${slowest:-?} s" \
    "$found$( [ "$found" -gt 0 ] && echo " (in $findings/, log $log)")"
done
[ "$found_any" -eq 0 ]

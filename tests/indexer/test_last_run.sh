#!/usr/bin/env bash
# Each run records itself in the index (metadata kilde:last_run): when,
# over which paths, its counts, and every failure and warning exactly as it
# printed them on stderr.  A clean run replaces the record; a usage error
# and a run killed before its last commit leave the one before.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"

last_run() { xapian-metadata get "$1" kilde:last_run; }
doccount() { xapian-delve "$1" | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }

# The record's failures and warnings as "path: stage: reason" lines, and
# whether the record is valid JSON (strict UTF-8) at all.
record_lines() { # record key
  python3 -c '
import json, sys
rec = json.loads(sys.stdin.buffer.read().decode("utf-8", "strict"))
for e in rec[sys.argv[1]]:
    print("%s: %s: %s" % (e["path"], e["stage"], e["reason"]))' "$2" <<<"$1"
}

# stderr's lines about files, with bytes that are not UTF-8 shown as U+FFFD
# (the record cannot hold them); notes are neither failures nor warnings.
stderr_lines() { # file pattern
  python3 -c '
import re, sys
for line in open(sys.argv[1], "rb").read().decode("utf-8", "replace").splitlines():
    if not line.startswith("indexer: ") and re.search(sys.argv[2], line):
        print(line)' "$1" "$2"
}

analysis_version() { sed -nE 's/^#define ANALYSIS_VERSION ([0-9]+).*/\1/p' indexer/writer.h; }

test_a_run_with_failures() {
  local in="$TMP/in" db="$TMP/db" out rc rec bad
  bad=$(printf 'brev-\xe9.pdf') # a broken PDF whose name is Latin-1, not UTF-8
  mkdir -p "$in"
  cp corpus/horingsinnspill-meld-st-19-2023-2024.pdf tests/data/bad/truncated.pdf \
     tests/data/bad/blank-scanned.pdf "$in/"
  cp tests/data/bad/truncated.pdf "$in/$bad"
  out=$("$IX" --db "$db" --json "$in" "$TMP/missing" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 1 "a run with failures: exit 1"
  rec=$(last_run "$db")
  check_eq "$(json_get "$rec" paths)" "['$in', '$TMP/missing']" "the PATH arguments as given"
  for key in files indexed unchanged removed duplicates versions failed warnings; do
    check_eq "$(json_get "$rec" "$key")" "$(json_get "$out" "$key")" "$key as the summary says"
  done
  check_eq "$(json_get "$rec" files)/$(json_get "$rec" indexed)/$(json_get "$rec" failed)" "4/2/3" \
    "four files, two indexed, three failures (one a path that does not exist)"
  check_eq "$(record_lines "$rec" failures)" \
    "$TMP/missing: walk: No such file or directory
$in/brev-�.pdf: extract: not a readable PDF: PDF document is damaged
$in/truncated.pdf: extract: not a readable PDF: PDF document is damaged" \
    "each failure with its stage and reason, the bad bytes as U+FFFD"
  check_eq "$(record_lines "$rec" failures)" "$(stderr_lines "$TMP/err" '.' | grep -vE ': (warning|note): ')" \
    "the failures are what stderr said"
  check_eq "$(record_lines "$rec" warnings_list)" "$(stderr_lines "$TMP/err" ': warning: ')" \
    "the warnings are what stderr said"
  check_contains "$(record_lines "$rec" warnings_list)" \
    "$in/blank-scanned.pdf: warning: no text found" "the scanned PDF's warning"
  check_eq "$(json_get "$rec" failures_truncated)/$(json_get "$rec" warnings_truncated)" \
    "False/False" "nothing left out"
  check_eq "$(json_get "$rec" indexer_version)" "$(analysis_version)" "the indexer's analysis version"
  python3 -c '
import json, sys
from datetime import datetime
rec = json.loads(sys.argv[1])
fmt = "%Y-%m-%dT%H:%M:%SZ"
started, finished = (datetime.strptime(rec[k], fmt) for k in ("started", "finished"))
assert started <= finished, (started, finished)
assert 0 < rec["seconds"] <= (finished - started).total_seconds() + 1, rec["seconds"]
' "$rec" && pass || fail "started and finished are UTC ISO-8601 times, seconds between them: $rec"

  # the broken files mended (removed) and the bad path left out: a clean
  # run replaces the record
  rm "$in/truncated.pdf" "$in/$bad"
  out=$("$IX" --db "$db" --json "$in" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "the clean run: exit 0"
  rec=$(last_run "$db")
  check_eq "$(json_get "$rec" paths)" "['$in']" "the new run's paths"
  check_eq "$(json_get "$rec" files)/$(json_get "$rec" unchanged)/$(json_get "$rec" failed)" "2/2/0" \
    "two files, both unchanged, none failed"
  check_eq "$(json_get "$rec" failures)" "[]" "no failures left from the run before"
  check_eq "$(json_get "$rec" warnings)" 0 "an unchanged file is not read again: no warning"

  # a usage error is not a run: the record stays
  "$IX" --db "$db" --jobs 0 "$in" >/dev/null 2>&1; rc=$?
  check_eq "$rc" 2 "a usage error: exit 2"
  check_eq "$(last_run "$db")" "$rec" "a usage error leaves the record"
}

test_long_lists_are_cut() {
  local in="$TMP/empty" db="$TMP/edb" rec
  mkdir -p "$in"
  for n in $(seq -w 1 205); do : >"$in/tom-$n.txt"; done
  "$IX" --db "$db" "$in" >/dev/null 2>"$TMP/err"
  rec=$(last_run "$db")
  check_eq "$(json_get "$rec" failed)" 205 "every failure counted"
  check_eq "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["failures"]))' "$rec")" \
    200 "the first 200 listed"
  check_eq "$(json_get "$rec" failures.0.reason)" "empty file" "with their reason"
  check_eq "$(json_get "$rec" failures.199.path)" "$in/tom-200.txt" "in the files' order"
  check_eq "$(json_get "$rec" failures_truncated)" True "and the list says it was cut"
}

# strace's fault injection kills the run as it makes its last commit
# visible (the rename of Xapian's version file): the batches committed
# before are in the index, the record of this run is not.
test_a_killed_run_leaves_the_record_before() {
  local in="$TMP/kill" db="$TMP/kdb" before renames main units
  mkdir -p "$in"
  cp tests/data/text/000-medlemsmoter.txt tests/data/text/001-legeliv.md "$in/"
  "$IX" --db "$db" corpus/tidsskriftet-2020-utenforlandet-norge.html >/dev/null 2>&1
  before=$(last_run "$db")
  units=$(doccount "$db")
  cp -r "$db" "$TMP/kcount"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o "$TMP/trace" \
    -e trace=execve,rename "$IX" --db "$TMP/kcount" --batch 1 "$in" >/dev/null 2>&1
  # the run is the watcher's child (indexer/watch.h): the last execve
  main=$(grep -E '^[0-9]+ +execve\(' "$TMP/trace" | tail -n 1 | cut -d' ' -f1)
  renames=$(grep -cE "^$main +rename\(.*iamglass" "$TMP/trace")
  check_eq "$renames" 3 "a commit per file and the last one"
  (ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o /dev/null \
     -e trace=rename -e inject=rename:signal=KILL:when="$renames" \
     "$IX" --db "$db" --batch 1 "$in"; echo $? >"$TMP/status") >/dev/null 2>&1
  check_eq "$(cat "$TMP/status")" 137 "killed"
  check_eq "$(last_run "$db")" "$before" "the record of the run before"
  check_eq "$(doccount "$db")" "$(doccount "$TMP/kcount")" "the files' batches are in"
  [ "$(doccount "$db")" -gt "$units" ] && pass || fail "the killed run added units"
  "$IX" --db "$db" "$in" >/dev/null 2>&1
  check_eq "$(json_get "$(last_run "$db")" paths)" "['$in']" "the next run records itself"
}

test_a_run_with_failures
test_long_lists_are_cut
test_a_killed_run_leaves_the_record_before
report

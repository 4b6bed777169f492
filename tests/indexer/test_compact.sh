#!/usr/bin/env bash
# A first, full build ends with a compacted index (writer_compact_fresh):
# smaller, holding exactly what the same files indexed in two runs hold
# (units, their ids, their lengths); later runs update it in place.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"
FILES=(corpus tests/data/seeds) # the seeds are the corpus as text: duplicates too

is_zero() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) == 0 else 1)' "$1"; }

# What an index holds, independent of how its blocks are filled.
contents() { # db
  xapian-delve "$1" | grep -E '^(number of documents|average document length|document length)'
  xapian-delve -1 -A Q "$1" | sort
}

test_a_first_build_is_compacted() {
  local out; out=$("$IX" --db "$TMP/one" --json "${FILES[@]}" 2>/dev/null)
  check_eq "$(json_get "$out" failed)" 0 "all indexed"
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > 0 else 1)' \
    "$(json_get "$out" compact_seconds)" && pass || fail "compacted: $out"
  [ ! -e "$TMP/one.compact" ] && pass || fail "no copy left beside the index"

  # the same files in two runs: the second updates, so it is not compacted
  "$IX" --db "$TMP/two" corpus/*.html >/dev/null 2>&1
  out=$("$IX" --db "$TMP/two" --json "${FILES[@]}" 2>/dev/null)
  is_zero "$(json_get "$out" compact_seconds)" && pass || fail "an update is not compacted"
  check_eq "$(contents "$TMP/one")" "$(contents "$TMP/two")" "the same units either way"
  local one two
  one=$(du -sk "$TMP/one" | cut -f1) two=$(du -sk "$TMP/two" | cut -f1)
  [ "$one" -lt "$two" ] && pass || fail "compacted $one KB, not below updated $two KB"

  # the compacted index is updated in place like any other
  out=$("$IX" --db "$TMP/one" --json "${FILES[@]}" 2>/dev/null)
  check_eq "$(json_get "$out" unchanged)" "$(json_get "$out" files)" "all unchanged"
  is_zero "$(json_get "$out" compact_seconds)" && pass || fail "and not compacted again"
}

# A run killed while compacting leaves INDEX.compact beside the index,
# whole or half made (found by the crash loop, tests/crash/); the next run
# removes it even though it is no first build.  A folder of that name
# holding anything but a database's files is left alone.
test_a_copy_left_by_a_killed_compaction_is_removed() {
  "$IX" --db "$TMP/k" corpus/*.html >/dev/null 2>&1
  cp -r "$TMP/k" "$TMP/k.compact"
  rm "$TMP/k.compact/iamglass" # half made: the version file comes last
  "$IX" --db "$TMP/k" corpus/*.html >/dev/null 2>&1
  check_eq "$?" 0 "the next run"
  [ ! -e "$TMP/k.compact" ] && pass || fail "the copy is left beside the index"
  mkdir -p "$TMP/k.compact" && echo notes >"$TMP/k.compact/notes.txt"
  "$IX" --db "$TMP/k" corpus/*.html >/dev/null 2>&1
  check_eq "$(cat "$TMP/k.compact/notes.txt" 2>/dev/null)" "notes" "someone else's folder is kept"
}

test_a_first_build_is_compacted
test_a_copy_left_by_a_killed_compaction_is_removed
report

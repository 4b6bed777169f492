#!/usr/bin/env bash
# A run killed (SIGKILL) at several moments, followed by a clean run, gives
# exactly the units of an index built in one go: commits are atomic per batch.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"

unit_ids() { xapian-delve -a -1 "$1" | grep -o '^Q.*' | sort; }
doccount() { xapian-delve "$1" 2>/dev/null | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }

# Many distinct files: the annual report's text cut into chapters of 30 lines.
mkdir -p "$TMP/in"
split -l 30 -d -a 3 --additional-suffix=.txt tests/data/seeds/004_ac36838eb8c602ae.txt "$TMP/in/part-"
cp corpus/*.pdf "$TMP/in/"

"$IX" --db "$TMP/ref" --batch 4 "$TMP/in" >/dev/null 2>&1
check_eq "$?" 0 "reference run"
ref_ids=$(unit_ids "$TMP/ref")
ref_count=$(doccount "$TMP/ref")

interrupted=0
for delay in 0.05 0.1 0.15 0.2 0.3 0.4 0.6 0.8; do
  "$IX" --db "$TMP/db" --batch 4 "$TMP/in" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && interrupted=$((interrupted + 1))
  wait "$pid" 2>/dev/null
  if [ -d "$TMP/db" ] && [ -n "$(ls "$TMP/db")" ]; then
    count=$(doccount "$TMP/db")
    [ -n "$count" ] && pass || fail "index opens after a kill at ${delay}s"
    check_eq "$(unit_ids "$TMP/db" | uniq -d)" "" "no unit twice after a kill at ${delay}s"
  fi
done
[ "$interrupted" -ge 2 ] && pass || fail "at least two kills landed mid-run (got $interrupted)"

"$IX" --db "$TMP/db" --batch 4 "$TMP/in" >/dev/null 2>&1
check_eq "$?" 0 "the clean run after the kills"
check_eq "$(doccount "$TMP/db")" "$ref_count" "same number of units as one go"
check_eq "$(unit_ids "$TMP/db")" "$ref_ids" "same unit ids as one go"
report

#!/usr/bin/env bash
# The indexer short of memory (ulimit -v) or of disk (a small tmpfs) says
# so, and leaves an index that opens; the next run, with enough, completes
# exactly the index a run that never lacked anything builds.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"
trap 'umount "$TMP/disk" 2>/dev/null; rm -rf "$TMP"' EXIT

unit_ids() { xapian-delve -a -1 "$1" | grep -o '^Q.*' | sort; }
opens() { xapian-delve "$1" 2>/dev/null | grep -q '^number of documents = '; }

# The corpus and the seed texts: PDFs, HTML, text and Markdown, and
# duplicates among them.
INPUT="corpus tests/data/seeds"
"$IX" --db "$TMP/ref" --jobs 2 $INPUT >/dev/null 2>&1
ref_ids=$(unit_ids "$TMP/ref")
[ -n "$ref_ids" ] && pass || fail "the reference index has units"

# After a run that lacked something: the index opens, and a run with
# enough completes it.
completes() { # db label
  if [ -e "$1" ]; then
    opens "$1" && pass || fail "$2: the index opens"
  fi
  "$IX" --db "$1" --jobs 2 $INPUT >/dev/null 2>"$TMP/err2"
  check_eq "$?" 0 "$2: the next run ($(head -c 300 "$TMP/err2"))"
  check_eq "$(unit_ids "$1")" "$ref_ids" "$2: the next run gives the index of a run in one go"
}

# ---- memory --------------------------------------------------------------
# Address-space limits from where the word lists no longer fit to where a
# PDF no longer does.  AddressSanitizer reserves terabytes of address space,
# so the sanitized build cannot run under ulimit -v.
if [ -n "${KILDE_SANITIZED:-}" ]; then
  echo "memory: skipped (ulimit -v cannot work with AddressSanitizer)"
else
  short=0
  for kb in 100000 150000; do
    rm -rf "$TMP/mem"
    (ulimit -v "$kb"; exec "$IX" --db "$TMP/mem" --jobs 2 $INPUT) >/dev/null 2>"$TMP/err"
    rc=$?
    err=$(cat "$TMP/err")
    case $rc in
      0) ;;
      1|2) short=$((short + 1))
           check_contains "$err" "out of memory" "ulimit -v $kb: the run says memory ran out" ;;
      *) fail "ulimit -v $kb: the run ended with status $rc: $(tail -c 300 "$TMP/err")" ;;
    esac
    completes "$TMP/mem" "ulimit -v $kb"
  done
  [ "$short" -gt 0 ] && pass || fail "no limit made the indexer run short of memory"
fi

# ---- disk ------------------------------------------------------------------
# tmpfs of 1 to 4 MB (the index of this input is about 2 MB): writes fail
# part-way, or the last compaction finds no room (then the run has built a
# whole index and only warns).
if ! mkdir -p "$TMP/disk" || ! mount -t tmpfs -o size=1m tmpfs "$TMP/disk" 2>/dev/null; then
  echo "disk: skipped (cannot mount a tmpfs: needs root)"
else
  full=0
  for mb in 1 2 3 4; do
    rm -rf "$TMP/disk/db"
    mount -o remount,size=${mb}m "$TMP/disk"
    "$IX" --db "$TMP/disk/db" --jobs 2 $INPUT >/dev/null 2>"$TMP/err"
    rc=$?
    err=$(cat "$TMP/err")
    case $rc in
      0) case $err in # the compaction may have found no room: the index is whole
           *"No space"*) check_contains "$err" "the index is whole but could not be compacted" \
                           "a disk of $mb MB: the compaction that did not fit is a warning" ;;
         esac ;;
      2) full=$((full + 1))
         check_contains "$err" "$TMP/disk/db" "a disk of $mb MB: the index is named"
         check_contains "$err" "No space left on device" "a disk of $mb MB: the reason is given"
         check_contains "$err" "the index keeps its last commit" "a disk of $mb MB: what is kept" ;;
      *) fail "a disk of $mb MB: the run ended with status $rc: $(tail -c 300 "$TMP/err")" ;;
    esac
    check_eq "$(ls -A "$TMP/disk" | grep -v '^db$')" "" "a disk of $mb MB: nothing half-made beside the index"
    mount -o remount,size=64m "$TMP/disk"
    completes "$TMP/disk/db" "a disk of $mb MB"
  done
  [ "$full" -gt 0 ] && pass || fail "no disk was small enough to fill"
fi
report

#!/usr/bin/env bash
# A run killed (SIGKILL) at an exact point, followed by a clean run, gives
# exactly the unit ids of an index built in one go.  strace's fault
# injection kills the indexer at its Nth call of fdatasync, fsync, rename,
# pwrite64 or openat, and N walks over the calls a run makes (SQLite's way
# of proving crash safety): the creation of the database (a fresh run's
# first calls), every commit's syncs and renames, writes and opens between.
# Killed runs start from nothing, and then from an index of a folder that
# has changed since.  A write that fails (a full disk) ends its run, and the
# next run completes the index too.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"

unit_ids() { xapian-delve -a -1 "$1" | grep -o '^Q.*' | sort; }
doccount() { xapian-delve "$1" 2>/dev/null | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }
index() { "$IX" --db "$1" --batch 4 "$2" >/dev/null 2>"$TMP/err"; }
# strace with leak checks off: LeakSanitizer cannot work under ptrace and
# would turn a sanitized run's exit status into 1 (its other checks stay).
traced() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o /dev/null "$@"; }

# Thirteen files in four commits (--batch 4): twelve chapters of the annual
# report's text (30 lines each) and a consultation answer's PDF.
mkdir -p "$TMP/all" "$TMP/in"
split -l 30 -d -a 3 --additional-suffix=.txt tests/data/seeds/004_ac36838eb8c602ae.txt "$TMP/all/part-"
cp "$TMP"/all/part-00?.txt "$TMP"/all/part-01[01].txt corpus/horingsinnspill-meld-st-19-2023-2024.pdf "$TMP/in/"

index "$TMP/ref" "$TMP/in"
check_eq "$?" 0 "reference run"
ref_ids=$(unit_ids "$TMP/ref")

# A folder indexed, then changed: a file edited, one deleted, one added
# (ids name files by path, so the folder keeps its place).
mkdir -p "$TMP/upd"
cp "$TMP"/in/* "$TMP/upd/"
index "$TMP/start" "$TMP/upd"
sed -i '1s/^/Skrivebordsmetoden er ny. /' "$TMP/upd/part-003.txt"
rm "$TMP/upd/part-007.txt"
cp "$TMP/all/part-012.txt" "$TMP/upd/"
index "$TMP/ref-upd" "$TMP/upd"
upd_ids=$(unit_ids "$TMP/ref-upd")
[ -n "$upd_ids" ] && [ "$upd_ids" != "$(unit_ids "$TMP/start")" ] && pass ||
  fail "the changed folder gives other units"

# Under the sanitizers a run takes twice as long, so they walk fewer points
# (syncs and renames: the creation and every commit), and the test stays
# under a minute either way.
POINTS=4 FRESH_CALLS="fdatasync fsync rename pwrite64 openat" UPDATE_CALLS="fdatasync rename pwrite64"
[ -n "${KILDE_SANITIZED:-}" ] && POINTS=2 FRESH_CALLS="fdatasync fsync rename" UPDATE_CALLS="fdatasync"

# How many times the main thread (the writer: every sync, rename and write
# to the index) makes each call in a run into db from start ($2: "" for
# nothing).  strace counts injections per thread, so these bound N.
count_calls() { # calls db start input
  rm -rf "$2"; [ -n "$3" ] && cp -r "$3" "$2"
  # execve too: the run is made by a child the watcher executes (watch.h),
  # so the writer's thread is the one of the trace's last execve.  The
  # watcher's start opens the same libraries, so an early openat point
  # kills the watcher itself, and its child dies with it: a kill too.
  traced -o "$TMP/trace" -e trace="execve,${1// /,}" "$IX" --db "$2" --batch 4 "$4" >/dev/null 2>&1
  local main call; main=$(grep -E '^[0-9]+ +execve\(' "$TMP/trace" | tail -n 1 | cut -d' ' -f1)
  for call in $1; do
    echo "$call $(grep -cE "^$main +$call\(" "$TMP/trace")"
  done
}

# Up to k points spread over 1..total, with 1, 2 and total always among
# them: the creation of a database is a fresh run's first calls.
points() { # total k
  python3 -c '
import sys
t, k = int(sys.argv[1]), int(sys.argv[2])
p = {1, min(2, t), t} | {1 + i * (t - 1) // max(k - 1, 1) for i in range(k)}
print(" ".join(str(n) for n in sorted(p) if n >= 1))' "$1" "$2"
}

# Kills a run over input into db (made from start) at the nth call; then a
# clean run must give exactly want.
kill_and_complete() { # call n start input want label
  local db="$TMP/db" status
  rm -rf "$db" "$TMP"/.db.creating-*; [ -n "$3" ] && cp -r "$3" "$db"
  (traced -e trace="$1" -e inject="$1:signal=KILL:when=$2" \
     "$IX" --db "$db" --batch 4 "$4"; echo $? > "$TMP/status") >/dev/null 2>&1
  status=$(cat "$TMP/status")
  check_eq "$status" 137 "$6: killed at $1 #$2"
  if [ -e "$db" ]; then
    [ -n "$(doccount "$db")" ] && pass || fail "$6: the index opens after a kill at $1 #$2"
    check_eq "$(unit_ids "$db" | uniq -d)" "" "$6: no unit twice after a kill at $1 #$2"
  fi
  index "$db" "$4"
  check_eq "$?" 0 "$6: the clean run after a kill at $1 #$2 ($(head -c 300 "$TMP/err"))"
  check_eq "$(unit_ids "$db")" "$5" "$6: the units of one go after a kill at $1 #$2"
  check_eq "$(ls -A "$TMP" | grep -c '^\.db\.creating-')" 0 "$6: no half-made database beside it after $1 #$2"
}

walk_kills() { # calls points start input want label
  local call total n
  while read -r call total; do
    [ "$total" -gt 0 ] || { fail "$6: the run makes no $call call"; continue; }
    echo "$6: $total ${call} calls, killed at: $(points "$total" "$2")"
    for n in $(points "$total" "$2"); do
      kill_and_complete "$call" "$n" "$3" "$4" "$5" "$6"
    done
  done < <(count_calls "$1" "$TMP/db" "$3" "$4")
}

# From nothing: the creation of the database is in the first calls (its
# sync, its version file's rename, the rename into place).
walk_kills "$FRESH_CALLS" "$POINTS" "" "$TMP/in" "$ref_ids" "fresh"
# Over an index the folder has outgrown: removal, replacement, addition.
walk_kills "$UPDATE_CALLS" "$((POINTS - 1))" "$TMP/start" "$TMP/upd" "$upd_ids" "update"

# A write the disk refuses ends the run (exit 2, the index named); the
# index keeps its last commit and the next run completes it.
for fault in pwrite64:ENOSPC:20 fdatasync:EIO:9; do
  IFS=: read -r call errno n <<<"$fault"
  rm -rf "$TMP/db"
  traced -e trace="$call" -e inject="$call:error=$errno:when=$n" \
    "$IX" --db "$TMP/db" --batch 4 "$TMP/in" >/dev/null 2>"$TMP/err"
  check_eq "$?" 2 "a failed $call ($errno) ends the run"
  check_contains "$(cat "$TMP/err")" "$TMP/db" "the index is named after a failed $call"
  index "$TMP/db" "$TMP/in"
  check_eq "$?" 0 "the run after a failed $call"
  check_eq "$(unit_ids "$TMP/db")" "$ref_ids" "the units of one go after a failed $call"
done
report

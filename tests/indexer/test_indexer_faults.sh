#!/usr/bin/env bash
# Faults found by trying, each once fatal or silent: a file name that is not
# UTF-8, a folder that cannot be read, a database whose creation was
# interrupted, and what a folder holds besides files (links, FIFOs, sockets,
# devices).
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"

doccount() { xapian-delve "$1" 2>/dev/null | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }
unit_ids() { xapian-delve -a -1 "$1" | grep -o '^Q.*' | sort; }

# Root reads any folder, so permission faults are tried as nobody: with a
# copy of the indexer and the schemas that nobody can reach wherever the
# checkout lies (a clone in a folder of mode 0700 is closed to nobody).
as_nobody() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  local own="$TMP/nobody"
  if [ ! -x "$own/indexer" ]; then
    mkdir -p "$own" && cp "$IX" "$own/indexer" && cp -r "${KILDE_SCHEMA_DIR:-$PWD/schemas}" "$own/schemas"
    chmod -R a+rX "$own"
  fi
  shift # the indexer, replaced by its copy
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    env KILDE_SCHEMA_DIR="$own/schemas" "$own/indexer" "$@"
}

# The "source" of every unit, one a line, checked to be valid UTF-8.
unit_sources() {
  local n; n=$(xapian-delve "$1" | sed -nE 's/^highest document id ever used = ([0-9]+)/\1/p')
  for id in $(seq 1 "$n"); do xapian-delve -r "$id" -d "$1" 2>/dev/null | sed -n 2p; done |
    python3 -c '
import json, sys
for line in sys.stdin.buffer:
    if line.strip():
        print(json.loads(line.decode("utf-8", "strict"))["source"])'
}

test_a_name_that_is_not_utf8() {
  local in="$TMP/names" bad out rc
  bad=$(printf 'r\xe9sum\xe9.md') # "résumé" in Latin-1, as an old archive names it
  mkdir -p "$in"
  cp tests/data/text/000-medlemsmoter.txt "$in/"
  cp tests/data/text/001-legeliv.md "$in/$bad"
  out=$("$IX" --db "$TMP/ndb" --json "$in" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "a name that is not UTF-8 is indexed (stderr: $(cat "$TMP/err"))"
  check_eq "$(json_get "$out" indexed)" 2 "both files indexed"
  check_eq "$(doccount "$TMP/ndb")" "$(json_get "$out" units)" "every unit written once"
  check_contains "$(unit_sources "$TMP/ndb")" "$in/r�sum�.md" "the unit names its source with U+FFFD for the bad bytes"

  # the record keeps the name byte for byte: the next run finds the file unchanged
  out=$("$IX" --db "$TMP/ndb" --json "$in" 2>/dev/null)
  check_eq "$(json_get "$out" unchanged)" 2 "second run: both unchanged"
  check_eq "$(json_get "$out" removed)" 0 "second run: nothing taken for gone"

  # renamed to a good name: the old units go, nothing is left behind
  mv "$in/$bad" "$in/resume.md"
  out=$("$IX" --db "$TMP/ndb" --json "$in" 2>/dev/null); rc=$?
  check_eq "$rc" 0 "after the rename"
  check_eq "$(json_get "$out" removed)" 1 "the old name removed"
  "$IX" --db "$TMP/nref" "$in" >/dev/null 2>&1
  check_eq "$(doccount "$TMP/ndb")" "$(doccount "$TMP/nref")" "as many units as an index made after the rename"
  check_eq "$(unit_ids "$TMP/ndb")" "$(unit_ids "$TMP/nref")" "the same unit ids"
}

test_a_folder_that_cannot_be_read() {
  local d="$TMP/perm" out rc before
  mkdir -p "$d/in/open" "$d/in/closed"
  cp tests/data/text/000-medlemsmoter.txt "$d/in/open/"
  cp tests/data/text/001-legeliv.md "$d/in/closed/"
  chmod 755 "$TMP"
  [ "$(id -u)" -eq 0 ] && chown -R 65534:65534 "$d"
  out=$(as_nobody "$IX" --db "$d/db" --json "$d/in" 2>"$TMP/err")
  check_eq "$(json_get "$out" indexed)" 2 "both files indexed while readable (stderr: $(cat "$TMP/err"))"
  before=$(unit_ids "$d/db")

  chmod 000 "$d/in/closed"
  out=$(as_nobody "$IX" --db "$d/db" --json "$d/in" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 1 "a folder that cannot be read: exit 1"
  check_contains "$(cat "$TMP/err")" "$d/in/closed: walk: cannot read folder: Permission denied" "the folder is named with the reason"
  check_eq "$(json_get "$out" failed)" 1 "counted as one failure"
  check_eq "$(json_get "$out" removed)" 0 "its files are not taken for deleted"
  check_eq "$(unit_ids "$d/db")" "$before" "its files' units stay"

  # listable but not searchable (r, no x): its files cannot be looked at
  chmod 644 "$d/in/closed"
  out=$(as_nobody "$IX" --db "$d/db" --json "$d/in" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 1 "files that cannot be looked at: exit 1"
  check_contains "$(cat "$TMP/err")" "$d/in/closed/001-legeliv.md: walk:" "the file is named"
  check_contains "$(cat "$TMP/err")" "Permission denied" "with the reason"
  check_eq "$(json_get "$out" removed)" 0 "a file that cannot be looked at is not gone"
  check_eq "$(unit_ids "$d/db")" "$before" "its units stay"

  # a recorded file whose stat fails other than "no such file" is not gone
  chmod 755 "$d/in/closed"
  mv "$d/in/closed" "$d/aside"
  ln -s closed "$d/in/closed" # a link to itself: ELOOP below it
  out=$(as_nobody "$IX" --db "$d/db" --json "$d/in" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "a link loop in its place is a warning"
  check_contains "$(cat "$TMP/err")" "$d/in/closed/001-legeliv.md: walk: cannot tell whether it is gone (Too many levels of symbolic links); its units are kept" "the file is named"
  check_eq "$(json_get "$out" removed)" 0 "not removed"
  check_eq "$(unit_ids "$d/db")" "$before" "its units stay"
  rm "$d/in/closed"
  mv "$d/aside" "$d/in/closed"

  out=$(as_nobody "$IX" --db "$d/db" --json "$d/in" 2>/dev/null); rc=$?
  check_eq "$rc" 0 "readable again: exit 0"
  check_eq "$(json_get "$out" unchanged)" 2 "both files unchanged"
}

test_an_interrupted_creation_is_completed() {
  local out rc
  "$IX" --db "$TMP/cref" tests/data/text >/dev/null 2>&1
  # what a run killed while Xapian created the database leaves (NOTES.md)
  mkdir -p "$TMP/half"
  : > "$TMP/half/flintlock"; : > "$TMP/half/postlist.glass"; : > "$TMP/half/v.tmp"
  out=$("$IX" --db "$TMP/half" --json tests/data/text 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "a database without iamglass holding only Xapian's files is created again (stderr: $(cat "$TMP/err"))"
  check_eq "$(unit_ids "$TMP/half")" "$(unit_ids "$TMP/cref")" "and indexed in full"

  # anything else in such a folder is not ours to delete
  mkdir -p "$TMP/other"
  : > "$TMP/other/postlist.glass"; echo notes > "$TMP/other/notes.txt"
  out=$("$IX" --db "$TMP/other" --json tests/data/text 2>"$TMP/err"); rc=$?
  check_eq "$rc" 2 "a folder of other files: exit 2"
  check_contains "$(cat "$TMP/err")" "$TMP/other" "the folder is named"
  check_contains "$(cat "$TMP/err")" "notes.txt" "and what is in the way"
  check_eq "$(ls "$TMP/other" | tr '\n' ' ')" "notes.txt postlist.glass " "nothing deleted"

  # killed at the first sync and at the first rename of a new database
  local call
  for call in fdatasync rename; do
    # in a subshell, so bash's "Killed" goes to /dev/null with the rest
    (ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -o /dev/null -e trace=$call -e inject=$call:signal=KILL:when=1 \
      "$IX" --db "$TMP/new-$call/db" tests/data/text; true) >/dev/null 2>&1
    [ ! -e "$TMP/new-$call/db" ] || [ -e "$TMP/new-$call/db/iamglass" ] && pass ||
      fail "killed at the first $call: the database is absent or whole, never half made"
    out=$("$IX" --db "$TMP/new-$call/db" --json tests/data/text 2>"$TMP/err"); rc=$?
    check_eq "$rc" 0 "the run after a kill at the first $call (stderr: $(cat "$TMP/err"))"
    check_eq "$(unit_ids "$TMP/new-$call/db")" "$(unit_ids "$TMP/cref")" "complete after a kill at the first $call"
    check_eq "$(ls -A "$TMP/new-$call")" "db" "no half-made database left beside it after a kill at the first $call"
  done
}

test_links_fifos_sockets_and_devices_are_named() {
  local d="$TMP/special" out rc err
  mkdir -p "$d"
  cp tests/data/text/000-medlemsmoter.txt "$d/"
  ln -s . "$d/loop"                 # a loop: the folder itself
  ln -s 000-medlemsmoter.txt "$d/link.txt"
  mkfifo "$d/pipe.txt"              # opening it would block the run
  python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$d/sock.txt"
  local devices=0
  mknod "$d/null.txt" c 1 3 2>/dev/null && devices=1
  out=$(timeout 120 "$IX" --db "$TMP/sdb" --json "$d" 2>"$TMP/err"); rc=$?
  err=$(cat "$TMP/err")
  check_eq "$rc" 0 "warnings only: exit 0 (a FIFO must not block: 124 is the timeout)"
  check_eq "$(json_get "$out" indexed)" 1 "the regular file indexed"
  check_contains "$err" "$d/loop: walk: skipped: symbolic link (links inside folders are not followed)" "a link loop named"
  check_contains "$err" "$d/link.txt: walk: skipped: symbolic link (links inside folders are not followed)" "a link named"
  check_contains "$err" "$d/pipe.txt: walk: skipped: a FIFO, not a regular file" "a FIFO named"
  check_contains "$err" "$d/sock.txt: walk: skipped: a socket, not a regular file" "a socket named"
  [ "$devices" -eq 1 ] && check_contains "$err" "$d/null.txt: walk: skipped: a device, not a regular file" "a device named"
  check_eq "$(json_get "$out" warnings)" $((4 + devices)) "each counted as a warning"
  check_eq "$(json_get "$out" failed)" 0 "none counted as a failure"
  out=$("$IX" --db "$TMP/sdb" "$d" 2>/dev/null)
  check_contains "$out" "$((4 + devices)) warnings" "the summary line counts them"
}

test_a_name_that_is_not_utf8
test_a_folder_that_cannot_be_read
test_an_interrupted_creation_is_completed
test_links_fifos_sockets_and_devices_are_named
report

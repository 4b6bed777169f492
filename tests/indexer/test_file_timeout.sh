#!/usr/bin/env bash
# A file that poppler would read for ever is cut off by --file-timeout and
# reported, and the batch goes on; a run that crashes reading a file loses
# that file only; the watcher and its child live and die together
# (indexer/watch.h).  The endless file is a valid PDF whose forms fan out
# (tests/indexer/endless_pdf.py), read by poppler as it comes.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"

unit_ids() { xapian-delve -a -1 "$1" | grep -o '^Q.*' | sort; }
doccount() { xapian-delve "$1" 2>/dev/null | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }
children() { pgrep -P "$1" | tr '\n' ' '; }
# A broken limit must fail the test, not hang it: a run still going after
# three minutes is killed (its status is then 137).
bounded() { # pid
  ( sleep 180; kill -KILL "$1" 2>/dev/null ) >/dev/null 2>&1 &
  guards+=("$!")
}
guards=()
# Waits (up to 60 s) until the watcher has a child whose extraction thread
# is running, so that it is reading the first file.
wait_reading() { # watcher → the child's pid
  local child="" i
  for i in $(seq 600); do
    child=$(pgrep -P "$1" | head -n 1)
    [ -n "$child" ] && [ "$(ls "/proc/$child/task" 2>/dev/null | wc -l)" -ge 2 ] && break
    sleep 0.1
  done
  sleep 1
  echo "$child"
}

# Three good files and, sorted among them, two endless ones.
mkdir -p "$TMP/in" "$TMP/good"
cp corpus/horingsinnspill-meld-st-19-2023-2024.pdf corpus/tidsskriftet-2020-utenforlandet-norge.html \
   tests/data/seeds/000_*.txt "$TMP/good/"
cp "$TMP"/good/* "$TMP/in/"
python3 tests/indexer/endless_pdf.py "$TMP/in/b-endless.pdf"
python3 tests/indexer/endless_pdf.py "$TMP/in/u-endless.pdf" 48
# What an index of a folder without its endless files holds (ids name files
# by path, so the folder is the same and the endless files are removed).
ids_without_endless() { # folder
  mkdir -p "$TMP/saved"
  mv "$1"/*-endless.pdf "$TMP/saved/"
  rm -rf "$TMP/ref"
  "$IX" --db "$TMP/ref" "$1" >/dev/null 2>&1
  mv "$TMP"/saved/*-endless.pdf "$1/"
  unit_ids "$TMP/ref"
}

# Each endless file is cut off at the limit, named, and the rest indexed
# (two threads: the other thread goes on while one is stuck).
start=$SECONDS
"$IX" --db "$TMP/cut" --jobs 2 --file-timeout 3 "$TMP/in" >"$TMP/out" 2>"$TMP/err" &
run=$!
bounded "$run"
wait "$run"
check_eq "$?" 1 "a run with files cut off ends with status 1 (some files failed)"
err=$(cat "$TMP/err")
for f in b-endless.pdf u-endless.pdf; do
  check_contains "$err" "$TMP/in/$f: extract: not read within the time limit of 3 s" \
    "$f is reported as cut off"
done
check_contains "$(cat "$TMP/out")" "2 failed" "the summary counts both"
ref_ids=$(ids_without_endless "$TMP/in")
[ -n "$ref_ids" ] && pass || fail "the reference index has units"
check_eq "$(unit_ids "$TMP/cut")" "$ref_ids" "every other file is indexed as in a run without them"
[ $((SECONDS - start)) -lt 120 ] && pass || fail "the run took $((SECONDS - start)) s"

# The run's record (searchd's last_run) names them too.
record=$(xapian-metadata get "$TMP/cut" kilde:last_run)
check_contains "$record" '"path":"'"$TMP"'/in/u-endless.pdf","stage":"extract","reason":"not read within' \
  "the run's record names a file cut off"

# A run that crashes (here: told so by SIGSEGV) while reading one file goes
# on without it, and says so.
mkdir -p "$TMP/one"
cp "$TMP/in/b-endless.pdf" "$TMP/good"/* "$TMP/one/"
"$IX" --db "$TMP/crash" --file-timeout 600 "$TMP/one" >"$TMP/out" 2>"$TMP/err" &
watcher=$!
child=$(wait_reading "$watcher")
[ -n "$child" ] && kill -SEGV "$child"
wait "$watcher"
check_eq "$?" 1 "the crashed file is one failure of the run"
err=$(cat "$TMP/err")
# (AddressSanitizer turns the SIGSEGV into its report and an abort)
check_contains "$err" "$TMP/one/b-endless.pdf: the run crashed reading it (" \
  "the watcher names the file the run crashed on"
check_contains "$err" "$TMP/one/b-endless.pdf: extract: the indexer crashed reading it" \
  "the run reports it"
check_eq "$(unit_ids "$TMP/crash")" "$(ids_without_endless "$TMP/one")" "the other files are indexed after the crash"

# Two files being read when the run crashes: it goes on one file at a
# time, and the limit then cuts each endless one off.
"$IX" --db "$TMP/crash2" --jobs 2 --file-timeout 4 "$TMP/in" >"$TMP/out" 2>"$TMP/err" &
watcher=$!
bounded "$watcher"
child=$(wait_reading "$watcher")
sleep 1 # both threads have their endless file by now (b- first, u- within a second)
[ -n "$child" ] && kill -ABRT "$child"
wait "$watcher"
rc=$?
err=$(cat "$TMP/err")
check_eq "$rc" 1 "the run completes after a crash it cannot blame on one file"
check_contains "$err" "it goes on one file at a time to find which" "it says so"
check_eq "$(unit_ids "$TMP/crash2")" "$ref_ids" "every other file is indexed"

# SIGKILL to the watcher takes its child with it, and the index is free
# for the next run at once.
"$IX" --db "$TMP/killed" --file-timeout 600 "$TMP/one" >/dev/null 2>&1 &
watcher=$!
child=$(wait_reading "$watcher")
kill -KILL "$watcher"
wait "$watcher" 2>/dev/null
for i in $(seq 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
kill -0 "$child" 2>/dev/null && fail "the child outlived its killed watcher" || pass
"$IX" --db "$TMP/killed" --file-timeout 2 "$TMP/one" >/dev/null 2>"$TMP/err"
check_eq "$?" 1 "the next run takes the index ($(head -c 200 "$TMP/err"))"

# SIGTERM to the watcher is passed on; the status says how the run ended.
"$IX" --db "$TMP/term" --file-timeout 600 "$TMP/one" >/dev/null 2>&1 &
watcher=$!
child=$(wait_reading "$watcher")
kill -TERM "$watcher"
wait "$watcher"
check_eq "$?" 143 "a terminated run ends by SIGTERM"
kill -0 "$child" 2>/dev/null && fail "the child outlived SIGTERM" || pass

# A run stopped with its job (Ctrl-Z) is not cut off for the time it was
# stopped: stopped 6 s into a limit of 4 s, the endless file is cut off
# 4 s of reading after it resumes, not at once.
setsid "$IX" --db "$TMP/stopped" --file-timeout 4 "$TMP/one" >/dev/null 2>"$TMP/err" &
watcher=$!
bounded "$watcher"
child=$(wait_reading "$watcher")
start=$(date +%s.%N)
kill -STOP -- "-$watcher"
sleep 6
kill -CONT -- "-$watcher"
wait "$watcher"
check_eq "$?" 1 "the stopped run completes"
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { exit !(e - s >= 8) }' && pass ||
  fail "cut off $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }') s after the stop: the pause was counted"
check_contains "$(cat "$TMP/err")" "b-endless.pdf: extract: not read within the time limit of 4 s" \
  "and the endless file is cut off all the same"

# --file-timeout 0: no limit, and one process.
"$IX" --db "$TMP/unwatched" --file-timeout 0 "$TMP/one" >/dev/null 2>&1 &
pid=$!
sleep 2
check_eq "$(children "$pid")" "" "an unwatched run has no child"
kill -KILL "$pid"; wait "$pid" 2>/dev/null

for bad in -1 abc 86401; do
  "$IX" --db "$TMP/x" --file-timeout "$bad" "$TMP/good" >/dev/null 2>"$TMP/err"
  check_eq "$?" 2 "--file-timeout $bad is refused"
  check_contains "$(cat "$TMP/err")" "--file-timeout takes seconds from 0 (no limit) to 86400, not '$bad'" \
    "--file-timeout $bad is named"
done
kill "${guards[@]}" 2>/dev/null
report

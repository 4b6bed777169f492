#!/usr/bin/env bash
# The crash loop: the indexer killed (SIGKILL) at random moments over an
# archive of CRASH_FILES files (tests/crash/make_archive.py), each run
# resuming what the killed one left, as an operator's restarts would.
#
#   KILDE_BIN=bin tests/crash/crashloop.sh        (make crashloop)
#
# One uninterrupted run builds the reference index and takes T seconds.
# Then runs are killed at a moment in (0, T): after each kill the index
# opens (xapian-delve gives a document count) and no unit id names two
# documents.  A chain of kills ends after CRASH_CHAIN kills, or when a run
# completes before its moment comes; then a clean run completes the index,
# which must hold exactly what the reference holds (the same sorted unit
# ids, document count and total length), and the next chain starts from
# nothing, so that the creation of the database is killed again.  The first
# run of a chain is killed in its first few hundred milliseconds now and
# then (the creation is in its first tens).
#
#   CRASH_KILLS  kills (default 50)      CRASH_FILES  files (default 3000)
#   CRASH_SEED   archive and moments (1) CRASH_CHAIN  kills a chain (10)
#   CRASH_JOBS   --jobs (2)              CRASH_BATCH  --batch (100)
#   CRASH_LEFTOVERS  fail (default) or note: what a completed run that
#                left data beside the index (index.compact) counts as
#   CRASH_KEEP   folder that keeps a failure's index and logs (default
#                build/crashloop/failure-SEED, under the source tree)
#
# tests/crash/test_crashloop.sh is the short version for make check; it sets
# these and sources this file.  Prints "N passed, M failed" (testlib.sh) and
# a verdict; exit 1 on any difference.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
source tests/testlib.sh
IX="$KILDE_BIN/indexer"
KILLS=${CRASH_KILLS:-50} FILES=${CRASH_FILES:-3000} SEED=${CRASH_SEED:-1}
CHAIN=${CRASH_CHAIN:-10} JOBS=${CRASH_JOBS:-2} BATCH=${CRASH_BATCH:-100}
KEEP=${CRASH_KEEP:-$PWD/build/crashloop/failure-$SEED}
ARCHIVE="$TMP/archive"
# Each index in a folder of its own: its creation's hidden sibling
# (.index.creating-*) and a compaction's copy (index.compact) live beside it.
REF="$TMP/ref/index" DB="$TMP/loop/index"
RANDOM=$SEED

say() { echo "crashloop: $*"; }
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# ---- what an index holds ---------------------------------------------------

doccount() { xapian-delve "$1" 2>/dev/null | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }
revision() { xapian-delve "$1" 2>/dev/null | sed -nE 's/^revision = ([0-9]+)/\1/p'; }
# "term termfreq collfreq wdf-bound" a line; a term may hold spaces, so the
# numbers are taken from the end.
term_stats() { xapian-delve -vv -a -1 "$1" 2>/dev/null | tail -n +2; }
unit_ids() { term_stats "$1" | awk '/^Q/ { NF -= 3; print }' OFS=' ' | sort; }
# A document's length is the sum of its terms' wdf, so the index's total is
# the sum of the collection frequencies: exact, where delve's average is
# rounded to six digits.
total_length() { term_stats "$1" | awk '{ s += $(NF - 1) } END { printf "%d\n", s }'; }
# Unit ids given to more than one document, and documents without one.
unit_problems() { # db
  local stats; stats=$(term_stats "$1")
  printf '%s\n' "$stats" | awk '/^Q/ && $(NF - 2) != 1 { NF -= 3; print "unit id on " $0 " documents" }'
  local ids docs
  ids=$(printf '%s\n' "$stats" | grep -c '^Q') docs=$(doccount "$1")
  [ "$ids" = "$docs" ] || echo "$docs documents but $ids unit ids"
}
# What lies beside an index besides it: a creation's folder (an empty one
# may stay by design: a creation that had not locked it yet is not judged
# stale) or a compaction's copy.
leftovers() { # folder
  local f
  for f in "$1"/.index.creating-* "$1"/index.compact; do
    [ -e "$f" ] || continue
    if [ -d "$f" ] && [ -z "$(ls -A "$f")" ]; then echo "empty:$(basename "$f")"
    else echo "data:$(basename "$f") ($(du -sk "$f" | cut -f1) KB)"; fi
  done
}

# ---- runs --------------------------------------------------------------------

# Whether any process of the group is alive (zombies aside): the indexer's
# helpers, if it has any, die with it, and a restart waits for them.
group_alive() { # pgid
  awk -v pg="$1" '{ sub(/^.*\) /, ""); if ($3 == pg && $1 != "Z") found = 1 }
    END { exit !found }' /proc/[0-9]*/stat 2>/dev/null
}

# Runs the indexer in a session of its own and kills it (SIGKILL) kill_ms
# after its start unless it ends first (0: never).  Sets run_status (137
# when killed), run_ms (its start to its end or the kill) and run_group_ms
# (how long the group outlived the kill).
run_indexer() { # kill_ms log
  local kill_ms=$1 start pid
  start=$(now_ms)
  setsid "$IX" --db "$DB" --jobs "$JOBS" --batch "$BATCH" "$ARCHIVE" >"$2" 2>&1 &
  pid=$!
  if [ "$kill_ms" -gt 0 ]; then
    local left=$((kill_ms - ($(now_ms) - start)))
    [ "$left" -gt 0 ] && sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"
    kill -KILL "$pid" 2>/dev/null  # an ended run is a zombie until waited for: no effect
  fi
  wait "$pid" 2>/dev/null; run_status=$?  # (no "Killed" from bash)
  run_ms=$(($(now_ms) - start))
  # setsid made the indexer its group's leader (pid = pgid): wait for the rest
  local gone; gone=$(now_ms)
  while group_alive "$pid"; do
    if [ $(($(now_ms) - gone)) -gt 30000 ]; then
      fail "a process of group $pid lives 30 s after the indexer's end"; break
    fi
    sleep 0.01
  done
  run_group_ms=$(($(now_ms) - gone))
  [ "$run_group_ms" -gt "$max_group_ms" ] && max_group_ms=$run_group_ms
}

# A moment for the next kill: within the reference run's time, and for a run
# that starts from nothing now and then (and always the first: a short loop
# must hit it too) within its first 400 ms (log-uniform from 2 ms), where
# the database is created.  Sets moment, in this shell: RANDOM in a
# subshell is seeded anew, and CRASH_SEED is to give the same draws.
pick_moment() { # fresh(0/1)
  if [ "$1" = 1 ] && { [ "$kills" = 0 ] || [ $((RANDOM % 3)) = 0 ]; }; then
    moment=$(awk -v r="$RANDOM" 'BEGIN { printf "%d\n", exp(log(2) + (log(400) - log(2)) * r / 32767) }')
  else
    moment=$(((RANDOM * 32768 + RANDOM) % (REF_MS - 1) + 1))
  fi
}

# Keeps what the first failure left for a person to look at (later ones
# are listed beside it).
keep_failure() { # what
  mkdir -p "$KEEP"
  if [ ! -e "$KEEP/loop" ]; then
    cp -r "$TMP/loop" "$KEEP/" 2>/dev/null
    cp "$TMP"/*.log "$KEEP/" 2>/dev/null
  fi
  echo "$1" >>"$KEEP/README"
  say "  kept in $KEEP: the index and the runs' output"
}

# The index after a kill: it opens, and no unit twice.  Its state in
# kill_state (not printed: the counters must stay in this shell).
check_after_kill() { # label
  local problems state
  if [ -e "$DB" ]; then
    local docs; docs=$(doccount "$DB")
    if [ -z "$docs" ]; then
      fail "$1: the index does not open: $(xapian-delve "$DB" 2>&1 | head -c 300)"
      keep_failure "$1: the index does not open"; state="DOES NOT OPEN"
    else
      pass
      problems=$(unit_problems "$DB")
      check_eq "$problems" "" "$1: units"
      [ -n "$problems" ] && keep_failure "$1: $problems"
      state="$docs units, revision $(revision "$DB")"
    fi
  else
    state="no index yet"
  fi
  local left; left=$(leftovers "$(dirname "$DB")" | tr '\n' ' ')
  kill_state="$state${left:+; beside it: $left}"
}

# A run that completed: the reference's status, and exactly its index
# (what it holds in complete_state).
check_complete() { # label status
  check_eq "$2" "$REF_STATUS" "$1: exit status ($(grep -v ': note:' "$TMP/run.log" | tail -n 3 | head -c 400))"
  local ids; ids=$(unit_ids "$DB")
  if [ "$ids" = "$REF_IDS" ]; then pass; else
    local missing extra
    missing=$(comm -23 <(echo "$REF_IDS") <(echo "$ids") | wc -l)
    extra=$(comm -13 <(echo "$REF_IDS") <(echo "$ids") | wc -l)
    fail "$1: unit ids differ from the reference's: $missing missing, $extra not in it, e.g. $(comm -3 <(echo "$REF_IDS") <(echo "$ids") | head -n 4 | tr '\n\t' '  ')"
    keep_failure "$1: unit ids differ"
  fi
  local docs len; docs=$(doccount "$DB") len=$(total_length "$DB")
  check_eq "$docs" "$REF_DOCS" "$1: document count"
  check_eq "$len" "$REF_LENGTH" "$1: total length"
  [ "$docs" = "$REF_DOCS" ] && [ "$len" = "$REF_LENGTH" ] || keep_failure "$1: $docs documents, length $len"
  check_eq "$(unit_problems "$DB")" "" "$1: units"
  # A run killed while it compacts a fresh build leaves index.compact; the
  # next run must remove it (docs/TESTING.md, "Crash loop": it once did
  # not).  CRASH_LEFTOVERS=note reports such a leftover and goes on.
  local stale; stale=$(leftovers "$(dirname "$DB")" | grep '^data:')
  if [ -n "$stale" ]; then
    leftover_runs=$((leftover_runs + 1))
    if [ "${CRASH_LEFTOVERS:-fail}" = note ]; then
      echo "crashloop: note: $1: left beside the index: $stale" >&2
    else
      fail "$1: left beside the index after a completed run: $stale"
    fi
  fi
  complete_state="$docs units, total length $len: "
  if [ "$ids" = "$REF_IDS" ] && [ "$docs" = "$REF_DOCS" ] && [ "$len" = "$REF_LENGTH" ]; then
    complete_state+="the reference index"
  else
    complete_state+="DIFFERENT from the reference"
  fi
  [ -n "$(leftovers "$(dirname "$DB")")" ] && complete_state+="; beside it: $(leftovers "$(dirname "$DB")" | tr '\n' ' ')"
}

# ---- the loop ------------------------------------------------------------------

loop_start=$(now_ms)
python3 tests/crash/make_archive.py --files "$FILES" --seed "$SEED" "$ARCHIVE" | sed 's/^/crashloop: archive: /'
say "archive: $(find "$ARCHIVE" -type f | sed -nE 's/.*\.([a-z]+)$/\1/p' | sort | uniq -c | awk '{ printf "%s%d %s", (NR > 1 ? ", " : ""), $1, $2 }'), in $(find "$ARCHIVE" -type d | wc -l) folders"
say "indexer --jobs $JOBS --batch $BATCH; $KILLS kills, a clean run after at most $CHAIN; seed $SEED"

mkdir -p "$(dirname "$REF")" "$(dirname "$DB")"
start=$(now_ms)
"$IX" --db "$REF" --jobs "$JOBS" --batch "$BATCH" "$ARCHIVE" >"$TMP/ref.log" 2>&1
REF_STATUS=$? REF_MS=$(($(now_ms) - start))
REF_IDS=$(unit_ids "$REF") REF_DOCS=$(doccount "$REF") REF_LENGTH=$(total_length "$REF")
[ "$REF_STATUS" -le 1 ] && [ -n "$REF_DOCS" ] && [ "$REF_DOCS" -gt 0 ] && pass ||
  { fail "the reference run: status $REF_STATUS: $(tail -n 3 "$TMP/ref.log")"; report; exit 1; }
check_eq "$(unit_problems "$REF")" "" "the reference's units"
say "reference: $(printf '%d.%03d' $((REF_MS / 1000)) $((REF_MS % 1000))) s, exit status $REF_STATUS ($(grep -c ': extract:' "$TMP/ref.log") files failed, as made), $REF_DOCS units, total length $REF_LENGTH"
grep -E '^indexer: [0-9]+ files' "$TMP/ref.log" | sed 's/^/crashloop:   /'

kills=0 chains=0 completions=0 early=0 fresh_kills=0 max_group_ms=0 leftover_runs=0
while [ "$kills" -lt "$KILLS" ]; do
  chains=$((chains + 1)) chain_kills=0
  rm -rf "$(dirname "$DB")"; mkdir -p "$(dirname "$DB")"
  say "chain $chains, from nothing:"
  completed=0
  while [ "$kills" -lt "$KILLS" ] && [ "$chain_kills" -lt "$CHAIN" ]; do
    fresh=0; [ -n "$(doccount "$DB")" ] && [ "$(doccount "$DB")" -gt 0 ] || fresh=1
    pick_moment "$fresh"
    run_indexer "$moment" "$TMP/run.log"
    if [ "$run_status" -eq 137 ]; then
      kills=$((kills + 1)) chain_kills=$((chain_kills + 1))
      [ "$moment" -lt 400 ] && early=$((early + 1))
      [ "$fresh" = 1 ] && fresh_kills=$((fresh_kills + 1))
      check_after_kill "kill $kills at $moment ms"
      printf 'crashloop:   kill %2d at %6d ms%s: %s\n' "$kills" "$moment" \
        "$([ "$fresh" = 1 ] && echo ' (a run from nothing)')" "$kill_state"
    else
      completions=$((completions + 1)) completed=1
      check_complete "chain $chains, run completed before its kill" "$run_status"
      printf 'crashloop:   run completed in %d ms, before its kill at %d ms: %s\n' "$run_ms" "$moment" \
        "$complete_state"
      break
    fi
  done
  if [ "$completed" = 0 ]; then
    run_indexer 0 "$TMP/run.log"
    completions=$((completions + 1))
    check_complete "chain $chains, the clean run" "$run_status"
    printf 'crashloop:   clean run, %d ms: %s\n' "$run_ms" "$complete_state"
  fi
done
total_ms=$(($(now_ms) - loop_start))
say "$kills kills ($fresh_kills of a run from nothing, $early in the first 400 ms) in $chains chains; $completions completed runs compared with the reference; $leftover_runs of them with data left beside the index; a run's process group outlived it by at most $max_group_ms ms; $((total_ms / 60000)) min $((total_ms / 1000 % 60)) s in all"
if [ "${t_failed:?}" -eq 0 ]; then
  say "VERDICT: PASS: every index opened, no unit twice, every completed run gave the reference index"
else
  say "VERDICT: FAIL: $t_failed checks failed (above; kept in $KEEP)"
fi
report

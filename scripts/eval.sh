#!/usr/bin/env bash
# make eval: index corpus/ into a fresh temporary index, start searchd on it,
# and score its ranking over the judged queries (tests/eval/run.py prints
# MRR@10, success@1, success@10 and every query not answered at rank 1),
# then score the positions extractor (tests/eval/positions.py: precision,
# recall and stance against the hand-labelled positions).
# Everything it makes is removed at the end; nothing under var/ is touched.
#   scripts/eval.sh BINDIR [run.py options, e.g. --json or --queries FILE]
# Exit status: run.py's (0 scored, 1 below a --floor-* given, 2 could not run).
set -euo pipefail
if [ ! -x "${1:-bin}/indexer" ] || [ ! -x "${1:-bin}/searchd" ]; then
  echo "eval: no indexer and searchd in ${1:-bin} (build them with make)" >&2
  exit 2
fi
bindir=$(cd "${1:-bin}" && pwd)
shift || true
cd "$(dirname "$0")/.."
export KILDE_SCHEMA_DIR=${KILDE_SCHEMA_DIR:-$PWD/schemas}
# The sanitizer build's programs are several times slower: wait longer.
slow=1; case $bindir in */san/*) slow=4 ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/kilde-eval.XXXXXX")
db=$work/index sock=$work/searchd.sock pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# Exit 1 from the indexer: some file failed, the others are indexed.
rc=0
"$bindir/indexer" --db "$db" --jobs 2 corpus/ >"$work/indexer.out" 2>"$work/indexer.err" || rc=$?
if [ "$rc" -eq 1 ]; then
  echo "eval: the indexer could not index every file of corpus/; scoring what it did:" >&2
  grep -v '^indexer: ' "$work/indexer.err" | head -n 20 >&2 || true
elif [ "$rc" -ne 0 ]; then
  echo "eval: $bindir/indexer failed (exit $rc):" >&2
  tail -n 20 "$work/indexer.err" >&2
  exit 2
fi

"$bindir/searchd" --foreground --db "$db" --socket "$sock" </dev/null >/dev/null 2>"$work/searchd.err" &
pid=$!
for _ in $(seq $((100 * slow))); do
  [ -S "$sock" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -S "$sock" ]; then
  echo "eval: searchd did not come up on $sock:" >&2
  tail -n 20 "$work/searchd.err" >&2
  exit 2
fi

rc=0
python3 tests/eval/run.py --socket "$sock" "$@" || rc=$?
if [ "$rc" -eq 2 ] && [ -s "$work/searchd.err" ]; then
  echo "eval: searchd's log:" >&2
  tail -n 20 "$work/searchd.err" >&2
fi
# The positions extractor against its hand-labelled list, after the ranking;
# the worse of the two exit statuses is ours.
prc=0
echo
case " $* " in *" --json "*) python3 tests/eval/positions.py --bin "$bindir" --json || prc=$? ;;
               *) python3 tests/eval/positions.py --bin "$bindir" || prc=$? ;; esac
[ "$prc" -gt "$rc" ] && rc=$prc
exit "$rc"

#!/usr/bin/env bash
# Part of make bench: search latency and throughput on a synthetic archive
# of UNITS units (default 100,000; tests/bench/archive.sh builds it once,
# in shards of SHARD_UNITS behind a stub file when larger): searchd over
# its socket with 1 and 4 clients, its own request handler in process (the
# same sd_handle its workers call, without socket and loop), its HTTP API
# (GET /api/search, kept-alive) with 1 and 4 clients, and its peak memory.
# The queries are tests/bench/queries.txt: one to three words, snippets on.
# Figures, not assertions: one table, a row per build.
#
# BEFORE=DIR adds a row for the searchd in DIR (say /work/main/bin), run
# against the same archive, each measurement interleaved with this one's
# (before, after, before, after…) so both see the same load on a shared
# machine.  Each figure is the median over ROUNDS runs of SECONDS_PER s.
#   tests/bench/search.sh BINDIR SEARCHBENCH
#   environment: UNITS, SHARD_UNITS, BEFORE, ROUNDS (3), SECONDS_PER (5)
set -euo pipefail
cd "$(dirname "$0")/../.."
bindir=$1 sb=$2
units=${UNITS:-100000}
secs=${SECONDS_PER:-5}
rounds=${ROUNDS:-3}
work=build/bench
out=$work/search-$units
queries=tests/bench/queries.txt

db=$(tests/bench/archive.sh "$bindir" "$units")
rm -rf "$out"
mkdir -p "$out"

labels=(after) dirs=("$bindir")
if [ -n "${BEFORE:-}" ]; then
  [ -x "$BEFORE/searchd" ] || { echo "search.sh: no searchd in BEFORE=$BEFORE" >&2; exit 2; }
  labels=(before after) dirs=("$BEFORE" "$bindir")
fi

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done' EXIT
declare -A sock port pid
for i in "${!labels[@]}"; do
  l=${labels[$i]}
  sock[$l]=$out/$l.sock
  port[$l]=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${dirs[$i]}/searchd" --foreground --db "$db" --socket "${sock[$l]}" --workers 2 \
    --http "127.0.0.1:${port[$l]}" 2>"$out/$l.log" &
  pid[$l]=$!
  pids+=("$!")
  for _ in $(seq 100); do [ -S "${sock[$l]}" ] && break; sleep 0.1; done
  # A pass that is not counted, so no figure is the only one read from a
  # cold page cache.
  "$sb" socket "${sock[$l]}" "$queries" 2 "$secs" >/dev/null
done

echo "== search on $units units ($(nproc) cores shared; median of $rounds runs of $secs s each)"
for r in $(seq "$rounds"); do
  for l in "${labels[@]}"; do
    "$sb" socket "${sock[$l]}" "$queries" 1 "$secs" >"$out/$l.socket1.$r"
    "$sb" socket "${sock[$l]}" "$queries" 4 "$secs" >"$out/$l.socket4.$r"
    # in process: this build's handler only (an older searchbench measured
    # something else under the same name)
    if [ "$l" = after ]; then "$sb" inproc "$db" "$queries" "$secs" >"$out/$l.inproc.$r"; fi
    "$sb" http "127.0.0.1:${port[$l]}" "$queries" 1 "$secs" >"$out/$l.http1.$r"
    "$sb" http "127.0.0.1:${port[$l]}" "$queries" 4 "$secs" >"$out/$l.http4.$r"
  done
done
for l in "${labels[@]}"; do
  awk '/VmHWM/ {print $2}' "/proc/${pid[$l]}/status" >"$out/$l.rss"
done
shards=1
case $db in *stub) shards=$(grep -c . "$db") ;; esac
python3 tests/bench/search_table.py "$out" "$units" "$shards" "${labels[@]}"

#!/usr/bin/env bash
# Part of make bench: search latency and throughput of searchd over its
# socket with 1 and 4 clients, the same queries over its HTTP API
# (GET /api/search, kept-alive), through Xapian in process, and the
# daemon's peak memory, on a synthetic archive of 100,000 units.
# Figures, not assertions.  UNITS=N for a smaller archive; SECONDS_PER=N.
#   tests/bench/search.sh BINDIR SEARCHBENCH
set -euo pipefail
cd "$(dirname "$0")/../.."
bindir=$1 sb=$2
units=${UNITS:-100000}
secs=${SECONDS_PER:-10}
work=build/bench
src=$work/units-$units db=$work/units-$units.db sock=$work/searchd.sock

if [ ! -d "$db" ]; then
  python3 tests/bench/gen_units.py "$src" "$units" >&2
  echo "== indexing $units units (once; kept in $db)"
  "$bindir/indexer" --db "$db" --jobs 2 --json "$src" 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("   %d units, %.0f MB of text in %.0f s (%.2f MB/s)" % (d["units"], d["text_mb"], d["seconds"], d["text_mb"] / d["seconds"]))'
fi

rm -f "$sock"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bindir/searchd" --foreground --db "$db" --socket "$sock" --workers 2 --http "127.0.0.1:$port" \
  2>"$work/searchd.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done

echo "== search on $units units ($(nproc) cores, ${secs} s each; goals: p50 < 1 ms, p99 < 10 ms,"
echo "   socket+JSON <= 1.3x in process, 4 clients >= 1.8x one client, searchd RSS < 64 MB)"
# A pass that is not counted, so the first figures are not the only ones
# read from a cold page cache.
"$sb" socket "$sock" tests/bench/queries.txt 2 "$(( (secs + 1) / 2 ))" >/dev/null
"$sb" socket "$sock" tests/bench/queries.txt 1 "$secs" | tee "$work/one.out"
"$sb" socket "$sock" tests/bench/queries.txt 4 "$secs" | tee "$work/four.out"
"$sb" inproc "$db" tests/bench/queries.txt "$secs" | tee "$work/inproc.out"
"$sb" http "127.0.0.1:$port" tests/bench/queries.txt 1 "$secs" | tee "$work/http-one.out"
"$sb" http "127.0.0.1:$port" tests/bench/queries.txt 4 "$secs" | tee "$work/http-four.out"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
awk -v rss="$rss" '
  FNR == 1 { f++ }
  { for (i = 1; i <= NF; i++) { if ($i == "p50") p50[f] = $(i+1); if ($i == "requests/s") rps[f] = $(i-1) } }
  END {
    printf "   socket/in-process p50: %.2fx   4 clients/1 client throughput: %.2fx   searchd peak RSS: %.0f MB\n",
      p50[1] / p50[3], rps[2] / rps[1], rss / 1024 }' "$work/one.out" "$work/four.out" "$work/inproc.out"
awk '
  FNR == 1 { f++ }
  { for (i = 1; i <= NF; i++) { if ($i == "p50") p50[f] = $(i+1); if ($i == "p99") p99[f] = $(i+1) } }
  END {
    printf "   HTTP beside the socket, 1 client: p50 %.3f vs %.3f ms (%.2fx), p99 %.3f vs %.3f ms (%.2fx)\n",
      p50[3], p50[1], p50[3] / p50[1], p99[3], p99[1], p99[3] / p99[1]
    printf "   HTTP beside the socket, 4 clients: p50 %.3f vs %.3f ms (%.2fx), p99 %.3f vs %.3f ms (%.2fx)\n",
      p50[4], p50[2], p50[4] / p50[2], p99[4], p99[2], p99[4] / p99[2] }' \
  "$work/one.out" "$work/four.out" "$work/http-one.out" "$work/http-four.out"

#!/usr/bin/env bash
# make demo: index the bundled corpus, start searchd on it, and show a few
# real searches as a person would type them.
set -euo pipefail
bindir=${1:-bin}
cd "$(dirname "$0")/.."
db=var/index sock=var/searchd.sock pidfile=var/searchd.pid
mkdir -p var

echo "== Indexing corpus/ into $db"
"$bindir/indexer" --db "$db" --jobs 2 corpus/ || [ $? -eq 1 ]
echo "   (a plain Xapian database: Xapian's own tools read it, e.g. xapian-delve $db)"

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"   # a searchd left by an earlier demo
  for _ in $(seq 50); do [ -S "$sock" ] || break; sleep 0.1; done
fi
echo
echo "== Starting searchd on $sock, with the search page"
# The page's port is 7701, or the next free one when another program has it.
port=
for try in $(seq 7701 7720); do
  # only this attempt's lines count: an earlier run's are in the log too
  logged=$(( $(stat -c %s var/searchd.log 2>/dev/null || echo 0) + 1 ))
  if "$bindir/searchd" --db "$db" --socket "$sock" --pidfile "$pidfile" \
       --http "127.0.0.1:$try" </dev/null >/dev/null 2>>var/searchd.log; then
    port=$try
    break
  fi
  tail -c +"$logged" var/searchd.log | grep -q "127.0.0.1:$try: bind: Address already in use" || {
    echo "demo: searchd did not start; its log says:" >&2
    tail -c +"$logged" var/searchd.log | tail -n 5 >&2
    exit 1
  }
done
[ -n "$port" ] || { echo "demo: ports 7701-7720 are all taken; see var/searchd.log" >&2; exit 1; }
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
"$bindir/kilde" --socket "$sock" ping
echo "   the search page: http://127.0.0.1:$port/"

search() {
  echo
  echo "\$ kilde search $*"
  "$bindir/kilde" --socket "$sock" search "$@" || true
}
search -n 2 hvor mange høringer behandlet legeforeningen i 2024
search -n 2 --type horingsinnspill LIS1-stillinger Stortinget
search -n 3 --sort newest medisinstudenter
search -n 1 horinger

# The stances the association took, and a matter through the years.
history() {
  echo
  echo "\$ kilde $*"
  "$bindir/kilde" --socket "$sock" "$@" || true
}
history positions --stance ber LIS1-stillinger
history timeline LIS1

cat <<MSG

searchd keeps running (pid $(cat "$pidfile")). Search yourself:
  in a browser: http://127.0.0.1:$port/            (Standpunkter, Historikk and Status are on the page)
  $bindir/kilde --socket $sock search WORDS...   e.g.  search --type arsmelding --from 2024 ventetider
  $bindir/kilde --socket $sock positions WORDS... the stances taken (--stance ber, krever, …)
  $bindir/kilde --socket $sock timeline WORDS...  a matter year by year
  $bindir/kilde --socket $sock get ID            a unit's full text
  $bindir/kilde --socket $sock suggest sykeh     completions for a search box
Its log: var/searchd.log.  Stop it with: kill \$(cat $pidfile)
MSG

#!/usr/bin/env bash
# make demo: index the bundled corpus and show what came out.
set -euo pipefail
bindir=${1:-bin}
cd "$(dirname "$0")/.."
db=var/index
mkdir -p var
echo "== Indexing corpus/ into $db"
"$bindir/indexer" --db "$db" --jobs 2 corpus/ || [ $? -eq 1 ]
echo
echo "== The index, as Xapian's own tools see it"
xapian-delve "$db" | grep -E "number of documents|average document length"
echo
echo "== A few sections, with the pages a reader would cite"
scripts/show-units.py "$db" \
  "Legeforeningens arbeid med høringer" \
  "IA-avtalen manglende enighet" \
  "antall LIS1-stillinger må økes" \
  "fremtidens leger på tvers av landegrensene"
echo
echo "Index again (unchanged files are skipped): $bindir/indexer --db $db corpus/"
echo "Look inside:  xapian-delve $db;  quest -s norwegian -d $db 'høringer 2024'"

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
xapian-delve "$db" | head -n 4
echo
echo "== A few sections, with the pages a reader would cite"
scripts/show-units.sh "$db" \
  "4.2 Legeforeningens arbeid med høringer" \
  "2.1.5 IA-avtalen" \
  "Antall LIS1-stillinger" \
  "Medlemsmøter med fremtidens leger"
echo
echo "Index again (unchanged files are skipped): $bindir/indexer --db $db corpus/"
echo "Look inside:  xapian-delve -a $db | head;  quest -d $db 'høringer'"

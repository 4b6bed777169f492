#!/usr/bin/env bash
# Generates the benchmark's synthetic corpus: realistic Norwegian PDFs
# (annual-report-like and consultation-like, about 50 pages each) rendered by
# tools/build/mkpdf from text that tests/bench/synth_text.py writes with a
# Markov chain trained on tests/data/seeds/*.txt.  Not committed: made at
# bench time, deterministic (same seeds, same files), well under a minute.
#
#   tests/bench/gen-synthetic.sh OUTDIR [PAGES]     (PAGES default 2000)
#
# OUTDIR gets *.pdf only (it is emptied of earlier *.pdf first); prints
# "gen-synthetic: N files, M pages in OUTDIR".
# Environment: SYNTH_SEED (default 2024), JOBS (default nproc), MKPDF.
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [PAGES]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
OUT=$1
PAGES=${2:-2000}
[[ $PAGES =~ ^[1-9][0-9]*$ ]] || usage

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MKPDF=${MKPDF:-$ROOT/tools/build/mkpdf}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
SEED=${SYNTH_SEED:-2024}

if [ ! -x "$MKPDF" ]; then
  make --no-print-directory -C "$ROOT/tools" >&2
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 "$ROOT/tests/bench/synth_text.py" --seeds "$ROOT/tests/data/seeds" \
  --pages "$PAGES" --seed "$SEED" "$TMP"

# Each NNN.args holds mkpdf's arguments, NUL-separated, ending in
# "TMP/NNN.txt TMP/NNN.pdf"; run them in parallel.
find "$TMP" -name '*.args' -print0 | sort -z |
  xargs -0 -P "$JOBS" -I{} sh -c 'xargs -0 "$0" <"$1"' "$MKPDF" {}

find "$OUT" -maxdepth 1 -name '*.pdf' -delete
files=0 pages=0
for pdf in "$TMP"/*.pdf; do
  n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  [ -n "$n" ] || { echo "gen-synthetic: cannot read $pdf" >&2; exit 1; }
  mv "$pdf" "$OUT/"
  files=$((files + 1)) pages=$((pages + n))
done
echo "gen-synthetic: $files files, $pages pages in $OUT"

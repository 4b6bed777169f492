#!/usr/bin/env bash
# Regenerates corpus/ and tests/data/seeds/ from the seed texts.
#   make corpus                       (builds tools/build/mkpdf, then runs this)
#   SEEDS=/path/to/seeds tools/make-corpus.sh
#
# Seeds (extracted text of five real documents), default ../shared/seeds:
#   000_*.txt  Tidsskriftet, Aktuelt i foreningen (2026)   -> HTML
#   001_*.txt  Tidsskriftet, Aktuelt i foreningen (2024), Markdown-flavoured -> HTML
#   002_*.txt  høringsinnspill, Meld. St. 19 (2023-2024), PDF-damaged text -> PDF
#   003_*.txt  Tidsskriftet, Aktuelt i foreningen (2020)   -> HTML (ISO-8859-1)
#   004_*.txt  Årsmelding 2024                              -> PDF
# The outputs are committed, so nobody needs this script or the seeds to
# build or test kilde.  Idempotent: the same seeds give byte-identical files.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# Default: the shared seed folder next to the checkout (/work/shared/seeds here).
SEEDS=${SEEDS:-$ROOT/../shared/seeds}
MKPDF=${MKPDF:-$ROOT/tools/build/mkpdf}
CORPUS=$ROOT/corpus
SEEDCOPY=$ROOT/tests/data/seeds

[ -d "$SEEDS" ] || { echo "make-corpus: no seed directory $SEEDS (set SEEDS=)" >&2; exit 1; }
if [ ! -x "$MKPDF" ]; then
  make --no-print-directory -C "$ROOT/tools" >&2
fi

seed() {  # seed NNN -> path of the one seed file NNN_*.txt
  local f=( "$SEEDS"/"$1"_*.txt )
  [ -f "${f[0]}" ] && [ "${#f[@]}" -eq 1 ] || { echo "make-corpus: want exactly one $SEEDS/$1_*.txt" >&2; exit 1; }
  printf '%s\n' "${f[0]}"
}
S000=$(seed 000) S001=$(seed 001) S002=$(seed 002) S003=$(seed 003) S004=$(seed 004)

mkdir -p "$CORPUS" "$SEEDCOPY"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

export LC_ALL=C.UTF-8

# Numbered section headings (2.1, 3.1.4 …) and chapter headings are bold.
HEADINGS='^\s*(\d{1,2}(\.\d{1,2}){1,2}\s+[A-ZÆØÅ]|\d{1,2} [A-ZÆØÅ]{3,})|^\s*Fra presidenten\s*$'

# --- Høringsinnspill (seed 002): three pages, as in the original. ---------
# Its title and section headings (the lines that open each section) are bold.
CONSULTATION_HEADINGS='^(Legeforeningens innspill .l Meld|utdanningar over heile landet|Norge må utdanne flere leger i tråd|Antall LIS1-stillinger må økes|Kvaliteten i medisinsk grunnutdanning|En nasjonal ordning for finansiering|Kompletterende utdanning for leger|Legebestanden må speile)'
python3 "$ROOT/tools/prepare-seed.py" consultation <"$S002" >"$TMP/002.txt"
"$MKPDF" \
  --title "Legeforeningens innspill til Meld. St. 19 (2023-2024) Profesjonsnære utdanningar over heile landet" \
  --author "Den norske legeforening" \
  --subject "Høringsinnspill til Stortingets utdannings- og forskningskomité" \
  --created 2024-02-26T14:05:00+01:00 \
  --header "Den norske legeforening" --no-header-first \
  --footer "Side %p av %n" \
  --small '^\s*https?://' --small-scale 0.68 \
  --bold "$CONSULTATION_HEADINGS" \
  "$TMP/002.txt" "$CORPUS/horingsinnspill-meld-st-19-2023-2024.pdf"

# --- Årsmelding 2024 (seed 004): i, ii for the foreword, then 1, 2, 3 … -----
python3 "$ROOT/tools/prepare-seed.py" annual-report <"$S004" >"$TMP/004.txt"
"$MKPDF" \
  --title "Årsmelding 2024" \
  --author "Den norske legeforening" \
  --subject "Legeforeningens årsmelding for 2024" \
  --created 2025-03-14T09:30:00+01:00 \
  --header "Den norske legeforening – Årsmelding 2024" \
  --footer "%p" \
  --lines-per-page 50 --roman-pages 2 \
  --small '^\s*https?://' --small-scale 0.75 \
  --bold "$HEADINGS" \
  "$TMP/004.txt" "$CORPUS/arsmelding-2024.pdf"

# --- Tidsskriftet articles (000, 001, 003) as tidsskriftet.no pages. ------
python3 "$ROOT/tools/make-html.py" "$S000" \
  "$CORPUS/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html"
python3 "$ROOT/tools/make-html.py" --markdown "$S001" \
  "$CORPUS/tidsskriftet-2024-et-godt-legeliv-starter-pa-medisinstudiet.html"
python3 "$ROOT/tools/make-html.py" --legacy "$S003" \
  "$CORPUS/tidsskriftet-2020-utenforlandet-norge.html"

# --- The seeds themselves, for tests and the benchmark text generator. -----
for s in "$S000" "$S002" "$S003" "$S004"; do
  install -m 644 -- "$s" "$SEEDCOPY/$(basename "$s")"
done
install -m 644 -- "$S001" "$SEEDCOPY/$(basename "$S001" .txt).md"

# --- The broken PDFs of tests/data/bad/ are cut from the corpus PDFs. ------
"$ROOT/tools/make-bad-fixtures.sh"

ls -l "$CORPUS" "$SEEDCOPY" | sed 's/^/make-corpus: /' >&2

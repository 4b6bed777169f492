#!/usr/bin/env bash
# Regenerates tests/data/producers/: test PDFs made by real producers
# (LibreOffice, Chromium, groff) from the seed texts, and expected.json, the
# ground truth about them.  Then checks expected.json against the PDFs.
#   make producer-pdfs
#   tools/make-producer-pdfs.sh [--only NAME ...]
# Needs soffice (LibreOffice 7.4 Writer), chromium, groff, qpdf, poppler-utils
# (pdftotext, pdfinfo) and the fonts Carlito, Caladea, Liberation, DejaVu,
# Noto.  The PDFs are committed: nobody needs this script to build or test
# kilde.  The same seeds and producers give the same layout (same pages,
# same lines); dates and IDs inside the PDFs, and the date Chromium prints in
# its own header, are those of the run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/tests/data/producers}

for t in soffice chromium groff qpdf pdftotext pdfinfo python3; do
  command -v "$t" >/dev/null || { echo "make-producer-pdfs: $t not found" >&2; exit 1; }
done

export LC_ALL=C.UTF-8 TZ=UTC
# 2025-03-14 09:30 UTC, the annual report's date; used where a producer reads it
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1741944600}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kilde-producers.XXXXXX")
trap 'rm -rf "$WORK" "$KILDE_CHROMIUM_DIR"' EXIT
# The page Chromium prints with its own header and footer shows its file://
# URL, so it is written to a fixed place.
export KILDE_CHROMIUM_DIR=${TMPDIR:-/tmp}/kilde-producer-pdfs

python3 "$ROOT/tools/producer_docs.py" --out "$OUT" --work "$WORK" "$@"
python3 "$ROOT/tools/check-producer-pdfs.py" "$OUT"
du -sh "$OUT" | sed 's/^/make-producer-pdfs: /' >&2

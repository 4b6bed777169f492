#!/usr/bin/env bash
# Regenerates the broken-PDF fixtures in tests/data/bad/ from the committed
# corpus PDFs (run tools/make-corpus.sh first if those change):
#   truncated.pdf  the annual report cut at 40 % of its bytes (no xref, no %%EOF)
#   encrypted.pdf  the consultation response, AES-128 (R4) with a user password
#   empty.pdf      zero bytes
#   noise.pdf      4 KiB of deterministic pseudo-random bytes (Python random, seed 20240226)
# Only these four files are written; the other fixtures in tests/data/bad/
# (HTML, XML, UTF-8) belong to their own generator.  Idempotent: qpdf's
# --static-id/--static-aes-iv (meant for test files) make encrypted.pdf
# byte-identical per run; that works for AES-128, not for AES-256 (R6 salts
# its password hashes at random), hence 128.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BAD=$ROOT/tests/data/bad
CORPUS=$ROOT/corpus
ANNUAL=$CORPUS/arsmelding-2024.pdf
CONSULT=$CORPUS/horingsinnspill-meld-st-19-2023-2024.pdf

for f in "$ANNUAL" "$CONSULT"; do
  [ -s "$f" ] || { echo "make-bad-fixtures: missing $f (run make corpus)" >&2; exit 1; }
done
mkdir -p "$BAD"

size=$(stat -c %s "$ANNUAL")
head -c $(( size * 40 / 100 )) "$ANNUAL" >"$BAD/truncated.pdf"

# User password "kilde-test" (needed to open), owner password "kilde-owner".
qpdf --static-id --static-aes-iv --encrypt kilde-test kilde-owner 128 --use-aes=y -- \
  "$CONSULT" "$BAD/encrypted.pdf"

: >"$BAD/empty.pdf"

python3 - "$BAD/noise.pdf" <<'EOF'
import random, sys
rng = random.Random(20240226)
with open(sys.argv[1], "wb") as f:
    f.write(bytes(rng.getrandbits(8) for _ in range(4096)))
EOF

ls -l "$BAD/truncated.pdf" "$BAD/encrypted.pdf" "$BAD/empty.pdf" "$BAD/noise.pdf" |
  sed 's/^/make-bad-fixtures: /' >&2

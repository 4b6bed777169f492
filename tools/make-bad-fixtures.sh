#!/usr/bin/env bash
# Regenerates the broken-PDF fixtures in tests/data/bad/ from the committed
# corpus PDFs (run tools/make-corpus.sh first if those change):
#   truncated.pdf  the annual report cut at 40 % of its bytes (no xref, no %%EOF)
#   encrypted.pdf  the consultation response, AES-128 (R4) with a user password
#   empty.pdf      zero bytes
#   noise.pdf      4 KiB of deterministic pseudo-random bytes (Python random, seed 20240226)
#   damaged-page.pdf  the annual report with page 26's page object overwritten by a
#                  string of the same length (poppler reads the other 82 pages)
# Only these five files are written; the other fixtures in tests/data/bad/
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

# qpdf's QDF form writes one object per page, marked "%% Page N", uncompressed.
qpdf --qdf --object-streams=disable --static-id "$ANNUAL" "$BAD/damaged-page.qdf"
python3 - "$BAD/damaged-page.qdf" "$BAD/damaged-page.pdf" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
page = re.compile(rb"(\d+) 0 obj\n<<").search(data, data.index(b"%% Page 26\n"))
end = data.index(b"endobj", page.start())
head = page.group(1) + b" 0 obj\n"
filler = head + b"(" + b"x" * (end - page.start() - len(head) - 2) + b")"
open(sys.argv[2], "wb").write(data[:page.start()] + filler + data[end:])
EOF
rm "$BAD/damaged-page.qdf"

ls -l "$BAD/truncated.pdf" "$BAD/encrypted.pdf" "$BAD/empty.pdf" "$BAD/noise.pdf" "$BAD/damaged-page.pdf" |
  sed 's/^/make-bad-fixtures: /' >&2

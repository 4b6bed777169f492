#!/usr/bin/env bash
# Installs every Debian package kilde needs to build, test and run.
# Idempotent: with everything present it only checks and exits 0.
#   scripts/install-deps.sh          install what is missing (sudo when not root)
#   scripts/install-deps.sh --check  exit 1 if anything is missing, install nothing
set -euo pipefail

PACKAGES=(
  make gcc g++ pkg-config            # toolchain: a minimal Debian 12 has none of them
  clang                              # make fuzz: libFuzzer targets (tests/fuzz/); make check needs none
  libxapian-dev xapian-tools         # the index; xapian-delve/quest/xapian-tcpsrv for tests and operators
  libpoppler-glib-dev poppler-utils  # PDF extraction; pdftotext only for the benchmark's comparison
  libxml2-dev libxml2-utils          # HTML/XML parsing and RelaxNG validation
  libpcre2-dev libjansson-dev libutf8proc-dev
  libevent-dev                       # searchd's event loop
  libpango1.0-dev libcairo2-dev fonts-dejavu-core  # the corpus PDF generator
  hunspell-no wnorwegian             # Norwegian word lists
  qpdf                               # makes the encrypted PDF test fixture
  python3                            # socket tests, the eval runner, bench generators
  time                               # /usr/bin/time: the benchmarks' peak memory
  strace                             # the crash tests kill the indexer at its Nth sync, rename or write
  chromium python3-websocket         # the browser tests (tests/web/, headless over DevTools) and make screenshots
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "missing packages: ${missing[*]}" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2

#!/usr/bin/env bash
# make bench: indexing throughput, beside pdftotext on the same PDFs.
# Figures, not assertions.  Prints, for corpus/ and for a generated corpus
# of 2,000+ pages: pages/s and MB of text/s for `indexer --jobs 2`, the time
# of extracting the same PDFs one by one with pdftotext, their ratio (goal:
# at most 1.3), and the indexer's peak memory.
#   tests/bench/run.sh [BINDIR]     (RUNS=3 repetitions, median reported)
set -euo pipefail
cd "$(dirname "$0")/../.."
bindir=${1:-bin}
runs=${RUNS:-3}
work=build/bench
mkdir -p "$work"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# seconds and peak KB of one command, via GNU time's format
timed() { /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out"; cat "$work/time.out"; }

bench_set() {
  local name=$1; shift
  local pdfs=("$@")
  local pages=0 bytes=0
  for f in "${pdfs[@]}"; do
    pages=$((pages + $(pdfinfo "$f" | sed -nE 's/^Pages: +([0-9]+)/\1/p')))
    bytes=$((bytes + $(pdftotext -q "$f" - | wc -c)))
  done
  local ix_times=() pt_times=() mem=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/db"
    read -r secs kb < <(timed "$bindir/indexer" --db "$work/db" --jobs 2 "${pdfs[@]}")
    ix_times+=("$secs"); mem+=("$kb")
    read -r secs _ < <(timed bash -c 'for f in "$@"; do pdftotext -q "$f" /dev/null; done' _ "${pdfs[@]}")
    pt_times+=("$secs")
  done
  rm -rf "$work/db"
  local write_s
  write_s=$("$bindir/indexer" --db "$work/db" --jobs 2 --json "${pdfs[@]}" 2>/dev/null |
            sed -nE 's/.*"write_seconds":([0-9.]+).*/\1/p')
  local ix pt peak
  ix=$(printf '%s\n' "${ix_times[@]}" | median)
  pt=$(printf '%s\n' "${pt_times[@]}" | median)
  peak=$(printf '%s\n' "${mem[@]}" | sort -n | tail -n 1)
  awk -v n="$name" -v f="${#pdfs[@]}" -v p="$pages" -v b="$bytes" -v ix="$ix" -v pt="$pt" -v kb="$peak" -v ws="$write_s" 'BEGIN {
    if (ix <= 0) ix = 0.001; if (pt <= 0) pt = 0.001
    printf "%-10s %4d PDFs %6d pages %6.1f MB text | indexer --jobs 2: %6.2f s %7.1f pages/s %5.2f MB/s | pdftotext one by one: %6.2f s | ratio %.2f (goal <= 1.3) | peak RSS %.0f MB\n",
      n, f, p, b / 1e6, ix, p / ix, b / 1e6 / ix, pt, ix / pt, kb / 1024
    printf "%-10s of the indexer'"'"'s time, %.2f s is the single Xapian writer (serial); extraction and analysis run on 2 threads\n", "", ws }'
}

echo "== indexing benchmark (median of $runs runs; $(nproc) cores)"
mapfile -t corpus_pdfs < <(ls corpus/*.pdf)
bench_set corpus "${corpus_pdfs[@]}"

tests/bench/gen-synthetic.sh "$work/synthetic" 2000 >&2
mapfile -t synth_pdfs < <(ls "$work"/synthetic/*.pdf)
bench_set synthetic "${synth_pdfs[@]}"

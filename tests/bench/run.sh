#!/usr/bin/env bash
# make bench: indexing throughput, beside pdftotext on the same PDFs.
# Figures, not assertions.  Prints, for many small files (PASSAGES generated
# ~1 KB text passages, tests/bench/gen_passages.py; default 10,000): MB/s,
# CPU seconds, the writer's seconds, the index's size, its ratio to the text
# and each table's MB; then, for corpus/ and for a generated corpus of
# 2,000+ pages: pages/s and MB of text/s for `indexer --jobs 2`, the time
# of extracting the same PDFs one by one with pdftotext, their ratio (goal:
# at most 1.5), and the indexer's peak memory.  BEFORE=DIR (another build's
# bin/, e.g. /work/main/bin) prints its figures above each of BINDIR's.
#   tests/bench/run.sh [BINDIR]     (RUNS=3 repetitions, median reported)
set -euo pipefail
cd "$(dirname "$0")/../.."
bindir=${1:-bin}
runs=${RUNS:-3}
work=build/bench
mkdir -p "$work"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# seconds and peak KB of one command, via GNU time's format
timed() { /usr/bin/time -f '%e %M %U %S' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out"; cat "$work/time.out"; }

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
    read -r secs kb _ < <(timed "$bindir/indexer" --db "$work/db" --jobs 2 "${pdfs[@]}")
    ix_times+=("$secs"); mem+=("$kb")
    read -r secs _ _ _ < <(timed bash -c 'for f in "$@"; do pdftotext -q "$f" /dev/null; done' _ "${pdfs[@]}")
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
    printf "%-10s %4d PDFs %6d pages %6.1f MB text | indexer --jobs 2: %6.2f s %7.1f pages/s %5.2f MB/s | pdftotext one by one: %6.2f s | ratio %.2f (goal <= 1.5) | peak RSS %.0f MB\n",
      n, f, p, b / 1e6, ix, p / ix, b / 1e6 / ix, pt, ix / pt, kb / 1024
    printf "%-10s of the indexer'"'"'s time, %.2f s is the single Xapian writer (serial); extraction and analysis run on 2 threads\n", "", ws }'
}

# One build of many small files into a fresh index: one run (PASSAGES=100000
# takes minutes), with the index's tables as Xapian left them.
bench_small() {
  local label=$1 bin=$2 dir=$3 bytes=$4
  rm -rf "$work/db"
  local json
  json=$(/usr/bin/time -f '%e %M %U %S' -o "$work/time.out" "$bin/indexer" --db "$work/db" \
         --jobs 2 --json "$dir" 2>"$work/stderr.out")
  local secs kb user sys
  read -r secs kb user sys < "$work/time.out"
  local write_s size tables
  write_s=$(printf '%s' "$json" | sed -nE 's/.*"write_seconds":([0-9.e+-]+).*/\1/p')
  size=$(du -sb "$work/db" | cut -f1)
  tables=$(for t in "$work"/db/*.glass; do
             printf '%s %.1f  ' "$(basename "$t" .glass)" "$(stat -c %s "$t")e-6"; done)
  awk -v l="$label" -v s="$secs" -v u="$user" -v y="$sys" -v w="${write_s:-0}" -v b="$bytes" \
      -v z="$size" -v kb="$kb" 'BEGIN {
    if (s <= 0) s = 0.001
    printf "%-7s %6.1f s %5.2f MB/s | CPU %6.1f s (%4.2f MB per CPU s) | writer %6.1f s | index %7.1f MB, %5.1fx the text | peak RSS %.0f MB\n",
      l, s, b / 1e6 / s, u + y, b / 1e6 / (u + y > 0 ? u + y : 0.001), w, z / 1e6, z / b, kb / 1024 }'
  echo "        tables (MB): $tables"
}

small_files() {
  local n=${PASSAGES:-10000} dir="$work/passages"
  if [ "$(cat "$dir/.count" 2>/dev/null)" != "$n" ]; then
    rm -rf "$dir"
    python3 tests/bench/gen_passages.py "$dir" "$n" >&2
    echo "$n" > "$dir/.count"
  fi
  local bytes
  bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{t += $1} END {print t}')
  echo "== $n small files ($(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB of ~1 KB passages), indexer --jobs 2, fresh index (goal: >= 2 MB/s, <= 6x the text)"
  [ -n "${BEFORE:-}" ] && bench_small before "$BEFORE" "$dir" "$bytes"
  bench_small after "$bindir" "$dir" "$bytes"
}

pdf_sets() {
  local label=$1
  echo "== indexing PDFs$label (median of $runs runs; $(nproc) cores)"
  bench_set corpus "${corpus_pdfs[@]}"
  bench_set synthetic "${synth_pdfs[@]}"
}

small_files
mapfile -t corpus_pdfs < <(ls corpus/*.pdf)
tests/bench/gen-synthetic.sh "$work/synthetic" 2000 >&2
mapfile -t synth_pdfs < <(ls "$work"/synthetic/*.pdf)
if [ -n "${BEFORE:-}" ]; then
  after=$bindir bindir=$BEFORE
  pdf_sets " before ($BEFORE)"
  bindir=$after
  pdf_sets " after ($bindir)"
else
  pdf_sets ""
fi

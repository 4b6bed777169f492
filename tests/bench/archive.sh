#!/usr/bin/env bash
# The search benchmark's archive of UNITS synthetic units (gen_units.py),
# built once into build/bench/ and kept; prints what searchd's --db takes.
#
# Up to SHARD_UNITS units (default 250,000) it is one Xapian database,
# build/bench/units-N.db.  Above, it is split into shards of SHARD_UNITS
# units, build/bench/units-N.shards/shard-K.db, each indexed from its own
# folder of records, behind the stub file build/bench/units-N.shards/stub
# (`auto shard-K.db` lines), which searchd serves as one index.
#
# Resumable: the records are written whole or again (they are deterministic,
# a minute per million units); the indexer commits every 64 files and skips
# what it has, so a build that is interrupted continues where it stopped
# when run again; a database counts as built once its .done file exists.
#   tests/bench/archive.sh BINDIR UNITS     (progress on stderr)
set -euo pipefail
cd "$(dirname "$0")/../.."
bindir=$1 units=$2
shard_units=${SHARD_UNITS:-250000}
work=build/bench

# The records, in SRC (in shard-K/ folders when SHARDS is set).
make_records() {
  local src=$1 shards=${2:-}
  [ -f "$src/.done" ] && return
  rm -rf "$src"
  python3 tests/bench/gen_units.py "$src" "$units" $shards >&2
  touch "$src/.done"
}

# One database from one folder of records; its summary on stderr.
index_into() {
  local db=$1 src=$2
  [ -f "$db.done" ] && return
  echo "== indexing $src into $db" >&2
  nice "$bindir/indexer" --db "$db" --jobs 2 --json "$src" 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("   %d units, %.0f MB of text in %.0f s (%.2f MB/s)" % (d["units"], d["text_mb"], d["seconds"], d["text_mb"] / max(d["seconds"], 1e-9)))' >&2
  touch "$db.done"
}

if [ "$units" -le "$shard_units" ]; then
  make_records "$work/units-$units"
  index_into "$work/units-$units.db" "$work/units-$units"
  echo "$work/units-$units.db"
  exit 0
fi

dir=$work/units-$units.shards
make_records "$work/units-$units" "$shard_units"
mkdir -p "$dir"
shards=$(( (units + shard_units - 1) / shard_units ))
stub=""
for k in $(seq 0 $((shards - 1))); do
  index_into "$dir/shard-$k.db" "$work/units-$units/shard-$k"
  stub+="auto shard-$k.db"$'\n'
done
printf '%s' "$stub" > "$dir/stub"
echo "$dir/stub"

#!/usr/bin/env bash
# The layering (docs/ARCHITECTURE.md, "Layering"), proved two ways:
#  - by the sources' #include lines (layering.py): lib/ includes nothing of
#    the programs, indexer/ and searchd/ never include each other, the
#    client takes only buf.h and kerr.h of lib/, searchd's modules include
#    one another in no cycle — and each kind of violation, made in a copy
#    of the sources, is caught;
#  - by the compiler, with the include path the Makefile gives each
#    folder: another folder's header does not compile there.
source "$(dirname "$0")/../testlib.sh"
cd "$(dirname "$0")/../.." || exit 2
CHECK=tests/layering/layering.py

test_the_sources_keep_the_layers() {
  local out; out=$(python3 "$CHECK" . 2>&1)
  check_eq "$out" "" "no violation in the repository"
}

# Copies the sources, applies one change (a shell command run in the copy)
# and expects the check to fail naming `expected`.
caught() { # description change expected
  local tree="$TMP/tree" out rc
  rm -rf "$tree" && mkdir -p "$tree"
  cp -r lib indexer searchd client "$tree"/
  (cd "$tree" && eval "$2")
  out=$(python3 "$CHECK" "$tree" 2>&1); rc=$?
  check_eq "$rc" 1 "$1: the check fails"
  check_contains "$out" "$3" "$1: named"
}

test_each_violation_is_caught() {
  caught "lib including the indexer" \
    'printf "#include \"analyse.h\"\n" >> lib/words.c' 'lib/words.c includes "analyse.h"'
  caught "lib reaching out by a path" \
    'printf "#include \"../searchd/query.h\"\n" >> lib/compound.c' 'a path reaches past'
  caught "the indexer including searchd" \
    'printf "#include \"querylex.h\"\n" >> indexer/norwegian.c' \
    'indexer/norwegian.c includes "querylex.h": searchd/ is not indexer/'"'"'s to include'
  caught "searchd including the indexer" \
    'printf "#include \"analyse.h\"\n" >> searchd/query.c' 'searchd/query.c includes "analyse.h"'
  caught "the client including more of lib" \
    'printf "#include \"kx.h\"\n" >> client/render.c' 'client/render.c includes "kx.h"'
  caught "a header cycle in searchd" \
    'printf "#include \"alternatives.h\"\n" >> searchd/querylex.h' 'include cycle'
  caught "protocol.c and ops.h needing each other again" \
    'printf "#include \"protocol.h\"\n" >> searchd/ops.h' 'include cycle protocol → ops → protocol'
}

# The compile commands the Makefile gives objects of this build, as
# `make -n` prints them (one make: reading the Makefile takes a while),
# without their -c … -o … part, by source file.
OBJECTS="lib/words.o indexer/norwegian.o searchd/alternatives.o client/render.o"
declare -A FLAGS
read_flags() {
  local build=build/release san= line src
  case "$KILDE_BIN" in */build/san/bin) build=build/san san=SAN=1 ;; esac
  while IFS= read -r line; do
    src=$(printf '%s\n' "$line" | sed -E 's/.* -c ([^ ]+\.c) .*/\1/')
    FLAGS[${src%.c}.o]=$(printf '%s\n' "$line" | sed -E 's/ -c [^ ]+\.c .*//; s/ -MMD -MP//')
  done < <(make --no-print-directory -n -B $san $(printf "$build/%s " $OBJECTS) 2>/dev/null |
           grep -E -- " -c [^ ]+\.c ")
}

# Whether `header` compiles with the flags of object `obj`.
compiles() { # obj header
  local flags=${FLAGS[$1]:-}
  [ -n "$flags" ] || { echo "no compile command for $1" >&2; return 2; }
  printf '#include "%s"\nint layering_probe;\n' "$2" |
    $flags -fsyntax-only -x c - >/dev/null 2>&1
}

expect_compiles() { if compiles "$1" "$2"; then pass; else fail "$1 should compile with \"$2\""; fi; }
expect_refused() { if compiles "$1" "$2"; then fail "$1 compiled with \"$2\", another layer's header"; else pass; fi; }

test_the_compiler_refuses_other_layers() {
  read_flags
  expect_compiles lib/words.o words.h
  expect_refused lib/words.o analyse.h
  expect_refused lib/words.o querylex.h
  expect_compiles indexer/norwegian.o norwegian.h
  expect_compiles indexer/norwegian.o numbers.h
  expect_refused indexer/norwegian.o querylex.h
  expect_refused indexer/norwegian.o render.h
  expect_compiles searchd/alternatives.o querylex.h
  expect_compiles searchd/alternatives.o numbers.h
  expect_refused searchd/alternatives.o analyse.h
  expect_refused searchd/alternatives.o render.h
  expect_compiles client/render.o render.h
  expect_compiles client/render.o buf.h
  expect_compiles client/render.o kerr.h
  expect_refused client/render.o kx.h
  expect_refused client/render.o words.h
  expect_refused client/render.o querylex.h
}

test_the_sources_keep_the_layers
test_each_violation_is_caught
test_the_compiler_refuses_other_layers
report

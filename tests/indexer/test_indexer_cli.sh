#!/usr/bin/env bash
# bin/indexer end to end on the corpus: summary, exit codes, incremental runs,
# duplicates, broken files beside good ones, --jobs, and Xapian's own tools.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"

doccount() { xapian-delve "$1" | sed -nE 's/^number of documents = ([0-9]+)/\1/p'; }
unit_ids() { xapian-delve -a -1 "$1" | grep -o '^Q.*' | sort; }

test_corpus_in_one_go() {
  local out err rc
  out=$("$IX" --db "$TMP/db" --json corpus/ 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "exit status on the corpus"
  check_eq "$(cat "$TMP/err")" "" "nothing on stderr when piped and all is well"
  check_eq "$(json_get "$out" files)" 5 "files"
  check_eq "$(json_get "$out" indexed)" 5 "indexed"
  check_eq "$(json_get "$out" failed)" 0 "failed"
  check_eq "$(json_get "$out" pages)" 89 "pages: 83 + 3 + 3 HTML"
  local units; units=$(json_get "$out" units)
  check_eq "$(doccount "$TMP/db")" "$units" "xapian-delve sees every unit"
  check_eq "$(unit_ids "$TMP/db" | uniq -d)" "" "no unit id twice"
  # the schema's prefixes make Xapian's own tools readable
  check_contains "$(xapian-delve -a "$TMP/db" | tr ' ' '\n')" "XTarsmelding" "type term"
  check_contains "$(quest -s norwegian -d "$TMP/db" 'behandlet høringer' | head -n 3)" "matches" "quest opens the index"
  check_not_contains "$(quest -s norwegian -d "$TMP/db" 'behandlet høringer' | head -n 3)" "Exactly 0 matches" "and finds the report"
}

test_unchanged_changed_removed() {
  cp -r corpus "$TMP/c"
  local first; first=$("$IX" --db "$TMP/inc" --json "$TMP/c" 2>/dev/null)
  local before; before=$(doccount "$TMP/inc")
  check_eq "$(json_get "$first" index.units)" "$(json_get "$first" units)" "first run: the index holds its units"
  check_eq "$(json_get "$first" index.documents)" 5 "first run: the index holds 5 documents"
  local out; out=$("$IX" --db "$TMP/inc" --json "$TMP/c" 2>/dev/null)
  check_eq "$(json_get "$out" unchanged)" 5 "second run: all unchanged"
  check_eq "$(json_get "$out" indexed)" 0 "second run: nothing indexed"
  check_eq "$(json_get "$out" units)" 0 "second run: no units written"
  check_eq "$(json_get "$out" index.units)" "$(json_get "$first" units)" "second run: the index still holds the first run's units"
  check_eq "$(json_get "$out" index.documents)" 5 "second run: and its documents"
  check_eq "$(doccount "$TMP/inc")" "$before" "second run: same units"
  local human; human=$("$IX" --db "$TMP/inc" "$TMP/c" 2>/dev/null)
  check_contains "$human" "indexer: the index now holds 5 documents, $before units ($TMP/inc)" "the totals, for a person"
  check_contains "$human" "indexer: nothing new to index" "no rate of nothing"

  check_contains "$(quest -s norwegian -d "$TMP/inc" 'skrivebordsmetoden')" "Exactly 0 matches" "word absent before the edit"
  sed -i 's|Grimstadutvalget skulle|Skrivebordsmetoden er ny. Grimstadutvalget skulle|' \
    "$TMP/c/tidsskriftet-2020-utenforlandet-norge.html"
  out=$("$IX" --db "$TMP/inc" --json "$TMP/c" 2>/dev/null)
  check_eq "$(json_get "$out" indexed)" 1 "edited file: replaced"
  check_eq "$(json_get "$out" unchanged)" 4 "the others: unchanged"
  check_eq "$(doccount "$TMP/inc")" "$before" "replaced, not added"
  check_contains "$(quest -s norwegian -d "$TMP/inc" 'skrivebordsmetoden')" "Exactly 1 matches" "edit searchable"
  check_eq "$(quest -s norwegian -d "$TMP/inc" 'skrivebordsmetoden' | grep -c '^[0-9]')" 1 "edit found once"

  rm "$TMP/c/horingsinnspill-meld-st-19-2023-2024.pdf"
  out=$("$IX" --db "$TMP/inc" --json "$TMP/c" 2>/dev/null)
  check_eq "$(json_get "$out" removed)" 1 "deleted file: removed"
  check_eq "$(json_get "$out" index.documents)" 4 "deleted file: one document fewer"
  check_eq "$(json_get "$out" index.units)" "$(doccount "$TMP/inc")" "deleted file: the units left"
  check_eq "$(xapian-delve -a -1 "$TMP/inc" | grep -c '^XThoringsinnspill')" 0 "its units are gone"
  # indexing another folder into the same index removes nothing of the first
  out=$("$IX" --db "$TMP/inc" --json tests/data/text 2>/dev/null)
  check_eq "$(json_get "$out" removed)" 0 "other folder: nothing removed"
}

test_duplicates_are_indexed_once() {
  local out; out=$("$IX" --db "$TMP/dup" --json corpus tests/data/seeds 2>"$TMP/err")
  check_eq "$(json_get "$out" duplicates)" 5 "each seed duplicates its corpus file"
  check_eq "$(json_get "$out" index.documents)" 5 "a duplicate is one document"
  check_eq "$(json_get "$out" versions)" 0 "and none is a version"
  check_eq "$(json_get "$out" failed)" 0 "no failures"
  local err root; err=$(cat "$TMP/err"); root=$(pwd -P)
  # each with its reason: the article's own DOI, else the same text
  check_contains "$err" "000_93fa6e736797e6ee.txt: note: the same DOI 10.4045/tidsskr.26.05.15 as $root/corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html; indexed once" "seed 000 by its DOI"
  check_contains "$err" "001_ed5f4fd8ae0bcfe4.md: note: the same DOI 10.4045/tidsskr.24.09.11 as" "seed 001 by its DOI"
  check_contains "$err" "002_ef68639c3f68f381.txt: note: the same text as $root/corpus/horingsinnspill-meld-st-19-2023-2024.pdf in another format (similarity " "seed 002 by its text"
  check_contains "$err" "003_be256bd6b205793e.txt: note: the same text as $root/corpus/tidsskriftet-2020-utenforlandet-norge.html in another format (similarity 0.9" "seed 003 by its text"
  check_contains "$err" "004_ac36838eb8c602ae.txt: note: the same text as $root/corpus/arsmelding-2024.pdf in another format" "seed 004 by its text"
  check_eq "$(grep -c 'indexed once$' "$TMP/err")" 5 "one note per duplicate"
  local solo; solo=$("$IX" --db "$TMP/solo" --json corpus 2>/dev/null)
  check_eq "$(doccount "$TMP/dup")" "$(json_get "$solo" units)" "no extra units"
}

test_bad_files_beside_good_ones() {
  mkdir -p "$TMP/mixed"
  cp corpus/* tests/data/bad/* "$TMP/mixed/"
  local out rc
  out=$("$IX" --db "$TMP/bad" --json "$TMP/mixed" 2>"$TMP/err"); rc=$?
  local err; err=$(cat "$TMP/err")
  check_eq "$rc" 1 "exit 1 when some files failed"
  check_contains "$err" "encrypted.pdf: extract: PDF is encrypted" "encrypted"
  check_contains "$err" "truncated.pdf: extract: not a readable PDF" "truncated"
  check_contains "$err" "empty.pdf: extract: empty file" "empty"
  check_contains "$err" "noise.pdf: extract: not a PDF" "noise"
  check_contains "$err" "invalid-record.xml: extract:" "invalid XML record"
  check_contains "$err" "invalid-utf8.txt: warning:" "invalid UTF-8 is a warning"
  check_contains "$err" "blank-scanned.pdf: warning: no text found" "a PDF without text is named"
  local corpus_units; corpus_units=$(xapian-delve -a -1 "$TMP/bad" | grep -c '^XD')
  check_eq "$(xapian-delve -a -1 "$TMP/bad" | grep -c '^XTarsmelding')" 1 "the good PDFs are indexed"
  check_eq "$(json_get "$out" indexed)" "$(( $(json_get "$out" files) - $(json_get "$out" failed) ))" "all others indexed"
}

test_usage_errors() {
  "$IX" >/dev/null 2>&1; check_eq "$?" 2 "no PATH: exit 2"
  "$IX" --jobs 0 corpus >/dev/null 2>&1; check_eq "$?" 2 "bad --jobs: exit 2"
  local err; err=$("$IX" --db "$TMP/u" nowhere.pdf 2>&1 >/dev/null); check_contains "$err" "nowhere.pdf: walk:" "missing path named"
  "$IX" --db "$TMP/u" nowhere.pdf >/dev/null 2>&1; check_eq "$?" 1 "missing path: exit 1"
  mkdir -p "$TMP/notdb"; echo x > "$TMP/notdb/file"
  err=$("$IX" --db "$TMP/notdb/file" corpus 2>&1 >/dev/null); local rc=$?
  check_eq "$rc" 2 "unusable database: exit 2"
  check_contains "$err" "$TMP/notdb/file" "the database path is named"
  err=$("$IX" --db "$TMP/u" --type brev corpus 2>&1 >/dev/null); rc=$?
  check_eq "$rc" 2 "unknown --type: exit 2"
  check_contains "$err" "unknown --type 'brev'" "the type is named"
}

# --type is read as a query's type: is, æøå and capitals folded (lib/words.h).
test_type_as_people_spell_it() {
  "$IX" --db "$TMP/typed" --type Høringsinnspill tests/data/seeds/003_be256bd6b205793e.txt >/dev/null 2>&1
  check_eq "$?" 0 "--type Høringsinnspill is known"
  check_contains "$(xapian-delve -a "$TMP/typed" | tr ' ' '\n')" "XThoringsinnspill" "as its canonical name"
}

# The producers' PDFs lay out many pages at once on two threads: what the
# units hold (text, pages, headings) must not depend on the threads.
all_units() {
  local n; n=$(xapian-delve "$1" | sed -nE 's/^highest document id ever used = ([0-9]+)/\1/p')
  for id in $(seq 1 "$n"); do xapian-delve -r "$id" -d "$1" 2>/dev/null | sed -n 2p; done | sort
}

test_jobs_give_the_same_index() {
  "$IX" --db "$TMP/j1" --jobs 1 corpus tests/data/text tests/data/producers >/dev/null 2>&1
  "$IX" --db "$TMP/j2" --jobs 2 corpus tests/data/text tests/data/producers >/dev/null 2>&1
  check_eq "$(unit_ids "$TMP/j2")" "$(unit_ids "$TMP/j1")" "same unit ids with --jobs 2"
  check_eq "$(doccount "$TMP/j2")" "$(doccount "$TMP/j1")" "same count with --jobs 2"
  check_eq "$(all_units "$TMP/j2" | md5sum)" "$(all_units "$TMP/j1" | md5sum)" \
    "the same units, word for word, with --jobs 2"
}

test_schema_mismatch_is_refused() {
  "$IX" --db "$TMP/sv" tests/data/text >/dev/null 2>&1
  sed 's/"version": 1,/"version": 99,/' schemas/index.json > "$TMP/index.json"
  mkdir -p "$TMP/schemas"; cp schemas/*.conf schemas/*.rng "$TMP/schemas/" 2>/dev/null; cp "$TMP/index.json" "$TMP/schemas/"
  local err rc
  err=$(KILDE_SCHEMA_DIR="$TMP/schemas" "$IX" --db "$TMP/sv" tests/data/text 2>&1 >/dev/null); rc=$?
  check_eq "$rc" 2 "schema mismatch: exit 2"
  check_contains "$err" "schema version 1, this program uses version 99" "says which versions"
}

test_a_50mb_single_line_file() {
  # 50 MB; 5 MB under the sanitizers, where Xapian's indexing is ten times slower
  local mb=50; [ -n "${KILDE_SANITIZED:-}" ] && mb=5
  python3 -c '
import sys
words = open("tests/data/seeds/004_ac36838eb8c602ae.txt", encoding="utf-8").read().split()
out = open(sys.argv[1], "w", encoding="utf-8"); n = 0; i = 0
while n < int(sys.argv[2]) * 1000 * 1000:
    w = words[i % len(words)] + " "; out.write(w); n += len(w.encode()); i += 1
' "$TMP/huge.txt" "$mb"
  local out rc
  out=$("$IX" --db "$TMP/huge" --json "$TMP/huge.txt" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "$mb MB on one line is indexed"
  check_eq "$(json_get "$out" indexed)" 1 "one file"
  local units; units=$(json_get "$out" units)
  [ "$units" -gt $((mb * 160)) ] && pass || fail "a $mb MB line is cut into units of at most 6,000 characters (got $units)"
}

test_manifest_overrides_metadata() {
  mkdir -p "$TMP/m"
  cp corpus/arsmelding-2024.pdf "$TMP/m/"
  cat > "$TMP/m/katalog.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="urn:kilde:manifest:1">
  <file path="arsmelding-2024.pdf" type="annet" date="2025-05-02" title="Legeforeningens årsmelding 2024"
        url="https://www.legeforeningen.no/om-oss/arsmelding/"/>
</manifest>
XML
  local out rc
  out=$("$IX" --db "$TMP/mdb" --json --manifest "$TMP/m/katalog.xml" "$TMP/m" 2>"$TMP/err"); rc=$?
  check_eq "$rc" 0 "manifest run"
  check_eq "$(json_get "$out" files)" 1 "the manifest itself is not indexed"
  local data; data=$(quest -s norwegian -d "$TMP/mdb" -m 1 'høringer' | grep '^{')
  check_eq "$(json_get "$data" type)" "annet" "type from the manifest"
  check_eq "$(json_get "$data" date)" "2025-05-02" "date from the manifest"
  check_eq "$(json_get "$data" date_source)" "manifest" "date marked as the manifest's"
  check_eq "$(json_get "$data" doc_title)" "Legeforeningens årsmelding 2024" "title from the manifest"
  check_eq "$(json_get "$data" url)" "https://www.legeforeningen.no/om-oss/arsmelding/" "url"
  local bad; bad=$("$IX" --db "$TMP/mdb2" --manifest "$TMP/nope.xml" "$TMP/m" 2>&1 >/dev/null); rc=$?
  check_eq "$rc" 2 "missing manifest: exit 2"
  check_contains "$bad" "nope.xml" "missing manifest named"
}

test_progress_only_on_a_terminal() {
  # script(1) gives the indexer a terminal; the progress line goes there
  local tty; tty=$(script -qec "$IX --db $TMP/tty corpus" /dev/null 2>&1)
  check_contains "$tty" "pages/s, ETA" "progress line on a terminal"
  local piped; piped=$("$IX" --db "$TMP/tty2" corpus 2>&1 >/dev/null)
  check_eq "$piped" "" "no progress when piped"
}

# A letter from LibreOffice with real footnotes: the notes are searchable in
# their own field (XN) and in the running text's terms, but not a phrase
# with the sentence they stood beside, and not in the unit's text.
test_footnotes_are_a_field_of_their_own() {
  local letter=tests/data/producers/libreoffice-horingsinnspill.pdf
  "$IX" --db "$TMP/notes" "$letter" >/dev/null 2>&1
  check_eq "$?" 0 "the letter is indexed"
  check_contains "$(quest -d "$TMP/notes" 'glance' | head -n 3)" "Exactly 1 matches" \
    "a word of footnote 2 finds its unit"
  check_contains "$(xapian-delve -a -1 "$TMP/notes" | tr '\n' ' ')" "XNglance" \
    "under the footnotes field's prefix"
  local data; data=$(for id in $(seq 1 8); do xapian-delve -r "$id" -d "$TMP/notes" 2>/dev/null; done)
  check_contains "$data" '"footnotes":["1 Legeforeningens foreløpige innspill' "get returns them"
  check_not_contains "$data" 'Health at a Glance 2023\n' "not in the running text"
  check_contains "$data" '"printed":true' "pages as printed (Side N av M)"
}

test_corpus_in_one_go
test_footnotes_are_a_field_of_their_own
test_manifest_overrides_metadata
test_progress_only_on_a_terminal
test_unchanged_changed_removed
test_duplicates_are_indexed_once
test_bad_files_beside_good_ones
test_usage_errors
test_type_as_people_spell_it
test_jobs_give_the_same_index
test_schema_mismatch_is_refused
test_a_50mb_single_line_file
report

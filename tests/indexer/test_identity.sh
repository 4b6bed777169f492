#!/usr/bin/env bash
# Which files are one document, which are versions of one, and which are
# neither: a DOI the document declares against one it cites, the same text
# in two formats, a consultation response and its revision a year later.
source "$(dirname "$0")/../testlib.sh"
IX="$KILDE_BIN/indexer"
ARTICLE=corpus/tidsskriftet-2024-et-godt-legeliv-starter-pa-medisinstudiet.html
RESPONSE=corpus/horingsinnspill-meld-st-19-2023-2024.pdf
ID=tests/data/identity
# notes name files by their real paths
ROOT=$(pwd -P)
TMP=$(cd "$TMP" && pwd -P)

# The stored JSON of the best unit for a query ("" when nothing matches).
first_hit() { quest -s norwegian -d "$1" -m 1 "$2" | grep '^{' | head -n 1; }
hit_field() { local h; h=$(first_hit "$1" "$2"); [ -n "$h" ] && json_get "$h" "$3"; }

# A PDF of the given pages (one JSON array of lines each) and optional XMP.
make_pdf() { # out pages-json [xmp]
  python3 -c 'import json,sys; json.dump({"pages": json.loads(sys.argv[1]), "xmp": sys.argv[2]}, sys.stdout)' \
    "$2" "${3:-}" > "$TMP/spec.json"
  python3 tests/indexer/minipdf.py "$1" "$TMP/spec.json"
}

test_a_cited_doi_is_no_identity() {
  local out; out=$("$IX" --db "$TMP/cite" --json "$ARTICLE" "$ID/horingssvar-studentvelferd.txt" 2>"$TMP/err")
  check_eq "$(json_get "$out" indexed)" 2 "both files indexed"
  check_eq "$(json_get "$out" duplicates)" 0 "a response citing an article is not the article"
  check_not_contains "$(cat "$TMP/err")" "indexed once" "no duplicate note"
  check_contains "$(hit_field "$TMP/cite" studentvelferdstilbudet source)" "horingssvar-studentvelferd.txt" "the response is searchable"
  check_eq "$(hit_field "$TMP/cite" studentvelferdstilbudet doi)" "" "the response has no DOI of its own"
  check_eq "$(hit_field "$TMP/cite" arbeidsmiljø source)" "$ARTICLE" "the article is searchable"
  check_eq "$(hit_field "$TMP/cite" arbeidsmiljø doi)" "10.4045/tidsskr.24.09.11" "the article keeps its DOI"
}

test_a_list_of_dois_keeps_its_own_identity() {
  local out; out=$("$IX" --db "$TMP/list" --json "$ARTICLE" "$ID/arsrapport-tidsskriftet-2024.txt" 2>"$TMP/err")
  check_eq "$(json_get "$out" duplicates)" 0 "a report listing the year's DOIs is not one of the articles"
  check_eq "$(hit_field "$TMP/list" redaksjonsrådet doi)" "" "the report has no DOI"
  check_contains "$(hit_field "$TMP/list" redaksjonsrådet source)" "arsrapport-tidsskriftet-2024.txt" "the report is searchable"
}

test_the_same_article_as_html_and_markdown() {
  local out; out=$("$IX" --db "$TMP/md" --json "$ARTICLE" tests/data/text/001-legeliv.md 2>"$TMP/err")
  check_eq "$(json_get "$out" duplicates)" 1 "one document"
  check_eq "$(json_get "$out" versions)" 0 "no versions"
  check_contains "$(cat "$TMP/err")" "001-legeliv.md: note: the same DOI 10.4045/tidsskr.24.09.11 as $ROOT/$ARTICLE; indexed once" "the reason is named"
  # the duplicate stands in when the file it duplicated is gone (here the
  # markdown file, first in the folder's order, is the one indexed)
  mkdir -p "$TMP/gone"; cp "$ARTICLE" tests/data/text/001-legeliv.md "$TMP/gone/"
  out=$("$IX" --db "$TMP/gone.db" --json "$TMP/gone" 2>"$TMP/err")
  check_contains "$(cat "$TMP/err")" "$(basename "$ARTICLE"): note: the same DOI" "the page is the duplicate here"
  rm "$TMP/gone/001-legeliv.md"
  out=$("$IX" --db "$TMP/gone.db" --json "$TMP/gone" 2>/dev/null)
  check_eq "$(json_get "$out" removed)" 1 "the markdown file removed"
  check_eq "$(json_get "$out" indexed)" 1 "the page indexed in its place"
  check_contains "$(hit_field "$TMP/gone.db" arbeidsmiljø source)" "$(basename "$ARTICLE")" "and found"
}

# One of two files is noted as the same DOI as the other, in either order.
same_doi_pair() { # stderr a b doi what
  if printf '%s\n' "$1" | grep -qE "$2: note: the same DOI $4 as .*$3; indexed once|$3: note: the same DOI $4 as .*$2; indexed once"; then
    pass
  else
    fail "$5: no note that $2 and $3 share DOI $4 in: $1"
  fi
}

test_a_pdfs_first_page_citation_line() {
  mkdir -p "$TMP/pdf"
  make_pdf "$TMP/pdf/utskrift.pdf" '[["Et godt legeliv starter på medisinstudiet","","Utskriftsversjonen av lederen.","","Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11"],["Side 2"]]'
  make_pdf "$TMP/pdf/referanser.pdf" '[["Notat om studentvelferd","","Legeforeningen har skrevet om studentvelferd."],["Referanser","1. Rime AK. Et godt legeliv starter på medisinstudiet. Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/tidsskr.24.09.11"]]'
  make_pdf "$TMP/pdf/xmp.pdf" '[["Medlemsmøter med fremtidens leger","","Utskrift uten DOI i teksten."]]' \
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description prism:doi="10.4045/tidsskr.26.05.15"/></rdf:RDF></x:xmpmeta>'
  local out; out=$("$IX" --db "$TMP/pdfdb" --json "$ARTICLE" corpus/tidsskriftet-2026-medlemsmoter-med-fremtidens-leger.html "$TMP/pdf" 2>"$TMP/err")
  local err; err=$(cat "$TMP/err")
  check_eq "$(json_get "$out" duplicates)" 2 "the printout and the XMP PDF are their articles"
  # files go in the order of their real paths: which of the pair comes
  # first depends on where the checkout lies beside /tmp, so either may be
  # the one named a duplicate
  same_doi_pair "$err" "$(basename "$ARTICLE")" "utskrift.pdf" 10.4045/tidsskr.24.09.11 "citation line on page 1"
  same_doi_pair "$err" "medlemsmoter-med-fremtidens-leger.html" "xmp.pdf" 10.4045/tidsskr.26.05.15 "prism:doi in the XMP packet"
  check_not_contains "$err" "referanser.pdf" "a DOI in a reference list on page 2 is not the note's"
  check_eq "$(hit_field "$TMP/pdfdb" 'notat studentvelferd' doi)" "" "and the note has no DOI"
}

test_a_revised_response_is_a_version() {
  mkdir -p "$TMP/v"; cp "$RESPONSE" "$ID/horingsinnspill-meld-st-19-revidert-2025.txt" "$TMP/v/"
  local out; out=$("$IX" --db "$TMP/vdb" --json "$TMP/v" 2>"$TMP/err")
  local err; err=$(cat "$TMP/err")
  check_eq "$(json_get "$out" indexed)" 2 "both indexed"
  check_eq "$(json_get "$out" duplicates)" 0 "no duplicate"
  check_eq "$(json_get "$out" versions)" 1 "one version"
  check_contains "$err" "horingsinnspill-meld-st-19-revidert-2025.txt: note: a version of $TMP/v/$(basename "$RESPONSE") (similarity 0." "the version is named"
  check_contains "$err" "): both indexed" "and said to be kept"
  local old new
  old=$(first_hit "$TMP/vdb" beklagelig); new=$(first_hit "$TMP/vdb" øremerke)
  check_contains "$(json_get "$old" source)" "$(basename "$RESPONSE")" "the first response is searchable"
  check_contains "$(json_get "$new" source)" "revidert-2025.txt" "the revision is searchable"
  local old_id; old_id=$(json_get "$old" doc_id)
  check_eq "$(json_get "$new" version_of)" "$old_id" "the revision names the response it revises"
  check_eq "$(json_get "$new" family)" "$old_id" "one family"
  check_eq "$(json_get "$old" family)" "$old_id" "the first is its family's"
  check_eq "$(json_get "$old" version_of)" "" "and a version of nothing"
  [ "$(json_get "$new" doc_id)" != "$old_id" ] && pass || fail "two documents"
  out=$("$IX" --db "$TMP/vdb" --json "$TMP/v" 2>"$TMP/err")
  check_eq "$(json_get "$out" unchanged)" 2 "second run: unchanged"
  check_eq "$(cat "$TMP/err")" "" "second run: no notes"
}

test_the_first_of_a_family_edited_stays_first() {
  mkdir -p "$TMP/f"
  cp tests/data/seeds/002_ef68639c3f68f381.txt "$TMP/f/a-2024.txt"
  cp "$ID/horingsinnspill-meld-st-19-revidert-2025.txt" "$TMP/f/b-2025.txt"
  "$IX" --db "$TMP/fdb" "$TMP/f" >/dev/null 2>&1
  local a_id; a_id=$(hit_field "$TMP/fdb" beklagelig doc_id)
  echo "Legeforeningen har også sendt et tillegg om turnustjeneste." >> "$TMP/f/a-2024.txt"
  local out; out=$("$IX" --db "$TMP/fdb" --json "$TMP/f" 2>"$TMP/err")
  check_eq "$(json_get "$out" indexed)" 1 "the edited first response indexed again"
  check_contains "$(cat "$TMP/err")" "a-2024.txt: note: a version of $TMP/f/b-2025.txt" "its kin is named"
  check_eq "$(hit_field "$TMP/fdb" turnustjeneste doc_id)" "$a_id" "the same document"
  check_eq "$(hit_field "$TMP/fdb" turnustjeneste version_of)" "" "still a version of nothing"
  check_eq "$(hit_field "$TMP/fdb" turnustjeneste family)" "$a_id" "and its family's first"
  check_eq "$(hit_field "$TMP/fdb" øremerke version_of)" "$a_id" "the revision still names it"
}

test_a_cited_doi_is_no_identity
test_a_list_of_dois_keeps_its_own_identity
test_the_same_article_as_html_and_markdown
test_a_pdfs_first_page_citation_line
test_a_revised_response_is_a_version
test_the_first_of_a_family_edited_stays_first
report

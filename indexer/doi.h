/*
 * A document's own DOI, as opposed to the DOIs it cites.  A DOI is who a
 * document is only when the document declares it: in its metadata (HTML's
 * citation_doi, a PDF's XMP packet or Subject, an XML record, the manifest)
 * or in the article's own citation line on its first page
 * ("Tidsskr Nor Legeforen 2024; 144. doi: 10.4045/…", "DOI: 10.4045/…").
 * A DOI inside a sentence, in parentheses, in a numbered reference list or
 * a footnote names another work: taking it as the identity made a
 * consultation response that cites an article "the same document" as the
 * article, and it was never indexed.
 */
#ifndef KILDE_DOI_H
#define KILDE_DOI_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"

/* Sets doc->doi, when no metadata declared one, from the citation line in
 * the header or footer block of its first page (the whole text when it has
 * no pages); leaves it NULL when no line declares one or when lines
 * declare different DOIs (a list of articles is no article). */
void doi_fill_declared(kdoc *doc);

/* The DOI the header/footer block of one page's text declares. */
bool doi_declared_in_page(const char *page, char *out, size_t n);

/* Whether one line (without its newline) is a citation line declaring a
 * DOI, and which; false for a DOI cited in a sentence, in parentheses, in
 * a numbered or bulleted list, or in a reference (authors, a title). */
bool doi_citation_line(const char *line, size_t len, char *out, size_t n);

/* The DOI an XMP packet declares for its document: prism:doi, pdfx:doi,
 * crossmark:DOI, or a dc:identifier holding "doi:…" or a doi.org URL. */
bool doi_from_xmp(const char *xmp, char *out, size_t n);

/* A bare DOI from "doi:10.4045/x", "https://doi.org/10.4045/x" or
 * "10.4045/x." (sentence punctuation dropped); false when s holds none. */
bool doi_bare(const char *s, char *out, size_t n);

#endif

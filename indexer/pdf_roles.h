/*
 * What each line of a laid-out PDF is, decided over the whole document,
 * because one page alone cannot tell a running header from a first line:
 *   - the body's type size is the size most characters have;
 *   - furniture (running headers and footers, page numbers) stands in the
 *     top or bottom band of a page, apart from the text below or above it,
 *     and is a page number, or repeats at the same place on other pages, or
 *     is set smaller than the body, or lies outside the frame that the body
 *     text fills on every page — so a header on page 2 of a two-page letter
 *     is known by its place and size, not by repetition;
 *   - footnotes are the smaller lines at the foot of a page from the first
 *     one opened by a note number;
 *   - headings are set larger or bold, or named by the PDF's outline; each
 *     style gets a rank (1 = the most prominent).
 */
#ifndef KILDE_PDF_ROLES_H
#define KILDE_PDF_ROLES_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf_layout.h"
#include "pdf_outline.h"

/* Sets every line's role (and a heading's rank). */
void pdf_roles_assign(pdf_page *pages, size_t n, const pdf_outline *outline);

/* The page numbers the furniture prints: labels[i] malloc'd, or NULL for a
 * page with no printed number; own[i] whether the page prints it itself
 * (else it takes its place in a run).  Returns how many pages have one. */
size_t pdf_roles_page_numbers(const pdf_page *pages, size_t n, char **labels, bool *own);

/* The title a reader sees on the first page: a line naming the report and
 * its year ("Årsmelding 2024", also from a running header), else the
 * largest type on the first page, else its first heading in the upper
 * half (a letter's subject); malloc'd, or NULL. */
char *pdf_roles_title(const pdf_page *pages, size_t n);

/* The type size of the body text. */
double pdf_roles_body_size(const pdf_page *pages, size_t n);

#endif

/*
 * The page number as printed, read from the pages themselves.  Word,
 * LibreOffice, browsers and typesetters write no page labels into a PDF, so
 * the number a reader cites exists only as text in a header or footer: a bare
 * number, "Side 40", "40 av 65", "- 40 -", "40/65", a roman numeral in the
 * front matter.  A number counts when its neighbours agree (numbers that run
 * one apart over consecutive pages); a page without one takes its place in
 * the run, and a page outside every run has no printed number.
 */
#ifndef KILDE_PAGE_NUMBERS_H
#define KILDE_PAGE_NUMBERS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { PN_ARABIC, PN_ROMAN_LOWER, PN_ROMAN_UPPER } pn_style;

typedef struct pn_candidate {
    int value;
    pn_style style;
    bool strong; /* the line is nothing but a page number ("Side 4 av 7") */
} pn_candidate;

#define PN_PER_PAGE 6

typedef struct pn_page {
    pn_candidate c[PN_PER_PAGE];
    int n;
} pn_page;

/* Adds the numbers a header or footer line may print as its page's number. */
void page_numbers_parse(const char *line, pn_page *page);

/* Fills labels[i] (malloc'd) for each page whose printed number the runs
 * tell, NULL for the others; returns how many pages got one.  own[i], when
 * own is not NULL, says whether page i prints that number itself (else it
 * only takes its place in a run). */
size_t page_numbers_infer(const pn_page *pages, size_t n, char **labels, bool *own);

/* Exposed for tests: "xiv" → 14; 0 when s is no roman numeral. */
int page_numbers_roman(const char *s, size_t len);

#endif

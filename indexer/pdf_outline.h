/*
 * A PDF's outline (its bookmarks): the headings the producer knew, with the
 * page each points to.  LibreOffice and Word write one from heading styles;
 * where it exists it names headings that look like body text.
 */
#ifndef KILDE_PDF_OUTLINE_H
#define KILDE_PDF_OUTLINE_H

#include <poppler.h>
#include <stddef.h>

typedef struct pdf_outline_entry {
    char *title;
    int page;   /* physical index, 0-based; -1 when the entry names no page */
    int level;  /* 1 = top */
} pdf_outline_entry;

typedef struct pdf_outline {
    pdf_outline_entry *v;
    size_t n, cap;
} pdf_outline;

/* Reads the outline, at most PDF_OUTLINE_MAX entries PDF_OUTLINE_DEPTH deep
 * (a hostile file may nest without end); an empty outline when there is none. */
#define PDF_OUTLINE_MAX 20000
#define PDF_OUTLINE_DEPTH 12
void pdf_outline_read(PopplerDocument *pdf, pdf_outline *out);
void pdf_outline_free(pdf_outline *o);

/* Adds an entry (a copy of title); an empty title, or one past
 * PDF_OUTLINE_MAX, is left out, and so is one memory cannot hold. */
void pdf_outline_add(pdf_outline *o, const char *title, int page, int level);

#endif

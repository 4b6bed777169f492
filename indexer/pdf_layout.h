/*
 * A PDF page as a reader sees it.  poppler gives every character with its
 * box and font; its own reading order runs across the columns of a page set
 * in two (a sentence of the left column continues in the right one, and
 * lines of both columns are even glued together).  So the characters are
 * grouped here into fragments (runs on one baseline with no wide gap),
 * the page's columns are found from where fragments start and end, and the
 * lines are read column by column: a heading or paragraph that spans the
 * columns first, then the left column top to bottom, then the right.
 * What a line is (body, heading, footnote, running header) is decided
 * later, over the whole document (pdf_roles.h).
 */
#ifndef KILDE_PDF_LAYOUT_H
#define KILDE_PDF_LAYOUT_H

#include <poppler.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PDF_BODY = 0,
    PDF_HEADING,   /* set as a heading: larger or bold type, or in the outline */
    PDF_FOOTNOTE,  /* at the foot of the page in smaller type */
    PDF_FURNITURE  /* running header or footer, page number */
} pdf_role;

typedef struct pdf_line {
    char *text;          /* UTF-8 without the superscript note markers */
    double x1, y1, x2, y2; /* points, y downwards */
    double right;        /* where its column (its block of lines) ends */
    double size;         /* the font size most of its characters have */
    unsigned face;       /* its typeface (pdf_font_face), and colour 0xRRGGBB */
    unsigned color;
    float bold, italic;  /* share of its letters set in bold / italic faces */
    bool marker_start;   /* begins with a raised note number ("¹ OECD …") */
    bool para_before;    /* a paragraph gap above it, or a block of its own */
    pdf_role role;
    int rank;            /* heading style rank, 1 = most prominent */
} pdf_line;

typedef struct pdf_page {
    double width, height;
    pdf_line *lines;     /* in reading order */
    size_t nlines;
    int columns;         /* most columns found side by side (1 = none) */
} pdf_page;

/* Lays out one page.  Returns 0, or -1 when memory runs out; a page whose
 * characters poppler cannot place comes back as poppler's plain text, one
 * line per text line, without sizes. */
int pdf_layout_page(PopplerPage *page, pdf_page *out);

void pdf_page_free(pdf_page *p);

/* Is this font name a bold / italic face ("ABCDEF+Carlito-Bold",
 * "TimesNewRomanPS-BoldItalicMT", "Arial,Bold")?  Exposed for tests. */
bool pdf_font_is_bold(const char *name);
bool pdf_font_is_italic(const char *name);
/* A number for the typeface apart from weight and slant (a hash). */
unsigned pdf_font_face(const char *name);

#endif

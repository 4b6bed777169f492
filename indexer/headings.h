/*
 * Headings an extractor meets while it writes a document's text (HTML's
 * <h2>/<h3>, Markdown's "#" lines), and the sections they make: each
 * heading's section holds the text from the end of the heading to the
 * start of the next one; text before the first heading is a section
 * without a title.  Offsets are into the one text the extractor builds.
 */
#ifndef KILDE_HEADINGS_H
#define KILDE_HEADINGS_H

#include <stddef.h>

#include "document.h"

typedef struct kheading {
    char *title;  /* owned by the list */
    int level;
    size_t start; /* where the heading's own text starts in the text */
    size_t body;  /* where the text under it starts */
} kheading;

typedef struct kheadings {
    kheading *v;
    size_t n, cap;
} kheadings;

/* Appends a heading whose title is tlen bytes at title (copied).  Returns
 * 0, or -1 when memory runs out (the list is unchanged). */
int headings_add(kheadings *h, const char *title, size_t tlen, int level, size_t start,
                 size_t body);

/* Adds doc's sections from the headings over text (len bytes), each
 * section's text with the bytes in `trim` taken off both ends; an untitled
 * piece left empty is no section.  Nothing is added without headings.
 * Returns 0, or -1 when memory runs out. */
int headings_to_sections(const kheadings *h, kdoc *doc, const char *text, size_t len,
                         const char *trim);

/* Frees the titles and the list, and empties it.  Accepts NULL. */
void headings_free(kheadings *h);

#endif

/*
 * Clean-up of extracted text: running headers, footers and page numbers
 * removed; link lists that PDF extraction appends to pages kept out of the
 * body; photo captions set aside as a field of their own.
 */
#ifndef KILDE_CLEAN_H
#define KILDE_CLEAN_H

#include <stddef.h>

#include "document.h"
#include "marks.h"
#include "patterns.h"

/* A caption stays in the page text as one line marked KMARK_CAPTION
 * (marks.h), so the split stage can give it to the unit it stands in. */

typedef struct kclean_stats {
    size_t furniture_lines; /* running headers, footers, page numbers */
    size_t link_lines;
    size_t captions;
} kclean_stats;

int clean_document(kdoc *doc, const kpatterns *patterns, kclean_stats *stats);

#endif

/*
 * The period a document speaks for, beside the date it was published:
 * "Årsmelding 2024" covers 2024 though it is dated 2025; a response to
 * "Meld. St. 19 (2023–2024)" answers that session; an article's year is
 * its publication year.  The year filter, the year facet and the timeline
 * use this year; the date stays the publication date.  Nothing is
 * invented: a document whose year nothing tells has none.
 */
#ifndef KILDE_PERIOD_H
#define KILDE_PERIOD_H

#include "document.h"

/* Fills doc->year, its source and the period from the title, the text's
 * opening and the date.  text is kdoc_text(doc). */
void period_fill(kdoc *doc, const char *text);

#endif

/*
 * A hit's snippet: the passage of the unit's text that holds most of the
 * query's words, at most about `max_bytes` long, with those words marked
 * <b>…</b>, HTML-escaped (&, <, >), "…" where text is left out.
 *
 * Our own rather than Xapian's MSet::snippet, which stems every word of
 * the text and weighs each against the index: 0.3 ms per 6 KB unit, three
 * quarters of a search over 100,000 units.  Here a text word is stemmed
 * only when it starts like a query word's stem (Norwegian stems are
 * prefixes of their words), and the marked words are the query's own, so
 * stop words the query left out of ranking stay unmarked.  A compound
 * holding a query word is marked whole ("sykehusøkonomi" for "økonomi").
 */
#ifndef KILDE_SD_SNIPPET_H
#define KILDE_SD_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

#include "kx.h"

#define SD_MARKS_MAX 32
#define SD_MARK_BYTES 64

typedef struct sd_mark {
    char word[SD_MARK_BYTES]; /* lower-cased, as typed */
    char stem[SD_MARK_BYTES]; /* its stem; "" when not stemmed */
    bool prefix;              /* prefix*: every word starting with `word` */
} sd_mark;

typedef struct sd_marks {
    sd_mark m[SD_MARKS_MAX];
    size_t n;
} sd_marks;

/* Adds a lower-cased query word (once; words past SD_MARKS_MAX or longer
 * than a mark holds are not marked).  `stem` may be NULL: exact words only. */
void sd_marks_add(sd_marks *marks, const char *word, bool prefix, const kx_stem *stem);

/* The snippet of text[0, len), malloc'd; NULL when memory runs out. */
char *sd_snippet(const sd_marks *marks, const kx_stem *stem, const char *text, size_t len,
                 size_t max_bytes);

/* The whole of text[0, len) as a snippet marks and escapes it, with
 * nothing left out (a position's quote); malloc'd, NULL when memory runs
 * out.  Only the first 20,000 words are marked. */
char *sd_mark_text(const sd_marks *marks, const kx_stem *stem, const char *text, size_t len);

#endif

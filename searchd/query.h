/*
 * The query language (docs/QUERY.md) on top of Xapian's QueryParser.
 * One sd_query per worker: it holds a parser bound to that worker's index
 * handle (wildcards expand against it), so it is never shared.
 *
 * Ranking: the query as typed, words joined by OR, so a unit lacking a
 * word still comes back; plus, optionally matched, the same words joined
 * by AND with stop words left out, weighted SD_ALL_WORDS_BOOST times, so
 * units holding every word come first; plus the words NEAR each other,
 * for units where they stand close together.
 */
#ifndef KILDE_SD_QUERY_H
#define KILDE_SD_QUERY_H

#include "kx.h"
#include "protocol.h"
#include "schema.h"

#define SD_ALL_WORDS_BOOST 10.0
#define SD_NEAR_BOOST 1.0

typedef struct sd_query sd_query;

/* A parser over `db` (borrowed, must outlive the sd_query) with the
 * schema's prefixes and the given stemmer (borrowed too). */
int sd_query_new(sd_query **out, kx_db *db, const kx_stem *stem, const kschema *schema,
                 kx_error *err);
void sd_query_free(sd_query *q);

/* Builds the ranked query for `text`; an empty text matches every unit.
 * Errors: SD_BAD_QUERY saying where, SD_INTERNAL. */
int sd_query_build(kx_query **out, sd_query *q, const char *text, sd_error *err);

/* The query with each unknown word (no postings, not even its stem)
 * replaced by the index's closest spelling, malloc'd; NULL when every
 * word is known or nothing closer was found. */
char *sd_query_spelling(sd_query *q, const char *text);

/* Parses `text` with FLAG_PARTIAL (the last word a prefix) against one
 * term prefix ("S" titles, "XH" headings), for suggestions. */
int sd_query_partial(kx_query **out, sd_query *q, const char *text, const char *prefix,
                     sd_error *err);

#endif

/*
 * The query language (docs/QUERY.md), from text to one Xapian query: the
 * text is lexed (querylex.h) and read once into a tree (querytree.h); its
 * words are corrected (spelling.h) and given their other forms
 * (alternatives.h); the tree is built into the Xapian query
 * (querybuild.h), with no query parser in between.  Xapian's QueryParser
 * serves only suggestions (sd_query_partial).  One sd_query per worker: it
 * is bound to that worker's index handle (forms and wildcards are looked
 * up in it), so it is never shared.
 *
 * Ranking: the query's words (stop words left out, unless there is nothing
 * else) joined by OR, so a unit lacking a word still comes back; plus,
 * optionally matched, the same words joined by AND, weighted
 * SD_ALL_WORDS_BOOST times, so units holding every word come first.  Units where the words stand close
 * together are moved up afterwards (proximity.h): Xapian's NEAR did that
 * inside the match, but decoding positions for every candidate made it
 * half of a search's time on a large archive.
 */
#ifndef KILDE_SD_QUERY_H
#define KILDE_SD_QUERY_H

#include "kx.h"
#include "sderror.h"
#include "schema.h"
#include "snippet.h"
#include "synonyms.h"

#define SD_ALL_WORDS_BOOST 10.0

typedef struct sd_query sd_query;

#define SD_NEAR_MAX 8

/* What a search needs of the query's words besides the Xapian query. */
typedef struct sd_query_words {
    sd_marks marks;                        /* to mark in snippets */
    char near[SD_NEAR_MAX][SD_MARK_BYTES];      /* the plain words, for proximity */
    char near_stem[SD_NEAR_MAX][SD_MARK_BYTES]; /* their stems, for headings */
    size_t n_near;
    char *corrected; /* malloc'd: the query as searched when a word was
                        unknown (spelling.h), else NULL; the caller frees */
    bool as_typed;   /* in: search the words as typed, correcting none (the
                        request's "spelling": false) */
} sd_query_words;

/* A parser over `db` (borrowed, must outlive the sd_query) with the
 * schema's prefixes, the given stemmer and synonyms (borrowed too;
 * synonyms may be NULL). */
int sd_query_new(sd_query **out, kx_db *db, const kx_stem *stem, const kschema *schema,
                 const ksynonyms *synonyms, kx_error *err);
void sd_query_free(sd_query *q);

/* Searches with other synonyms from now on (borrowed; may be NULL). */
void sd_query_set_synonyms(sd_query *q, const ksynonyms *synonyms);

/* Builds the ranked query for `text`; an empty text matches every unit.
 * With `words` (may be NULL), fills in the words a snippet should mark
 * (stop words only as part of prefix* words) and the distinct plain words
 * that proximity and headings rank by (none when there are more than
 * SD_NEAR_MAX), and sets words->corrected when unknown words were searched
 * as their correction (spelling.h; the caller frees it), unless
 * words->as_typed asks for none.
 * Errors: SD_BAD_QUERY saying where, SD_INTERNAL. */
int sd_query_build(kx_query **out, sd_query *q, const char *text, sd_query_words *words,
                   sd_error *err);

/* Parses `text` with FLAG_PARTIAL (the last word a prefix) against one
 * term prefix ("S" titles, "XH" headings), for suggestions. */
int sd_query_partial(kx_query **out, sd_query *q, const char *text, const char *prefix,
                     sd_error *err);

#endif

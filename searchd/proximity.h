/*
 * Proximity: how close together a unit holds the query's words.  The
 * ranking moves the best units up by it after the match (op_search.c), on
 * the first SD_PROXIMITY_DEPTH hits only, where reading each word's
 * positions costs a few lookups per unit instead of decoding positions for
 * every candidate of the match, as Xapian's NEAR does.
 */
#ifndef KILDE_SD_PROXIMITY_H
#define KILDE_SD_PROXIMITY_H

#include "kx.h"
#include "query.h"

#define SD_PROXIMITY_DEPTH 30   /* hits reordered */
#define SD_PROXIMITY_WEIGHT 0.2 /* score × (1 + weight × closeness + …) */
#define SD_HEADING_WEIGHT 0.3   /* … + weight × share of the words in the heading */

/* 1 when the words stand side by side in the unit's text, (n - 1) / span
 * for the shortest stretch of `span` word positions holding all n of them,
 * 0 when one is missing (or the index cannot tell). */
double sd_proximity(const kx_db *db, unsigned docid, const sd_query_words *w);

/* For each of n (at most SD_PROXIMITY_DEPTH) units, the share (0 to 1) of
 * the words that its own heading holds, in any inflection, into share[]: a
 * section titled with what was asked for is what a person looks for
 * ("navigational" queries).  One pass over each word's heading term. */
void sd_heading_shares(const kx_db *db, const unsigned *docids, size_t n,
                       const sd_query_words *w, const char *heading_prefix, double *share);

/* The mset's items in the order to show them into order[], their scores
 * into score[] (both of kx_mset_size entries): by weight, the first
 * SD_PROXIMITY_DEPTH raised by their closeness to `w` (NULL: weight only)
 * and by the share of w's words in their heading.  Raising only adds, so
 * none of them falls below a later item. */
void sd_proximity_rank(const kx_db *db, const kx_mset *mset, const sd_query_words *w,
                       const char *heading_prefix, unsigned *order, double *score);

#endif

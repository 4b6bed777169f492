/*
 * Running a match the way every operation does: the per-query time limit,
 * and a match that ran into it refused rather than answered in part.
 */
#ifndef KILDE_SD_ENQUIRE_H
#define KILDE_SD_ENQUIRE_H

#include "ops.h"

/* Matches counted exactly before "total" becomes Xapian's estimate (which
 * can be far off for date ranges); facets count every match anyway.  Each
 * one counted costs: 1,000 doubled a search's time on 100,000 units. */
#define SD_EXACT_TOTAL 200

/* A new enquire over ctx's index for q, with the time limit set. */
int sd_enquire_new(sd_ctx *ctx, const kx_query *q, kx_enquire **out, sd_error *err);

/* Restricts the match to units of one kind (KUNIT_KIND_*): as a filter on
 * the kind's term, but checked on the match's best candidates only when
 * most units are of that kind (kx_enquire_require_term). */
int sd_enquire_kind(sd_ctx *ctx, kx_enquire *enq, const char *kind, sd_error *err);

/* Sorts by date (SD_SORT_NEWEST, SD_SORT_OLDEST; then relevance) or by
 * relevance (SD_SORT_RELEVANCE). */
void sd_enquire_sort(sd_ctx *ctx, kx_enquire *enq, int sort);

/* The units in the index, for matches that must count every match. */
int sd_doccount(sd_ctx *ctx, unsigned *out, sd_error *err);

/* The match: `max` items from `first`, counting at least `check` of them
 * (and so every spy sees them).  SD_TIMEOUT when it reached the limit:
 * Xapian stops there and returns what it has, which would look complete. */
int sd_enquire_run(sd_ctx *ctx, kx_enquire *enq, unsigned first, unsigned max, unsigned check,
                   kx_mset **out, sd_error *err);

#endif

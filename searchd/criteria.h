/*
 * What search, positions and timeline share of a request: the "sort" and
 * the "filter" object, read into filter queries (docs/PROTOCOL.md).  Each
 * operation says which filter fields it takes; a field it does not take
 * is refused as unknown, naming the closest one it does.
 */
#ifndef KILDE_SD_CRITERIA_H
#define KILDE_SD_CRITERIA_H

#include <jansson.h>

#include "ops.h"

enum { SD_SORT_RELEVANCE, SD_SORT_NEWEST, SD_SORT_OLDEST };

/* The filter fields, as a set. */
enum {
    SD_FILTER_TYPE = 1 << 0,   /* "type": a type or a list of them */
    SD_FILTER_DATES = 1 << 1,  /* "from", "to": publication dates */
    SD_FILTER_AUTHOR = 1 << 2, /* "author": a whole name or part of one */
    SD_FILTER_YEAR = 1 << 3,   /* "year": the year a document speaks for */
    SD_FILTER_KIND = 1 << 4,   /* "kind": section, position, or a list */
    SD_FILTER_STANCE = 1 << 5  /* "stance": a position's stance, or a list */
};
#define SD_FILTER_COMMON (SD_FILTER_TYPE | SD_FILTER_DATES | SD_FILTER_AUTHOR | SD_FILTER_YEAR)

#define SD_FILTERS_MAX 16

/* Filter queries, each one ANDed with the ranked query without weight. */
typedef struct sd_filters {
    kx_query *q[SD_FILTERS_MAX];
    size_t n;
    bool kind; /* filter.kind was given */
} sd_filters;

void sd_filters_free(sd_filters *f);

/* Reads req's "sort" into *sort; leaves it alone when absent. */
int sd_read_sort(const json_t *req, int *sort, sd_error *err);

/* Reads req's "filter" (absent: no filters) into f, taking the fields in
 * `fields` (SD_FILTER_*); `op` names the operation in messages.  On
 * failure f holds nothing. */
int sd_read_filters(sd_ctx *ctx, const json_t *req, unsigned fields, sd_filters *f,
                    sd_error *err);

/* Adds the filter "units indexed by the term prefix+value" (XTartikkel). */
int sd_filter_term(sd_filters *f, const char *prefix, const char *value, sd_error *err);

/* Adds the filter "units of this kind" (KUNIT_KIND_*). */
int sd_filter_kind(sd_ctx *ctx, sd_filters *f, const char *kind, sd_error *err);

/* Adds the filter "units with a year", so a timeline has no hole. */
int sd_filter_has_year(sd_ctx *ctx, sd_filters *f, sd_error *err);

/* *out = q FILTER every filter in f (neither is taken: both may be used
 * again); q itself when there are none. */
int sd_filtered(kx_query **out, const kx_query *q, const sd_filters *f, sd_error *err);

#endif

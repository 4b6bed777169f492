/*
 * The operations, one file each, and the per-worker context they run in.
 * An operation reads its request, fills `reply` (which already holds "id"
 * and "ok") and returns 0, or returns -1 with err set; SD_RETRY asks for
 * one more run after reopening the index.
 */
#ifndef KILDE_SD_OPS_H
#define KILDE_SD_OPS_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "fields.h"
#include "kx.h"
#include "query.h"
#include "schema.h"
#include "sderror.h"
#include "searchd.h"
#include "stats.h"
#include "unit_json.h"

/* Everything a worker owns; no two threads ever share one. */
typedef struct sd_ctx {
    const sd_config *cfg;
    const kschema *schema;  /* shared, read-only */
    const ksynonyms *synonyms; /* shared, read-only; NULL when there are none */
    sd_stats *stats;        /* shared, locks inside */
    kx_db *db;              /* this worker's own read-only handle over all shards */
    kx_stem *stem;
    sd_query *query;
    struct { int date, year, doc, type; } slot;
    const char *id_prefix;   /* "Q": a unit's id term */
    const char *doc_prefix;  /* "XD": a document's units */
    const char *type_prefix; /* "XT" */
    const char *author_prefix;       /* "A": words of author names */
    const char *heading_prefix;      /* "XH": words of section headings */
    const char *author_bool_prefix;  /* "XA": a whole author name */
    const char *kind_prefix;         /* "XK": a unit's kind (section, position) */
    const char *stance_prefix;       /* "XS": a position's stance */
    const char *year_prefix;         /* "Y": the year a document speaks for */
    atomic_uint *generation; /* shared: bumped whenever a worker's reopen finds a new
                                revision, so the others follow (workers.c) */
    double started_ms;       /* when the request being answered arrived at the worker */
    bool broken;             /* a shard failed on the network: open them all again */
} sd_ctx;

typedef int (*sd_op_fn)(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);

int op_ping(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_auth(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_search(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_get(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_suggest(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_stats(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_positions(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
int op_timeline(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);
/* Internal: where a unit's original file is (for GET /kilde/ID/pdf). */
int op_source(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err);

/* Maps a kx failure: a moved index → SD_RETRY, a remote shard gone →
 * internal (and the worker opens its shards again), the rest → internal. */
int sd_fail_kx(struct sd_ctx *ctx, sd_error *err, const kx_error *x, const char *what);

#define SD_UNIT_ID_MAX 200 /* ids are 16 hex digits, '/', a section key */

/* Opens c's index, stemmer and query reader, c's cfg, schema, synonyms,
 * stats and generation set (workers.c; the fuzz targets open one alone);
 * on failure nothing is left open.  sd_ctx_close frees what it opened. */
int sd_ctx_open(sd_ctx *c, kx_error *x);
void sd_ctx_close(sd_ctx *c);

/* Shared by get and source: the unit's document, SD_NOT_FOUND naming it
 * when the index has no such unit. */
int sd_find_unit(sd_ctx *ctx, const char *unit, kx_doc **out, sd_error *err);

#endif

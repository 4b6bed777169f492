/*
 * stats: what the daemon serves and how fast — documents, units and how
 * many of each kind, the sections per document type, the index's revision
 * and time of its last commit, the indexer's last run (each shard's),
 * uptime, requests and searches answered, and search latency percentiles
 * over the last SD_STATS_RING searches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "ops.h"
#include "unit.h"

#define TYPES_MAX 64 /* document types counted (schemas/index.json has four) */

static int count_term(const char *term, unsigned freq, void *arg)
{
    (void)term;
    (void)freq;
    (*(unsigned *)arg)++;
    return 0;
}

/* The newest commit over the configured databases: Xapian rewrites a
 * glass database's version file (iamglass) on every commit; a stub file
 * counts by its own time. */
static time_t index_time(const sd_config *cfg)
{
    time_t newest = 0;
    for (size_t i = 0; i < cfg->ndbs; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/iamglass", cfg->dbs[i]);
        if (stat(path, &st) != 0 && stat(cfg->dbs[i], &st) != 0)
            continue;
        if (st.st_mtime > newest)
            newest = st.st_mtime;
    }
    return newest;
}

static json_t *iso_time(time_t t)
{
    char buf[32];
    struct tm tm;
    if (!t || !gmtime_r(&t, &tm))
        return json_null();
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(buf);
}

/* Units per kind, from their XK terms: {"section": 148, "position": 55}. */
static int add_kinds(sd_ctx *ctx, json_t *reply, kx_error *x)
{
    static const char *const kinds[] = {KUNIT_KIND_SECTION, KUNIT_KIND_POSITION};
    json_t *counts = json_object();
    json_object_set_new(reply, "kinds", counts);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char term[64];
        unsigned n = 0;
        snprintf(term, sizeof term, "%s%s", ctx->kind_prefix, kinds[i]);
        if (kx_db_termfreq(ctx->db, term, &n, x))
            return -1;
        json_object_set_new(counts, kinds[i], json_integer(n));
    }
    return 0;
}

/* ---- sections per document type ------------------------------------------------ */

typedef struct type_count {
    char name[64];
    unsigned units; /* of both kinds: the XT term's frequency, bounding the sections */
    unsigned sections;
    unsigned documents;
} type_count;

typedef struct type_counts {
    type_count items[TYPES_MAX];
    size_t n;
    size_t prefix_len;
} type_counts;

static int add_type_term(const char *term, unsigned freq, void *arg)
{
    type_counts *tc = arg;
    const char *name = term + tc->prefix_len;
    if (tc->n < TYPES_MAX && strlen(name) < sizeof tc->items[0].name) {
        snprintf(tc->items[tc->n].name, sizeof tc->items[0].name, "%s", name);
        tc->items[tc->n++].units = freq;
    }
    return 0;
}

/* The units matching q, or with a collapse slot the distinct values of
 * that slot among them: counted exactly by Xapian (a match that keeps no
 * hits but checks every candidate, as it does on remote shards).  Not
 * under the search time limit: stats must answer whatever --query-timeout
 * says, and these are a term's postings, no more. */
static int count_matches(sd_ctx *ctx, const kx_query *q, int collapse_slot, unsigned at_most,
                         unsigned *out, sd_error *err)
{
    kx_enquire *enq = NULL;
    kx_mset *mset = NULL;
    kx_error x;
    int rc = 0;
    if (kx_enquire_new(&enq, ctx->db, &x) || kx_enquire_set_query(enq, q, &x))
        rc = -1;
    if (rc == 0 && collapse_slot >= 0)
        kx_enquire_set_collapse(enq, (unsigned)collapse_slot, 1);
    if (rc == 0 && kx_enquire_mset(&mset, enq, 0, 0, at_most, &x))
        rc = -1;
    if (rc == 0)
        *out = kx_mset_estimated(mset);
    kx_mset_free(mset);
    kx_enquire_free(enq);
    return rc ? sd_fail_kx(ctx, err, &x, "stats") : 0;
}

/* A type's sections (its XT term filtered by XKsection) and documents (its
 * units collapsed on their document). */
static int count_type(sd_ctx *ctx, type_count *t, sd_error *err)
{
    char type[128], section[64];
    kx_query *terms[2] = {NULL, NULL}, *sections = NULL;
    kx_error x;
    int rc = 0;
    snprintf(type, sizeof type, "%s%s", ctx->type_prefix, t->name);
    snprintf(section, sizeof section, "%s%s", ctx->kind_prefix, KUNIT_KIND_SECTION);
    if (kx_query_term(&terms[0], type, 1, 0, &x) || kx_query_term(&terms[1], section, 1, 0, &x) ||
        kx_query_combine(&sections, KX_OP_FILTER, terms, 2, 0, &x))
        rc = sd_fail_kx(ctx, err, &x, "stats");
    if (rc == 0)
        rc = count_matches(ctx, sections, -1, t->units, &t->sections, err);
    if (rc == 0)
        rc = count_matches(ctx, terms[0], ctx->slot.doc, t->units, &t->documents, err);
    kx_query_free(sections);
    kx_query_free(terms[0]);
    kx_query_free(terms[1]);
    return rc;
}

static int most_sections_first(const void *a, const void *b)
{
    const type_count *x = a, *y = b;
    if (x->sections != y->sections)
        return x->sections < y->sections ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* Sections per document type, most first: {"arsmelding": 139, …}, and
 * documents per type in the same order.  A type's XT term counts its
 * positions too, so each is intersected with XKsection. */
static int add_types(sd_ctx *ctx, json_t *reply, sd_error *err)
{
    type_counts tc = {.n = 0, .prefix_len = strlen(ctx->type_prefix)};
    kx_error x;
    if (kx_db_allterms(ctx->db, ctx->type_prefix, add_type_term, &tc, &x))
        return sd_fail_kx(ctx, err, &x, "stats");
    for (size_t i = 0; i < tc.n; i++)
        if (count_type(ctx, &tc.items[i], err))
            return -1;
    qsort(tc.items, tc.n, sizeof tc.items[0], most_sections_first);
    json_t *types = json_object(), *documents = json_object();
    json_object_set_new(reply, "types", types);
    json_object_set_new(reply, "documents_by_type", documents);
    for (size_t i = 0; i < tc.n; i++) {
        if (tc.items[i].sections)
            json_object_set_new(types, tc.items[i].name, json_integer(tc.items[i].sections));
        json_object_set_new(documents, tc.items[i].name, json_integer(tc.items[i].documents));
    }
    return 0;
}

/* ---- the indexer's last run ------------------------------------------------------ */

/* One shard's record (docs/SCHEMA.md), or null: an index the indexer has
 * not finished a run on since records began, or a record that is not JSON
 * (only a hand-edited one), which is logged. */
static int shard_last_run(sd_ctx *ctx, size_t shard, json_t **out, sd_error *err)
{
    char *text = NULL;
    kx_error x;
    *out = json_null();
    if (kx_db_shard_metadata(ctx->db, shard, &text, KSCHEMA_META_LAST_RUN, &x))
        return sd_fail_kx(ctx, err, &x, "stats");
    if (*text) {
        json_error_t je;
        json_t *run = json_loads(text, 0, &je);
        if (json_is_object(run))
            *out = run;
        else {
            json_decref(run);
            sd_log("stats: shard %zu: %s is not a JSON object: %s", shard + 1,
                   KSCHEMA_META_LAST_RUN, je.text);
        }
    }
    free(text);
    return 0;
}

static const char *finished(const json_t *run)
{
    const char *t = json_string_value(json_object_get(run, "finished"));
    return t ? t : "";
}

/* "last_run": the newest run over the shards (ISO-8601 UTC sorts as text),
 * or null; with several shards also "last_runs", each shard's in the order
 * Xapian searches them. */
static int add_last_runs(sd_ctx *ctx, json_t *reply, sd_error *err)
{
    size_t n = 0;
    kx_error x;
    if (kx_db_shards(ctx->db, &n, &x))
        return sd_fail_kx(ctx, err, &x, "stats");
    json_t *runs = json_array(), *newest = json_null();
    for (size_t i = 0; i < n; i++) {
        json_t *run;
        if (shard_last_run(ctx, i, &run, err)) {
            json_decref(runs);
            return -1;
        }
        if (json_is_object(run) && strcmp(finished(run), finished(newest)) > 0)
            newest = run;
        json_array_append_new(runs, run);
    }
    json_object_set(reply, "last_run", newest);
    if (n > 1)
        json_object_set(reply, "last_runs", runs);
    json_decref(runs);
    return 0;
}

/* ---- the reply --------------------------------------------------------------------- */

static int add_index(sd_ctx *ctx, json_t *reply, sd_error *err)
{
    unsigned units = 0, documents = 0;
    unsigned long revision = 0;
    kx_error x;
    if (kx_db_doccount(ctx->db, &units, &x) ||
        kx_db_allterms(ctx->db, ctx->doc_prefix, count_term, &documents, &x) ||
        kx_db_revision(ctx->db, &revision, &x))
        return sd_fail_kx(ctx, err, &x, "stats");
    json_object_set_new(reply, "documents", json_integer(documents));
    json_object_set_new(reply, "units", json_integer(units));
    if (add_kinds(ctx, reply, &x))
        return sd_fail_kx(ctx, err, &x, "stats");
    if (add_types(ctx, reply, err))
        return -1;
    /* Xapian numbers the commits of one database; several have no one number */
    json_object_set_new(reply, "revision", revision ? json_integer((json_int_t)revision)
                                                    : json_null());
    json_object_set_new(reply, "index_time", iso_time(index_time(ctx->cfg)));
    json_object_set_new(reply, "shards", json_integer((json_int_t)ctx->cfg->ndbs));
    return add_last_runs(ctx, reply, err);
}

int op_stats(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    static const char *const none[] = {NULL};
    if (sd_check_fields(req, none, "stats", err) || add_index(ctx, reply, err))
        return -1;
    sd_stats_view v;
    sd_stats_read(ctx->stats, &v);
    json_object_set_new(reply, "uptime_s", json_real(v.uptime_s));
    json_object_set_new(reply, "requests", json_integer((json_int_t)v.requests));
    json_object_set_new(reply, "queries", json_integer((json_int_t)v.queries));
    json_object_set_new(reply, "errors", json_integer((json_int_t)v.errors));
    json_object_set_new(reply, "connections", json_integer(v.connections));
    json_object_set_new(reply, "workers", json_integer(ctx->cfg->workers));
    json_object_set_new(reply, "latency_ms",
                        json_pack("{s:f, s:f, s:f, s:I}", "p50", v.p50_ms, "p90", v.p90_ms,
                                  "p99", v.p99_ms, "samples", (json_int_t)v.samples));
    json_object_set_new(reply, "version", json_integer(SD_PROTOCOL_VERSION));
    return 0;
}

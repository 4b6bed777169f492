/*
 * stats: what the daemon serves and how fast — documents, units and how
 * many of each kind, the index's revision and time of its last commit,
 * uptime, requests and searches answered, and search latency percentiles
 * over the last SD_STATS_RING searches.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ops.h"
#include "unit.h"

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
    /* Xapian numbers the commits of one database; several have no one number */
    json_object_set_new(reply, "revision", revision ? json_integer((json_int_t)revision)
                                                    : json_null());
    json_object_set_new(reply, "index_time", iso_time(index_time(ctx->cfg)));
    json_object_set_new(reply, "shards", json_integer((json_int_t)ctx->cfg->ndbs));
    return 0;
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

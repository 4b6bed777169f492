/*
 * timeline: how a matter runs through the years.  For each year the
 * matching units speak for (value slot "year"), oldest first: the matching
 * sections per document type, the matching positions, and the year's best
 * section.  Units without a year are left out.  See docs/PROTOCOL.md.
 *
 * Xapian gives it in few passes: one match over the sections, collapsed on
 * the year (its best section per year), with a spy listing their types;
 * one counting match per type found, with a spy on the year (Xapian's
 * spies count one slot each, and a spy of our own, counting pairs, would
 * not run on a remote shard); and one counting match over the positions.
 */
#include <stdlib.h>
#include <string.h>

#include "closest.h"
#include "criteria.h"
#include "enquire.h"
#include "ops.h"
#include "unit.h"

#define Q_MAX 2000     /* bytes of query text, as search */
#define YEARS_MAX 1000 /* years a timeline shows: an archive's whole span */
#define TYPES_MAX 64   /* document types counted (schemas/index.json has four) */

typedef struct row {
    int year;
    json_t *units;      /* type → matching sections */
    json_int_t sections;
    json_int_t positions;
    json_t *best;       /* the year's best section, or NULL */
} row;

typedef struct timeline {
    row *rows;
    size_t n;
    kx_query *sections, *positions; /* the query over each kind */
    char *corrected;                /* the query as searched (spelling.h), or NULL */
} timeline;

static void timeline_free(timeline *t)
{
    for (size_t i = 0; i < t->n; i++) {
        json_decref(t->rows[i].units);
        json_decref(t->rows[i].best);
    }
    free(t->rows);
    kx_query_free(t->sections);
    kx_query_free(t->positions);
    free(t->corrected);
}

/* The row of `year`, added when new; NULL past YEARS_MAX or out of memory. */
static row *row_for(timeline *t, int year)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].year == year)
            return &t->rows[i];
    if (t->n == YEARS_MAX)
        return NULL;
    if (t->n % 16 == 0) {
        row *more = realloc(t->rows, (t->n + 16) * sizeof *more);
        if (!more)
            return NULL;
        t->rows = more;
    }
    row *r = &t->rows[t->n++];
    *r = (row){.year = year, .units = json_object()};
    return r;
}

static int year_of(const char *value, size_t len)
{
    return (int)kx_sortable_unserialise(value, len);
}

/* ---- the request and the two queries ------------------------------------------ */

static int read_request(const json_t *req, const char **q, bool *spelling, sd_error *err)
{
    static const char *const fields[] = {"q", "by", "filter", "spelling", NULL};
    static const char *const bys[] = {"year", NULL};
    const char *by = NULL;
    *q = "";
    *spelling = true;
    if (sd_check_fields(req, fields, "timeline", err) || sd_get_string(req, "q", Q_MAX, q, err) ||
        sd_get_string(req, "by", 40, &by, err) || sd_get_bool(req, "spelling", spelling, err))
        return -1;
    if (!by || strcmp(by, "year") == 0)
        return 0;
    const char *near = sd_closest(by, bys);
    return sd_fail(err, SD_BAD_REQUEST, "unknown 'by' '%.40s'%s%s%s (a timeline goes by: year)",
                   by, near ? " — did you mean '" : "", near ? near : "", near ? "'?" : "");
}

/* q FILTER the filters FILTER has a year FILTER kind, for either kind. */
static int build_queries(sd_ctx *ctx, const json_t *req, const char *text, bool spelling,
                         timeline *t, sd_error *err)
{
    sd_filters f = {.n = 0};
    sd_query_words words = {.n_near = 0, .corrected = NULL, .as_typed = !spelling};
    kx_query *main_q = NULL, *ranked = NULL;
    int rc = sd_read_filters(ctx, req, SD_FILTER_COMMON, &f, err);
    if (rc == 0)
        rc = sd_filter_has_year(ctx, &f, err);
    if (rc == 0)
        rc = sd_query_build(&main_q, ctx->query, text, &words, err);
    t->corrected = words.corrected;
    if (rc == 0)
        rc = sd_filtered(&ranked, main_q, &f, err);
    sd_filters_free(&f);
    for (int k = 0; rc == 0 && k < 2; k++) {
        sd_filters kind = {.n = 0};
        rc = sd_filter_kind(ctx, &kind, k ? KUNIT_KIND_POSITION : KUNIT_KIND_SECTION, err);
        if (rc == 0)
            rc = sd_filtered(k ? &t->positions : &t->sections, ranked, &kind, err);
        sd_filters_free(&kind);
    }
    kx_query_free(main_q);
    kx_query_free(ranked);
    return rc;
}

/* ---- counting ------------------------------------------------------------------- */

/* Runs q (matching every unit, so spies see them all), keeping `keep`
 * items (collapsed on the year when keep > 0) and feeding the spies. */
static int count(sd_ctx *ctx, const kx_query *q, kx_spy **spies, int *slots, size_t nspies,
                 unsigned keep, kx_enquire **enq, kx_mset **mset, sd_error *err)
{
    unsigned all = 0;
    kx_error x;
    if (sd_doccount(ctx, &all, err) || sd_enquire_new(ctx, q, enq, err))
        return -1;
    if (keep)
        kx_enquire_set_collapse(*enq, (unsigned)ctx->slot.year, 1);
    for (size_t i = 0; i < nspies; i++)
        if (kx_spy_new(&spies[i], (unsigned)slots[i], &x) ||
            kx_enquire_add_spy(*enq, spies[i], &x))
            return sd_fail_kx(ctx, err, &x, "timeline");
    return sd_enquire_run(ctx, *enq, 0, keep, all > keep ? all : keep, mset, err);
}

typedef struct tally {
    timeline *t;
    const char *type; /* sections of this type, or NULL: positions */
    int failed;
} tally;

static int add_year_count(const char *value, size_t len, unsigned n, void *arg)
{
    tally *ty = arg;
    row *r = row_for(ty->t, year_of(value, len));
    if (!r) {
        ty->failed = 1;
        return 1;
    }
    if (!ty->type) {
        r->positions += n;
        return 0;
    }
    json_object_set_new(r->units, ty->type, json_integer(n));
    r->sections += n;
    return 0;
}

/* Counts q's matches per year into the rows: as sections of `type`, or
 * (type NULL) as positions. */
static int count_years(sd_ctx *ctx, timeline *t, const kx_query *q, const char *type,
                       sd_error *err)
{
    kx_spy *spy = NULL;
    kx_enquire *enq = NULL;
    kx_mset *mset = NULL;
    int slot = ctx->slot.year;
    tally ty = {t, type, 0};
    kx_error x;
    int rc = count(ctx, q, &spy, &slot, 1, 0, &enq, &mset, err);
    if (rc == 0 && kx_spy_values(spy, add_year_count, &ty, &x))
        rc = sd_fail_kx(ctx, err, &x, "timeline");
    if (rc == 0 && ty.failed)
        rc = sd_fail(err, SD_INTERNAL, "more than %d years, or out of memory", YEARS_MAX);
    kx_mset_free(mset);
    kx_enquire_free(enq);
    kx_spy_free(spy);
    return rc;
}

typedef struct types {
    char name[TYPES_MAX][64];
    size_t n;
} types;

static int add_type(const char *value, size_t len, unsigned n, void *arg)
{
    types *ts = arg;
    (void)n;
    if (ts->n < TYPES_MAX && len < sizeof ts->name[0]) {
        memcpy(ts->name[ts->n], value, len);
        ts->name[ts->n++][len] = '\0';
    }
    return 0;
}

/* The sections per type and year: one counting match per type. */
static int count_types(sd_ctx *ctx, timeline *t, kx_spy *type_spy, sd_error *err)
{
    types ts = {.n = 0};
    kx_error x;
    if (kx_spy_values(type_spy, add_type, &ts, &x)) /* most sections first */
        return sd_fail_kx(ctx, err, &x, "timeline");
    for (size_t i = 0; i < ts.n; i++) {
        sd_filters f = {.n = 0};
        kx_query *q = NULL;
        int rc = sd_filter_term(&f, ctx->type_prefix, ts.name[i], err);
        if (rc == 0)
            rc = sd_filtered(&q, t->sections, &f, err);
        sd_filters_free(&f);
        if (rc == 0)
            rc = count_years(ctx, t, q, ts.name[i], err);
        kx_query_free(q);
        if (rc)
            return -1;
    }
    return 0;
}

/* ---- the best section of each year ----------------------------------------------- */

static json_t *best_json(const json_t *unit)
{
    static const char *const keys[] = {"id", "title", "doc_title", "type", "citation", "pages",
                                       NULL};
    json_t *best = json_object();
    for (size_t i = 0; keys[i]; i++) {
        json_t *v = json_object_get(unit, keys[i]);
        json_object_set_new(best, keys[i], v ? json_incref(v) : json_null());
    }
    return best;
}

static int add_best(sd_ctx *ctx, timeline *t, const kx_mset *mset, unsigned i, sd_error *err)
{
    kx_doc *doc = NULL;
    kx_error x;
    if (kx_mset_document(&doc, mset, i, &x))
        return sd_fail_kx(ctx, err, &x, "timeline");
    size_t len = 0;
    const char *value = kx_doc_value(doc, (unsigned)ctx->slot.year, &len);
    row *r = row_for(t, year_of(value, len));
    json_t *unit = r ? sd_unit_json(doc, err) : NULL;
    kx_doc_free(doc);
    if (!r)
        return sd_fail(err, SD_INTERNAL, "more than %d years, or out of memory", YEARS_MAX);
    if (!unit)
        return -1;
    if (!r->best) /* collapsed on the year: one each, best first */
        r->best = best_json(unit);
    json_decref(unit);
    return 0;
}

/* The sections: the best per year, the counts per type and year. */
static int sections(sd_ctx *ctx, timeline *t, sd_error *err)
{
    kx_spy *spies[1] = {NULL};
    int slots[1] = {ctx->slot.type};
    kx_enquire *enq = NULL;
    kx_mset *mset = NULL;
    int rc = count(ctx, t->sections, spies, slots, 1, YEARS_MAX, &enq, &mset, err);
    for (unsigned i = 0; rc == 0 && i < kx_mset_size(mset); i++)
        rc = add_best(ctx, t, mset, i, err);
    if (rc == 0)
        rc = count_types(ctx, t, spies[0], err);
    kx_mset_free(mset);
    kx_enquire_free(enq);
    kx_spy_free(spies[0]);
    return rc;
}

/* ---- the reply -------------------------------------------------------------------- */

static int by_year(const void *a, const void *b)
{
    const row *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

/* Oldest first: a history is read forwards. */
static void add_years(timeline *t, json_t *reply)
{
    json_int_t sections = 0, positions = 0;
    json_t *years = json_array();
    if (t->n > 1) /* no rows: no array, and qsort must not see NULL */
        qsort(t->rows, t->n, sizeof *t->rows, by_year);
    for (size_t i = 0; i < t->n; i++) {
        row *r = &t->rows[i];
        json_array_append_new(years, json_pack("{s:i, s:O, s:I, s:O?}", "year", r->year,
                                               "units", r->units, "positions", r->positions,
                                               "best", r->best));
        sections += r->sections;
        positions += r->positions;
    }
    json_object_set_new(reply, "years", years);
    json_object_set_new(reply, "total", json_integer(sections));
    json_object_set_new(reply, "positions", json_integer(positions));
    json_object_set_new(reply, "suggestion", t->corrected
                                                 ? sd_json_string(t->corrected,
                                                                  strlen(t->corrected))
                                                 : json_null());
}

int op_timeline(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    const char *q;
    bool spelling;
    timeline t = {.n = 0};
    int rc = read_request(req, &q, &spelling, err);
    if (rc == 0)
        rc = build_queries(ctx, req, q, spelling, &t, err);
    if (rc == 0)
        rc = sections(ctx, &t, err);
    if (rc == 0)
        rc = count_years(ctx, &t, t.positions, NULL, err);
    if (rc == 0) {
        add_years(&t, reply);
        json_object_set_new(reply, "took_ms", json_real(sd_now_ms() - ctx->started_ms));
    }
    timeline_free(&t);
    return rc;
}

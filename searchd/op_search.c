/*
 * search: the ranked units for a query, with filters, sorting, facets,
 * collapsing to one unit per document, a snippet per hit and a spelling
 * suggestion.  See docs/PROTOCOL.md for the fields, docs/QUERY.md for q.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closest.h"
#include "criteria.h"
#include "enquire.h"
#include "ops.h"
#include "proximity.h"
#include "snippet.h"
#include "unit.h"

#define Q_MAX 2000          /* bytes of query text */
#define SNIPPET_BYTES 300   /* a snippet's text, markers not counted */

typedef struct search {
    const char *q;
    long limit, offset;
    int sort;
    bool facet_type, facet_year, collapse;
    bool sections_only;   /* no filter.kind: the default, sections */
    sd_query_words words; /* for snippets and proximity */
} search;

/* ---- reading the request ------------------------------------------------- */

static int read_facets(const json_t *req, search *s, sd_error *err)
{
    static const char *const names[] = {"type", "year", NULL};
    json_t *f = json_object_get(req, "facets"), *v;
    size_t i;
    if (f && !json_is_array(f))
        return sd_fail(err, SD_BAD_REQUEST, "'facets' must be a list, as [\"type\", \"year\"]");
    json_array_foreach(f, i, v) {
        const char *name = json_string_value(v);
        if (name && strcmp(name, "type") == 0)
            s->facet_type = true;
        else if (name && strcmp(name, "year") == 0)
            s->facet_year = true;
        else {
            const char *near = name ? sd_closest(name, names) : NULL;
            return sd_fail(err, SD_BAD_REQUEST, "unknown facet %s%.40s%s%s%s%s (facets: type, "
                           "year)", name ? "'" : "", name ? name : "(not a string)",
                           name ? "'" : "", near ? " — did you mean '" : "", near ? near : "",
                           near ? "'?" : "");
        }
    }
    return 0;
}

static int read_request(const json_t *req, search *s, sd_error *err)
{
    static const char *const fields[] = {"q", "limit", "offset", "filter", "sort",
                                         "facets", "collapse", "spelling", NULL};
    bool spelling = true;
    s->q = "";
    s->limit = 10;
    s->offset = 0;
    s->sort = SD_SORT_RELEVANCE;
    s->facet_type = s->facet_year = s->collapse = false;
    s->words.marks.n = s->words.n_near = 0;
    s->words.corrected = NULL;
    if (sd_check_fields(req, fields, "search", err) || sd_get_string(req, "q", Q_MAX, &s->q, err) ||
        sd_get_int(req, "limit", 0, SD_LIMIT_MAX, &s->limit, err) ||
        sd_get_int(req, "offset", 0, SD_OFFSET_MAX, &s->offset, err) ||
        sd_get_bool(req, "collapse", &s->collapse, err) || sd_read_sort(req, &s->sort, err) ||
        read_facets(req, s, err) || sd_get_bool(req, "spelling", &spelling, err))
        return -1;
    s->words.as_typed = !spelling;
    return 0;
}

/* The query: q ranked, FILTER the filters (which add no weight).  Without
 * filter.kind a search finds sections only: a position repeats words of
 * its section, and has its own operation (op_positions.c); most units are
 * sections, so the match checks that on its best candidates only
 * (run_match), not as a filter walking every section. */
static int build_query(sd_ctx *ctx, const json_t *req, search *s, kx_query **out,
                       sd_error *err)
{
    sd_filters f = {.n = 0};
    if (sd_read_filters(ctx, req, SD_FILTER_COMMON | SD_FILTER_KIND, &f, err)) {
        sd_filters_free(&f);
        return -1;
    }
    s->sections_only = !f.kind;
    kx_query *main_q = NULL;
    int rc = sd_query_build(&main_q, ctx->query, s->q, &s->words, err);
    if (rc == 0)
        rc = sd_filtered(out, main_q, &f, err);
    kx_query_free(main_q);
    sd_filters_free(&f);
    return rc;
}

/* ---- matching ------------------------------------------------------------ */

typedef struct match {
    kx_enquire *enq;
    kx_spy *type_spy, *year_spy;
    kx_mset *mset;
    unsigned first;  /* the mset's item the reply starts at */
    unsigned *order; /* mset items in ranked order */
    double *score;   /* per mset item: its weight, with proximity */
} match;

static void match_free(match *m)
{
    free(m->order);
    free(m->score);
    kx_mset_free(m->mset);
    kx_enquire_free(m->enq); /* before the spies: it points at them */
    kx_spy_free(m->type_spy);
    kx_spy_free(m->year_spy);
}

static int add_spy(sd_ctx *ctx, match *m, kx_spy **spy, int slot, sd_error *err)
{
    kx_error x;
    if (kx_spy_new(spy, (unsigned)slot, &x) || kx_enquire_add_spy(m->enq, *spy, &x))
        return sd_fail_kx(ctx, err, &x, "facets");
    return 0;
}

static bool reorders(const search *s)
{
    return s->sort == SD_SORT_RELEVANCE && s->words.n_near >= 1 && s->limit > 0 &&
           s->offset < SD_PROXIMITY_DEPTH;
}

/* The mset's items in the order to show them (proximity.h). */
static int rank(sd_ctx *ctx, const search *s, match *m, sd_error *err)
{
    unsigned n = kx_mset_size(m->mset);
    m->order = malloc((n + 1) * sizeof *m->order);
    m->score = malloc((n + 1) * sizeof *m->score);
    if (!m->order || !m->score)
        return sd_fail_nomem(err);
    sd_proximity_rank(ctx->db, m->mset, reorders(s) ? &s->words : NULL, ctx->heading_prefix,
                      m->order, m->score);
    return 0;
}

static int run_match(sd_ctx *ctx, const search *s, const kx_query *q, match *m, sd_error *err)
{
    if (sd_enquire_new(ctx, q, &m->enq, err) ||
        (s->sections_only && sd_enquire_kind(ctx, m->enq, KUNIT_KIND_SECTION, err)))
        return -1;
    sd_enquire_sort(ctx, m->enq, s->sort);
    if (s->collapse)
        kx_enquire_set_collapse(m->enq, (unsigned)ctx->slot.doc, 1);
    if ((s->facet_type && add_spy(ctx, m, &m->type_spy, ctx->slot.type, err)) ||
        (s->facet_year && add_spy(ctx, m, &m->year_spy, ctx->slot.year, err)))
        return -1;
    /* facets count every match, so the match must look at them all */
    unsigned doccount = 0;
    if ((s->facet_type || s->facet_year) && sd_doccount(ctx, &doccount, err))
        return -1;
    /* reordering by proximity needs the hits above the page as well */
    unsigned end = (unsigned)(s->offset + s->limit), from = (unsigned)s->offset;
    if (reorders(s))
        from = 0, end = end > SD_PROXIMITY_DEPTH ? end : SD_PROXIMITY_DEPTH;
    unsigned check = end < SD_EXACT_TOTAL ? SD_EXACT_TOTAL : end;
    m->first = (unsigned)s->offset - from;
    return sd_enquire_run(ctx, m->enq, from, end - from, doccount > check ? doccount : check,
                          &m->mset, err);
}

/* ---- the reply ----------------------------------------------------------- */

static json_t *snippet_json(sd_ctx *ctx, const search *s, const json_t *unit)
{
    json_t *t = json_object_get(unit, "text");
    const char *text = json_string_value(t);
    char *snip = text ? sd_snippet(&s->words.marks, ctx->stem, text, json_string_length(t),
                                   SNIPPET_BYTES) : NULL;
    if (!snip)
        return json_null();
    json_t *j = sd_json_string(snip, strlen(snip));
    free(snip);
    return j;
}

/* The stored unit without its bulk (text, captions) plus score and snippet;
 * its data only, not its values (kx_mset_data). */
static int hit_json(sd_ctx *ctx, const search *s, const match *m, unsigned i, json_t **out,
                    sd_error *err)
{
    char *data = NULL;
    size_t len = 0;
    kx_error x;
    if (kx_mset_data(m->mset, i, &data, &len, &x))
        return sd_fail_kx(ctx, err, &x, "reading a hit");
    json_t *unit = sd_unit_json_data(data, len, kx_mset_docid(m->mset, i), err);
    free(data);
    if (!unit)
        return -1;
    json_t *hit = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(unit, key, v) {
        if (strcmp(key, "text") != 0 && strcmp(key, "captions") != 0 &&
            strcmp(key, "footnotes") != 0 && strcmp(key, "repairs") != 0)
            json_object_set(hit, key, v);
    }
    json_object_set_new(hit, "score", json_real(m->score[i]));
    json_object_set_new(hit, "snippet", snippet_json(ctx, s, unit));
    if (s->collapse)
        json_object_set_new(hit, "collapsed", json_integer(kx_mset_collapse_count(m->mset, i)));
    json_decref(unit);
    *out = hit;
    return 0;
}

static int add_hits(sd_ctx *ctx, const search *s, const match *m, json_t *reply, sd_error *err)
{
    json_t *hits = json_array();
    json_object_set_new(reply, "hits", hits);
    for (unsigned k = m->first; k < kx_mset_size(m->mset) && k - m->first < s->limit; k++) {
        json_t *hit = NULL;
        if (hit_json(ctx, s, m, m->order[k], &hit, err))
            return -1;
        json_array_append_new(hits, hit);
    }
    return 0;
}

typedef struct facet {
    json_t *list;
    bool year;
} facet;

static int add_value(const char *value, size_t len, unsigned count, void *arg)
{
    facet *f = arg;
    json_t *v = f->year ? json_integer((json_int_t)kx_sortable_unserialise(value, len))
                        : sd_json_string(value, len);
    json_array_append_new(f->list, json_pack("{s:o, s:I}", "value", v, "count",
                                             (json_int_t)count));
    return 0;
}

static int cmp_year_desc(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "value"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "value"));
    return (x < y) - (x > y);
}

/* Years newest first: a timeline reads better than a popularity list. */
static void sort_years(json_t *list)
{
    size_t n = json_array_size(list);
    json_t **items = malloc((n + 1) * sizeof *items);
    if (!items)
        return;
    for (size_t i = 0; i < n; i++)
        items[i] = json_incref(json_array_get(list, i));
    qsort(items, n, sizeof *items, cmp_year_desc);
    json_array_clear(list);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, items[i]);
    free(items);
}

static int add_facets(sd_ctx *ctx, const match *m, json_t *reply, sd_error *err)
{
    if (!m->type_spy && !m->year_spy)
        return 0;
    json_t *facets = json_object();
    json_object_set_new(reply, "facets", facets);
    kx_spy *spies[2] = {m->type_spy, m->year_spy};
    for (int k = 0; k < 2; k++) {
        if (!spies[k])
            continue;
        facet f = {.list = json_array(), .year = k == 1};
        json_object_set_new(facets, k ? "year" : "type", f.list);
        kx_error x;
        if (kx_spy_values(spies[k], add_value, &f, &x))
            return sd_fail_kx(ctx, err, &x, "facets");
        if (f.year)
            sort_years(f.list);
    }
    return 0;
}

/* What the unknown words were searched as (query.c), the query corrected. */
static void add_suggestion(const search *s, json_t *reply)
{
    const char *better = s->words.corrected;
    json_object_set_new(reply, "suggestion", better ? sd_json_string(better, strlen(better))
                                                    : json_null());
}

int op_search(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    search s;
    kx_query *q = NULL;
    if (read_request(req, &s, err))
        return -1;
    match m = {NULL};
    int rc = build_query(ctx, req, &s, &q, err);
    if (rc == 0)
        rc = run_match(ctx, &s, q, &m, err);
    kx_query_free(q);
    if (rc == 0)
        rc = rank(ctx, &s, &m, err);
    if (rc == 0) {
        json_object_set_new(reply, "total", json_integer(kx_mset_estimated(m.mset)));
        rc = add_hits(ctx, &s, &m, reply, err);
    }
    if (rc == 0)
        rc = add_facets(ctx, &m, reply, err);
    match_free(&m);
    if (rc == 0) {
        add_suggestion(&s, reply);
        json_object_set_new(reply, "took_ms", json_real(sd_now_ms() - ctx->started_ms));
    }
    free(s.words.corrected);
    return rc ? -1 : 0;
}

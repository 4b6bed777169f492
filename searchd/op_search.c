/*
 * search: the ranked units for a query, with filters, sorting, facets,
 * collapsing to one unit per document, a snippet per hit and a spelling
 * suggestion.  See docs/PROTOCOL.md for the fields, docs/QUERY.md for q.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "proximity.h"
#include "querylex.h"
#include "snippet.h"
#include "utf8.h"

#define Q_MAX 2000          /* bytes of query text */
#define SNIPPET_BYTES 300   /* a snippet's text, markers not counted */
#define AUTHOR_MAX 200
/* Matches counted exactly before "total" becomes Xapian's estimate (which
 * can be far off for date ranges); facets count every match anyway.  Each
 * one counted costs: 1,000 doubled a search's time on 100,000 units. */
#define EXACT_TOTAL 200
#define FILTER_TERMS_MAX 16

enum { SORT_RELEVANCE, SORT_NEWEST, SORT_OLDEST };

typedef struct search {
    const char *q;
    long limit, offset;
    int sort;
    bool facet_type, facet_year, collapse;
    const json_t *filter;
    sd_query_words words; /* for snippets and proximity */
} search;

/* ---- reading the request ------------------------------------------------- */

static int read_sort(const json_t *req, search *s, sd_error *err)
{
    static const char *const sorts[] = {"relevance", "newest", "oldest", NULL};
    const char *v = NULL;
    if (sd_get_string(req, "sort", 40, &v, err))
        return -1;
    for (int i = 0; v && sorts[i]; i++)
        if (strcmp(v, sorts[i]) == 0) {
            s->sort = i;
            return 0;
        }
    if (!v)
        return 0;
    const char *near = sd_closest(v, sorts);
    return sd_fail(err, SD_BAD_REQUEST, "unknown sort '%s'%s%s%s (sorts: relevance, newest, "
                   "oldest)", v, near ? " — did you mean '" : "", near ? near : "",
                   near ? "'?" : "");
}

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
                                         "facets", "collapse", NULL};
    static const char *const filter_fields[] = {"type", "from", "to", "author", NULL};
    s->q = "";
    s->limit = 10;
    s->offset = 0;
    s->sort = SORT_RELEVANCE;
    s->facet_type = s->facet_year = s->collapse = false;
    s->filter = NULL;
    s->words.marks.n = s->words.n_near = 0;
    s->words.corrected = NULL;
    if (sd_check_fields(req, fields, "search", err) || sd_get_string(req, "q", Q_MAX, &s->q, err) ||
        sd_get_int(req, "limit", 0, SD_LIMIT_MAX, &s->limit, err) ||
        sd_get_int(req, "offset", 0, SD_OFFSET_MAX, &s->offset, err) ||
        sd_get_bool(req, "collapse", &s->collapse, err) || read_sort(req, s, err) ||
        read_facets(req, s, err))
        return -1;
    s->filter = json_object_get(req, "filter");
    if (s->filter && !json_is_object(s->filter))
        return sd_fail(err, SD_BAD_REQUEST, "'filter' must be an object, as "
                       "{\"type\": [\"artikkel\"], \"from\": \"2023-01-01\"}");
    return s->filter ? sd_check_fields(s->filter, filter_fields, "filter", err) : 0;
}

/* ---- filters ------------------------------------------------------------- */

typedef struct filters {
    kx_query *q[FILTER_TERMS_MAX];
    size_t n;
} filters;

static void filters_free(filters *f)
{
    for (size_t i = 0; i < f->n; i++)
        kx_query_free(f->q[i]);
    f->n = 0;
}

/* Adds OR(terms) (or AND) as one filter; takes the terms. */
static int add_filter(filters *f, kx_query **terms, size_t n, int op, sd_error *err)
{
    kx_error x;
    kx_query *q = NULL;
    int rc = n == 1 ? 0 : kx_query_combine(&q, op, terms, n, 0, &x);
    if (n == 1) {
        q = terms[0];
        terms[0] = NULL;
    }
    for (size_t i = 0; i < n; i++)
        kx_query_free(terms[i]);
    if (rc)
        return sd_fail(err, SD_INTERNAL, "building the filter: %s", x.message);
    f->q[f->n++] = q;
    return 0;
}

static int term_query(kx_query **out, const char *prefix, const char *value, sd_error *err)
{
    char term[256];
    kx_error x;
    snprintf(term, sizeof term, "%s%s", prefix, value);
    if (kx_query_term(out, term, 1, 0, &x))
        return sd_fail(err, SD_INTERNAL, "%s", x.message);
    return 0;
}

static int type_filter(sd_ctx *ctx, const json_t *v, filters *f, sd_error *err)
{
    kx_query *terms[8] = {NULL};
    size_t n = 0, i;
    json_t *item;
    if (json_is_string(v))
        v = json_pack("[O]", v);
    else if (json_is_array(v) && json_array_size(v) >= 1 && json_array_size(v) <= 8)
        json_incref((json_t *)v);
    else
        return sd_fail(err, SD_BAD_REQUEST, "filter.type must be a type or a list of 1 to 8 "
                       "types, as [\"horingsinnspill\", \"artikkel\"]");
    int rc = 0;
    json_array_foreach(v, i, item) {
        char type[SDQ_TYPE_MAX];
        if (!json_is_string(item))
            rc = sd_fail(err, SD_BAD_REQUEST, "filter.type lists strings only");
        else if (sdq_canonical_type(type, json_string_value(item), json_string_length(item),
                                    " in filter.type", err))
            rc = (err->code = SD_BAD_REQUEST, -1); /* the request is wrong, not a query */
        else
            rc = term_query(&terms[n++], ctx->type_prefix, type, err);
        if (rc)
            break;
    }
    json_decref((json_t *)v);
    if (rc) {
        for (size_t k = 0; k < n; k++)
            kx_query_free(terms[k]);
        return -1;
    }
    return add_filter(f, terms, n, KX_OP_OR, err);
}

/* "2024", "2024-05" or "2024-05-17" → YYYYMMDD, the first or last day the
 * text can mean (the date slot compares as a string, so "20240231" is a
 * fine upper bound for February). */
static int parse_date(char out[9], const char *s, bool last, const char *key, sd_error *err)
{
    size_t n = strlen(s);
    bool ok = n == 4 || n == 7 || n == 10;
    for (size_t i = 0; ok && i < n; i++)
        ok = (i == 4 || i == 7) ? s[i] == '-' : isdigit((unsigned char)s[i]) != 0;
    int y = ok ? atoi(s) : 0;
    int m = n >= 7 && ok ? atoi(s + 5) : (last ? 12 : 1);
    int d = n == 10 && ok ? atoi(s + 8) : (last ? 31 : 1);
    if (!ok || m < 1 || m > 12 || d < 1 || d > 31)
        return sd_fail(err, SD_BAD_REQUEST, "filter.%s must be a date as 2024-05-17 (or 2024-05, "
                       "or 2024), not '%.40s'", key, s);
    snprintf(out, 9, "%04d%02d%02d", y, m, d);
    return 0;
}

static int date_filter(sd_ctx *ctx, const json_t *filter, filters *f, sd_error *err)
{
    const char *from = NULL, *to = NULL;
    if (sd_get_string(filter, "from", 10, &from, err) || sd_get_string(filter, "to", 10, &to, err))
        return -1;
    if (!from && !to)
        return 0;
    char lo[9] = "00000000", hi[9] = "99999999";
    if ((from && parse_date(lo, from, false, "from", err)) ||
        (to && parse_date(hi, to, true, "to", err)))
        return -1;
    if (strcmp(lo, hi) > 0)
        return sd_fail(err, SD_BAD_REQUEST, "filter.from (%s) is after filter.to (%s)", from, to);
    kx_query *q = NULL;
    kx_error x;
    /* units without a date hold no value, so any date range leaves them out */
    if (kx_query_value_range(&q, (unsigned)ctx->slot.date, lo, hi, &x))
        return sd_fail(err, SD_INTERNAL, "%s", x.message);
    return add_filter(f, &q, 1, KX_OP_AND, err);
}

/* A whole name ("Marit Hermansen") matches its exact term; a part of one
 * ("hermansen") the words of the author field. */
static int author_filter(sd_ctx *ctx, const char *name, filters *f, sd_error *err)
{
    char *low = utf8_casefold(name); /* names are valid UTF-8: jansson checked */
    if (!low)
        return sd_fail(err, SD_INTERNAL, "out of memory");
    char term[256];
    unsigned freq = 0;
    kx_error x;
    snprintf(term, sizeof term, "%s%s", ctx->author_bool_prefix, low);
    if (kx_db_termfreq(ctx->db, term, &freq, &x) != KX_OK) {
        free(low);
        return sd_fail_kx(ctx, err, &x, "author filter");
    }
    kx_query *terms[FILTER_TERMS_MAX] = {NULL};
    size_t n = 0;
    int rc = 0;
    if (freq)
        rc = term_query(&terms[n++], ctx->author_bool_prefix, low, err);
    for (char *save = NULL, *w = freq ? NULL : strtok_r(low, " -.,'", &save);
         w && rc == 0 && n < FILTER_TERMS_MAX; w = strtok_r(NULL, " -.,'", &save))
        rc = term_query(&terms[n++], ctx->author_prefix, w, err);
    free(low);
    if (rc == 0 && n == 0)
        rc = sd_fail(err, SD_BAD_REQUEST, "filter.author needs a name, as \"Marit Hermansen\"");
    if (rc) {
        for (size_t k = 0; k < n; k++)
            kx_query_free(terms[k]);
        return -1;
    }
    return add_filter(f, terms, n, KX_OP_AND, err);
}

static int read_filters(sd_ctx *ctx, const json_t *filter, filters *f, sd_error *err)
{
    const char *author = NULL;
    json_t *type = json_object_get(filter, "type");
    if ((type && type_filter(ctx, type, f, err)) || date_filter(ctx, filter, f, err) ||
        sd_get_string(filter, "author", AUTHOR_MAX, &author, err))
        return -1;
    return author ? author_filter(ctx, author, f, err) : 0;
}

/* The query: q ranked, FILTER the filters (which add no weight). */
static int build_query(sd_ctx *ctx, search *s, kx_query **out, sd_error *err)
{
    filters f = {.n = 0};
    if (s->filter && read_filters(ctx, s->filter, &f, err)) {
        filters_free(&f);
        return -1;
    }
    kx_query *main_q = NULL;
    if (sd_query_build(&main_q, ctx->query, s->q, &s->words, err)) {
        filters_free(&f);
        return -1;
    }
    if (f.n == 0) {
        *out = main_q;
        return 0;
    }
    kx_query *subs[FILTER_TERMS_MAX + 1] = {main_q};
    memcpy(subs + 1, f.q, f.n * sizeof *f.q);
    kx_error x;
    int rc = kx_query_combine(out, KX_OP_FILTER, subs, f.n + 1, 0, &x);
    kx_query_free(main_q);
    filters_free(&f);
    return rc ? sd_fail(err, SD_INTERNAL, "%s", x.message) : 0;
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
    return s->sort == SORT_RELEVANCE && s->words.n_near >= 1 && s->limit > 0 &&
           s->offset < SD_PROXIMITY_DEPTH;
}

/* The mset's items in the order to show them (proximity.h). */
static int rank(sd_ctx *ctx, const search *s, match *m, sd_error *err)
{
    unsigned n = kx_mset_size(m->mset);
    m->order = malloc((n + 1) * sizeof *m->order);
    m->score = malloc((n + 1) * sizeof *m->score);
    if (!m->order || !m->score)
        return sd_fail(err, SD_INTERNAL, "out of memory");
    sd_proximity_rank(ctx->db, m->mset, reorders(s) ? &s->words : NULL, ctx->heading_prefix,
                      m->order, m->score);
    return 0;
}

static int run_match(sd_ctx *ctx, const search *s, const kx_query *q, match *m, sd_error *err)
{
    kx_error x;
    if (kx_enquire_new(&m->enq, ctx->db, &x) || kx_enquire_set_query(m->enq, q, &x))
        return sd_fail_kx(ctx, err, &x, "search");
    if (s->sort != SORT_RELEVANCE)
        kx_enquire_set_sort(m->enq, ctx->slot.date, s->sort == SORT_NEWEST);
    if (s->collapse)
        kx_enquire_set_collapse(m->enq, (unsigned)ctx->slot.doc, 1);
    if ((s->facet_type && add_spy(ctx, m, &m->type_spy, ctx->slot.type, err)) ||
        (s->facet_year && add_spy(ctx, m, &m->year_spy, ctx->slot.year, err)))
        return -1;
    kx_enquire_set_time_limit(m->enq, ctx->cfg->query_timeout);
    /* facets count every match, so the match must look at them all */
    unsigned doccount = 0;
    if ((s->facet_type || s->facet_year) && kx_db_doccount(ctx->db, &doccount, &x))
        return sd_fail_kx(ctx, err, &x, "search");
    /* reordering by proximity needs the hits above the page as well */
    unsigned end = (unsigned)(s->offset + s->limit), from = (unsigned)s->offset;
    if (reorders(s))
        from = 0, end = end > SD_PROXIMITY_DEPTH ? end : SD_PROXIMITY_DEPTH;
    unsigned check = end < EXACT_TOTAL ? EXACT_TOTAL : end;
    double t0 = sd_now_ms();
    if (kx_enquire_mset(&m->mset, m->enq, from, end - from, doccount > check ? doccount : check,
                        &x))
        return sd_fail_kx(ctx, err, &x, "search");
    m->first = (unsigned)s->offset - from;
    /* Xapian stops at the limit and returns what it has: a partial answer
     * would look complete, so it is refused */
    double took_s = (sd_now_ms() - t0) / 1e3;
    if (took_s >= ctx->cfg->query_timeout)
        return sd_fail(err, SD_TIMEOUT, "the search took longer than its limit of %g s — "
                       "narrow it with more words or a filter, or shorten prefix* words",
                       ctx->cfg->query_timeout);
    return 0;
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

/* The stored unit without its bulk (text, captions) plus score and snippet. */
static int hit_json(sd_ctx *ctx, const search *s, const match *m, unsigned i, json_t **out,
                    sd_error *err)
{
    kx_doc *doc = NULL;
    kx_error x;
    if (kx_mset_document(&doc, m->mset, i, &x))
        return sd_fail_kx(ctx, err, &x, "reading a hit");
    json_t *unit = sd_unit_json(doc, err);
    kx_doc_free(doc);
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
    int rc = build_query(ctx, &s, &q, err);
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

#include "criteria.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closest.h"
#include "querylex.h"
#include "unit.h"
#include "utf8.h"

#define AUTHOR_MAX 200
#define NAMES_MAX 8  /* names in one list filter */
#define NAME_MAX 64  /* bytes of one canonical name */
#define YEAR_MIN 1000
#define YEAR_MAX 9999

/* ---- sort ------------------------------------------------------------------ */

int sd_read_sort(const json_t *req, int *sort, sd_error *err)
{
    static const char *const sorts[] = {"relevance", "newest", "oldest", NULL};
    const char *v = NULL;
    if (sd_get_string(req, "sort", 40, &v, err))
        return -1;
    if (!v)
        return 0;
    for (int i = 0; sorts[i]; i++)
        if (strcmp(v, sorts[i]) == 0) {
            *sort = i; /* the order of SD_SORT_* */
            return 0;
        }
    const char *near = sd_closest(v, sorts);
    return sd_fail(err, SD_BAD_REQUEST, "unknown sort '%s'%s%s%s (sorts: relevance, newest, "
                   "oldest)", v, near ? " — did you mean '" : "", near ? near : "",
                   near ? "'?" : "");
}

/* ---- building filters -------------------------------------------------------- */

void sd_filters_free(sd_filters *f)
{
    for (size_t i = 0; i < f->n; i++)
        kx_query_free(f->q[i]);
    f->n = 0;
}

/* Adds OR(terms) (or AND) as one filter; takes the terms. */
static int add_filter(sd_filters *f, kx_query **terms, size_t n, int op, sd_error *err)
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
    if (f->n == SD_FILTERS_MAX) { /* cannot happen: each field adds one at most */
        kx_query_free(q);
        return sd_fail(err, SD_INTERNAL, "too many filters");
    }
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

int sd_filter_term(sd_filters *f, const char *prefix, const char *value, sd_error *err)
{
    kx_query *q = NULL;
    return term_query(&q, prefix, value, err) ? -1 : add_filter(f, &q, 1, KX_OP_AND, err);
}

int sd_filter_kind(sd_ctx *ctx, sd_filters *f, const char *kind, sd_error *err)
{
    return sd_filter_term(f, ctx->kind_prefix, kind, err);
}

int sd_filter_has_year(sd_ctx *ctx, sd_filters *f, sd_error *err)
{
    char lo[18] = {0}, hi[18] = {0};
    kx_sortable_serialise(YEAR_MIN - 1000, lo); /* year 0 and up: every year stored */
    kx_sortable_serialise(YEAR_MAX, hi);
    kx_query *q = NULL;
    kx_error x;
    if (kx_query_value_range(&q, (unsigned)ctx->slot.year, lo, hi, &x))
        return sd_fail(err, SD_INTERNAL, "%s", x.message);
    return add_filter(f, &q, 1, KX_OP_AND, err);
}

int sd_filtered(kx_query **out, const kx_query *q, const sd_filters *f, sd_error *err)
{
    kx_query *subs[SD_FILTERS_MAX + 1] = {(kx_query *)q};
    memcpy(subs + 1, f->q, f->n * sizeof *f->q);
    kx_error x;
    if (kx_query_combine(out, KX_OP_FILTER, subs, f->n + 1, 0, &x))
        return sd_fail(err, SD_INTERNAL, "%s", x.message);
    return 0;
}

/* ---- a name or a list of names: type, kind, stance ------------------------------ */

/* Turns a name as a client wrote it into the one the index holds, or fails
 * (SD_BAD_REQUEST) naming the known ones. */
typedef int (*canon_fn)(char out[NAME_MAX], const char *value, size_t len, sd_error *err);

typedef struct name_field {
    const char *key;     /* "type" */
    const char *example; /* for the message: "[\"horingsinnspill\", \"artikkel\"]" */
    canon_fn canon;
} name_field;

static int canon_type(char out[NAME_MAX], const char *value, size_t len, sd_error *err)
{
    if (sdq_canonical_type(out, value, len, " in filter.type", err) == 0)
        return 0;
    err->code = SD_BAD_REQUEST; /* the request is wrong, not a query */
    return -1;
}

/* One of names[], or a message listing them all. */
static int canon_from(const char *const *names, const char *key, char out[NAME_MAX],
                      const char *name, sd_error *err)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0) {
            snprintf(out, NAME_MAX, "%s", name);
            return 0;
        }
    char list[200] = "";
    for (size_t i = 0, at = 0; names[i] && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", names[i]);
    const char *near = sd_closest(name, names);
    return sd_fail(err, SD_BAD_REQUEST, "unknown %s '%.40s' in filter.%s%s%s%s (%ss: %s)", key,
                   name, key, near ? " — did you mean '" : "", near ? near : "",
                   near ? "'?" : "", key, list);
}

static int canon_kind(char out[NAME_MAX], const char *value, size_t len, sd_error *err)
{
    static const char *const kinds[] = {KUNIT_KIND_SECTION, KUNIT_KIND_POSITION, NULL};
    (void)len;
    return canon_from(kinds, "kind", out, value, err);
}

/* "går imot" and "Går_imot" are går_imot: the stance as people write it. */
static int canon_stance(char out[NAME_MAX], const char *value, size_t len, sd_error *err)
{
    if (len >= NAME_MAX) /* longer than any stance */
        return canon_from(kunit_stances, "stance", out, value, err);
    char *low = utf8_casefold(value);
    if (!low)
        return sd_fail_nomem(err);
    for (char *p = low; *p; p++)
        if (*p == ' ')
            *p = '_';
    int rc = canon_from(kunit_stances, "stance", out, low, err);
    free(low);
    return rc;
}

static int read_names(const char *prefix, const json_t *v, const name_field *nf, sd_filters *f,
                      sd_error *err)
{
    kx_query *terms[NAMES_MAX] = {NULL};
    size_t n = 0, i;
    json_t *item;
    if (json_is_string(v))
        v = json_pack("[O]", v);
    else if (json_is_array(v) && json_array_size(v) >= 1 && json_array_size(v) <= NAMES_MAX)
        json_incref((json_t *)v);
    else
        return sd_fail(err, SD_BAD_REQUEST, "filter.%s must be a %s or a list of 1 to %d, as %s",
                       nf->key, nf->key, NAMES_MAX, nf->example);
    int rc = 0;
    json_array_foreach(v, i, item) {
        char name[NAME_MAX];
        if (!json_is_string(item))
            rc = sd_fail(err, SD_BAD_REQUEST, "filter.%s lists strings only", nf->key);
        else if (nf->canon(name, json_string_value(item), json_string_length(item), err) == 0)
            rc = term_query(&terms[n++], prefix, name, err);
        else
            rc = -1;
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

/* ---- dates, years, authors ------------------------------------------------------ */

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

static int date_filter(sd_ctx *ctx, const json_t *filter, sd_filters *f, sd_error *err)
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

/* The year a document speaks for (its Y term): as år: in a query. */
static int year_filter(sd_ctx *ctx, const json_t *v, sd_filters *f, sd_error *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < YEAR_MIN ||
        json_integer_value(v) > YEAR_MAX)
        return sd_fail(err, SD_BAD_REQUEST, "filter.year must be a year from %d to %d, as 2024",
                       YEAR_MIN, YEAR_MAX);
    char year[8];
    snprintf(year, sizeof year, "%d", (int)json_integer_value(v));
    return sd_filter_term(f, ctx->year_prefix, year, err);
}

/* A whole name ("Marit Hermansen") matches its exact term; a part of one
 * ("hermansen") the words of the author field. */
static int author_filter(sd_ctx *ctx, const char *name, sd_filters *f, sd_error *err)
{
    char *low = utf8_casefold(name); /* names are valid UTF-8: jansson checked */
    if (!low)
        return sd_fail_nomem(err);
    char term[256];
    unsigned freq = 0;
    kx_error x;
    snprintf(term, sizeof term, "%s%s", ctx->author_bool_prefix, low);
    if (kx_db_termfreq(ctx->db, term, &freq, &x) != KX_OK) {
        free(low);
        return sd_fail_kx(ctx, err, &x, "author filter");
    }
    kx_query *terms[SD_FILTERS_MAX] = {NULL};
    size_t n = 0;
    int rc = 0;
    if (freq)
        rc = term_query(&terms[n++], ctx->author_bool_prefix, low, err);
    for (char *save = NULL, *w = freq ? NULL : strtok_r(low, " -.,'", &save);
         w && rc == 0 && n < SD_FILTERS_MAX; w = strtok_r(NULL, " -.,'", &save))
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

/* ---- the filter object ----------------------------------------------------------- */

/* The names of the fields in `fields`, NULL-ended, for sd_check_fields. */
static void field_names(unsigned fields, const char *names[8])
{
    size_t n = 0;
    if (fields & SD_FILTER_TYPE)
        names[n++] = "type";
    if (fields & SD_FILTER_DATES)
        names[n++] = "from", names[n++] = "to";
    if (fields & SD_FILTER_AUTHOR)
        names[n++] = "author";
    if (fields & SD_FILTER_YEAR)
        names[n++] = "year";
    if (fields & SD_FILTER_KIND)
        names[n++] = "kind";
    if (fields & SD_FILTER_STANCE)
        names[n++] = "stance";
    names[n] = NULL;
}

static int read_fields(sd_ctx *ctx, const json_t *filter, sd_filters *f, sd_error *err)
{
    static const name_field type = {"type", "[\"horingsinnspill\", \"artikkel\"]", canon_type};
    static const name_field kind = {"kind", "[\"section\", \"position\"]", canon_kind};
    static const name_field stance = {"stance", "[\"ber\", \"krever\"]", canon_stance};
    const json_t *v;
    const char *author = NULL;
    if ((v = json_object_get(filter, "type")) && read_names(ctx->type_prefix, v, &type, f, err))
        return -1;
    if ((v = json_object_get(filter, "kind")) && read_names(ctx->kind_prefix, v, &kind, f, err))
        return -1;
    f->kind = v != NULL;
    if ((v = json_object_get(filter, "stance")) &&
        read_names(ctx->stance_prefix, v, &stance, f, err))
        return -1;
    if ((v = json_object_get(filter, "year")) && year_filter(ctx, v, f, err))
        return -1;
    if (date_filter(ctx, filter, f, err) ||
        sd_get_string(filter, "author", AUTHOR_MAX, &author, err))
        return -1;
    return author ? author_filter(ctx, author, f, err) : 0;
}

int sd_read_filters(sd_ctx *ctx, const json_t *req, unsigned fields, sd_filters *f,
                    sd_error *err)
{
    const char *names[8];
    const json_t *filter = json_object_get(req, "filter");
    f->n = 0;
    f->kind = false;
    if (!filter)
        return 0;
    if (!json_is_object(filter))
        return sd_fail(err, SD_BAD_REQUEST, "'filter' must be an object, as "
                       "{\"type\": [\"artikkel\"], \"from\": \"2023-01-01\"}");
    field_names(fields, names);
    if (sd_check_fields(filter, names, "filter", err) || read_fields(ctx, filter, f, err)) {
        sd_filters_free(f);
        return -1;
    }
    return 0;
}

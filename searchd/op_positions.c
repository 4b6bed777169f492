/*
 * positions: the stances Legeforeningen took (units of kind position),
 * matched as search matches (the same query building), newest first by
 * default, each with its whole quote marked and where to cite it from.
 * See docs/PROTOCOL.md.
 */
#include <stdlib.h>
#include <string.h>

#include "criteria.h"
#include "enquire.h"
#include "ops.h"
#include "snippet.h"
#include "unit.h"

#define Q_MAX 2000 /* bytes of query text, as search */

typedef struct positions {
    const char *q;
    long limit, offset;
    int sort;
    sd_query_words words; /* for marking the quotes */
} positions;

static int read_request(const json_t *req, positions *p, sd_error *err)
{
    static const char *const fields[] = {"q", "limit", "offset", "filter", "sort", "spelling",
                                         NULL};
    bool spelling = true;
    p->q = "";
    p->limit = 10;
    p->offset = 0;
    p->sort = SD_SORT_NEWEST; /* a stance is read against when it was taken */
    p->words.marks.n = p->words.n_near = 0;
    p->words.corrected = NULL;
    if (sd_check_fields(req, fields, "positions", err) ||
        sd_get_string(req, "q", Q_MAX, &p->q, err) ||
        sd_get_int(req, "limit", 0, SD_LIMIT_MAX, &p->limit, err) ||
        sd_get_int(req, "offset", 0, SD_OFFSET_MAX, &p->offset, err) ||
        sd_read_sort(req, &p->sort, err) || sd_get_bool(req, "spelling", &spelling, err))
        return -1;
    p->words.as_typed = !spelling;
    return 0;
}

/* q FILTER the filters FILTER kind position. */
static int build_query(sd_ctx *ctx, const json_t *req, positions *p, kx_query **out,
                       sd_error *err)
{
    sd_filters f = {.n = 0};
    if (sd_read_filters(ctx, req, SD_FILTER_COMMON | SD_FILTER_STANCE, &f, err) ||
        sd_filter_kind(ctx, &f, KUNIT_KIND_POSITION, err)) {
        sd_filters_free(&f);
        return -1;
    }
    kx_query *main_q = NULL;
    int rc = sd_query_build(&main_q, ctx->query, p->q, &p->words, err);
    if (rc == 0)
        rc = sd_filtered(out, main_q, &f, err);
    kx_query_free(main_q);
    sd_filters_free(&f);
    return rc;
}

/* The quote: the unit's whole text, its matched words marked. */
static json_t *quote_json(sd_ctx *ctx, const positions *p, const json_t *unit)
{
    json_t *t = json_object_get(unit, "text");
    const char *text = json_string_value(t);
    char *marked = text ? sd_mark_text(&p->words.marks, ctx->stem, text, json_string_length(t))
                        : NULL;
    if (!marked)
        return json_null();
    json_t *j = sd_json_string(marked, strlen(marked));
    free(marked);
    return j;
}

/* A member of obj, or null: an index from before a field existed lacks it. */
static json_t *member(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return v ? json_incref(v) : json_null();
}

static json_t *position_json(sd_ctx *ctx, const positions *p, const json_t *unit, double score)
{
    const json_t *pos = json_object_get(unit, "position");
    json_t *out = json_object();
    json_object_set_new(out, "id", member(unit, "id"));
    json_object_set_new(out, "quote", quote_json(ctx, p, unit));
    static const char *const of_position[] = {"stance", "speaker", "addressee", "matter", NULL};
    for (size_t i = 0; of_position[i]; i++)
        json_object_set_new(out, of_position[i], member(pos, of_position[i]));
    static const char *const of_unit[] = {"doc_id", "doc_title", "type", "date", "year",
                                          "section", "pages", "citation", NULL};
    for (size_t i = 0; of_unit[i]; i++)
        json_object_set_new(out, of_unit[i], member(unit, of_unit[i]));
    json_object_set_new(out, "of", member(pos, "of"));
    json_object_set_new(out, "score", json_real(score));
    return out;
}

static int add_positions(sd_ctx *ctx, const positions *p, const kx_mset *mset, json_t *reply,
                         sd_error *err)
{
    json_t *list = json_array();
    json_object_set_new(reply, "positions", list);
    for (unsigned i = 0; i < kx_mset_size(mset); i++) {
        kx_doc *doc = NULL;
        kx_error x;
        if (kx_mset_document(&doc, mset, i, &x))
            return sd_fail_kx(ctx, err, &x, "reading a position");
        json_t *unit = sd_unit_json(doc, err);
        kx_doc_free(doc);
        if (!unit)
            return -1;
        json_array_append_new(list, position_json(ctx, p, unit, kx_mset_weight(mset, i)));
        json_decref(unit);
    }
    return 0;
}

static int run(sd_ctx *ctx, const json_t *req, positions *p, json_t *reply, sd_error *err)
{
    kx_query *q = NULL;
    kx_enquire *enq = NULL;
    kx_mset *mset = NULL;
    unsigned end = (unsigned)(p->offset + p->limit);
    int rc = build_query(ctx, req, p, &q, err);
    if (rc == 0)
        rc = sd_enquire_new(ctx, q, &enq, err);
    if (rc == 0) {
        sd_enquire_sort(ctx, enq, p->sort);
        rc = sd_enquire_run(ctx, enq, (unsigned)p->offset, (unsigned)p->limit,
                            end < SD_EXACT_TOTAL ? SD_EXACT_TOTAL : end, &mset, err);
    }
    if (rc == 0) {
        json_object_set_new(reply, "total", json_integer(kx_mset_estimated(mset)));
        rc = add_positions(ctx, p, mset, reply, err);
    }
    kx_mset_free(mset);
    kx_enquire_free(enq);
    kx_query_free(q);
    return rc;
}

int op_positions(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    positions p;
    if (read_request(req, &p, err))
        return -1;
    int rc = run(ctx, req, &p, reply, err);
    if (rc == 0) {
        const char *better = p.words.corrected;
        json_object_set_new(reply, "suggestion", better ? sd_json_string(better, strlen(better))
                                                        : json_null());
        json_object_set_new(reply, "took_ms", json_real(sd_now_ms() - ctx->started_ms));
    }
    free(p.words.corrected);
    return rc;
}

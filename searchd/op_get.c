/* get: one unit by its id (a search hit's "id"), with its full text; with
 * "q", the text marked as a snippet marks it, too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "snippet.h"

#define Q_MAX 2000 /* bytes of query text, as search's */

static int first_docid(unsigned id, void *arg)
{
    *(unsigned *)arg = id;
    return 1; /* an id term names one unit: the first posting is it */
}

int sd_find_unit(sd_ctx *ctx, const char *unit, kx_doc **out, sd_error *err)
{
    char term[SD_UNIT_ID_MAX + 8];
    snprintf(term, sizeof term, "%s%s", ctx->id_prefix, unit);
    kx_error x;
    unsigned docid = 0;
    *out = NULL;
    if (kx_db_postings(ctx->db, term, first_docid, &docid, &x) != KX_OK)
        return sd_fail_kx(ctx, err, &x, "looking the unit up");
    if (!docid)
        return sd_fail(err, SD_NOT_FOUND, "no unit '%s' in the index: take the id from a "
                       "search hit (it may have been removed since)", unit);
    if (kx_db_get_document(out, ctx->db, docid, &x) == KX_OK)
        return 0;
    if (x.code == KX_ENOTFOUND) /* deleted between the lookup and the read */
        return sd_fail(err, SD_NOT_FOUND, "no unit '%s' in the index", unit);
    return sd_fail_kx(ctx, err, &x, "reading the unit");
}

/* "marked": the whole text escaped, q's words in <b>…</b>, as a snippet
 * would mark them (a unit's page marks what brought the reader there). */
static int add_marked(sd_ctx *ctx, const char *q, json_t *unit, sd_error *err)
{
    json_t *t = json_object_get(unit, "text");
    sd_query_words words = {.n_near = 0, .corrected = NULL};
    kx_query *query = NULL;
    if (!json_is_string(t))
        return 0;
    if (sd_query_build(&query, ctx->query, q, &words, err))
        return -1;
    kx_query_free(query);
    free(words.corrected);
    char *marked = sd_mark_text(&words.marks, ctx->stem, json_string_value(t),
                                json_string_length(t));
    if (!marked)
        return sd_fail_nomem(err);
    json_object_set_new(unit, "marked", json_string(marked));
    free(marked);
    return 0;
}

int op_get(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    static const char *const fields[] = {"unit", "q", NULL};
    const char *unit = NULL, *q = NULL;
    if (sd_check_fields(req, fields, "get", err) ||
        sd_get_string(req, "unit", SD_UNIT_ID_MAX, &unit, err) ||
        sd_get_string(req, "q", Q_MAX, &q, err))
        return -1;
    if (!unit || !*unit)
        return sd_fail(err, SD_BAD_REQUEST, "get needs 'unit': the id of a search hit, as "
                       "\"b37db0b35496c229/4.2\"");
    kx_doc *doc = NULL;
    if (sd_find_unit(ctx, unit, &doc, err))
        return -1;
    json_t *j = sd_unit_json(doc, err);
    kx_doc_free(doc);
    if (!j)
        return -1;
    json_object_set_new(reply, "unit", j);
    return q && *q ? add_marked(ctx, q, j, err) : 0;
}

/* get: one unit by its id (a search hit's "id"), with its full text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

#define UNIT_ID_MAX 200 /* ids are 16 hex digits, '/', a section key */

json_t *sd_unit_json(const kx_doc *doc, sd_error *err)
{
    size_t n;
    const char *data = kx_doc_data(doc, &n);
    json_t *j = json_loadb(data, n, 0, NULL);
    if (json_is_object(j))
        return j;
    json_decref(j);
    sd_fail(err, SD_INTERNAL, "unit %u holds no JSON data: is this a kilde index? "
            "(rebuild it with bin/indexer)", kx_doc_docid(doc));
    return NULL;
}

static int first_docid(unsigned id, void *arg)
{
    *(unsigned *)arg = id;
    return 1; /* an id term names one unit: the first posting is it */
}

/* The Xapian docid of the unit, across every shard; 0 when absent. */
static int find_unit(sd_ctx *ctx, const char *unit, unsigned *docid, sd_error *err)
{
    char term[UNIT_ID_MAX + 8];
    snprintf(term, sizeof term, "%s%s", ctx->id_prefix, unit);
    kx_error x;
    *docid = 0;
    if (kx_db_postings(ctx->db, term, first_docid, docid, &x) != KX_OK)
        return sd_fail_kx(ctx, err, &x, "looking the unit up");
    return 0;
}

int op_get(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    static const char *const fields[] = {"unit", NULL};
    const char *unit = NULL;
    if (sd_check_fields(req, fields, "get", err) ||
        sd_get_string(req, "unit", UNIT_ID_MAX, &unit, err))
        return -1;
    if (!unit || !*unit)
        return sd_fail(err, SD_BAD_REQUEST, "get needs 'unit': the id of a search hit, as "
                       "\"b37db0b35496c229/4.2\"");
    unsigned docid;
    if (find_unit(ctx, unit, &docid, err))
        return -1;
    if (!docid)
        return sd_fail(err, SD_NOT_FOUND, "no unit '%s' in the index: take the id from a "
                       "search hit (it may have been removed since)", unit);
    kx_doc *doc = NULL;
    kx_error x;
    if (kx_db_get_document(&doc, ctx->db, docid, &x) != KX_OK) {
        if (x.code == KX_ENOTFOUND) /* deleted between the lookup and the read */
            return sd_fail(err, SD_NOT_FOUND, "no unit '%s' in the index", unit);
        return sd_fail_kx(ctx, err, &x, "reading the unit");
    }
    json_t *j = sd_unit_json(doc, err);
    kx_doc_free(doc);
    if (!j)
        return -1;
    json_object_set_new(reply, "unit", j);
    return 0;
}

/*
 * source (internal: only the HTTP layer asks, for GET /kilde/ID/pdf):
 * where the file a unit came from lies.  Found through the index alone:
 * the unit's XF term holds the first 16 hex digits of the SHA-1 of the
 * file's real path, and the indexer's record of that file (metadata
 * "kilde:file:" + the whole SHA-1, indexer/writer.c) holds the path.
 *   {"op":"source","unit":ID} → {"unit":ID,"format":"pdf","path":"/…"}
 * ("path_hex" instead of "path" for a name that is not UTF-8).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

#define META_FILE "kilde:file:" /* indexer/writer.c */
#define FILE_HASH_HEX 16        /* the XF term's share of the SHA-1 */

typedef struct found {
    const char *prefix;
    size_t prefix_len;
    char hash[FILE_HASH_HEX + 1]; /* "" until found */
    char key[128];                /* "" until found */
} found;

static int file_term(const char *term, unsigned wdf, void *arg)
{
    (void)wdf;
    found *f = arg;
    if (strncmp(term, f->prefix, f->prefix_len) != 0 ||
        strlen(term + f->prefix_len) != FILE_HASH_HEX)
        return 0;
    memcpy(f->hash, term + f->prefix_len, FILE_HASH_HEX + 1);
    return 1;
}

static int record_key(const char *key, void *arg)
{
    found *f = arg;
    snprintf(f->key, sizeof f->key, "%s", key);
    return 1; /* 64 bits of SHA-1 name one file */
}

/* The metadata key of the unit's file record; "" when there is none (a
 * remote shard's metadata, which Xapian does not merge, or an index
 * written before records). */
static int find_record(sd_ctx *ctx, const kx_doc *doc, found *f, sd_error *err)
{
    const kfield *field = kschema_field(ctx->schema, "file");
    f->prefix = field && field->boolean_prefix ? field->boolean_prefix : "XF";
    f->prefix_len = strlen(f->prefix);
    f->hash[0] = f->key[0] = '\0';
    kx_error x;
    if (kx_doc_terms(doc, file_term, f, &x) != KX_OK)
        return sd_fail_kx(ctx, err, &x, "reading the unit's terms");
    if (!f->hash[0])
        return 0;
    char prefix[sizeof META_FILE + FILE_HASH_HEX];
    snprintf(prefix, sizeof prefix, META_FILE "%s", f->hash);
    if (kx_db_metadata_keys(ctx->db, prefix, record_key, f, &x) != KX_OK)
        return sd_fail_kx(ctx, err, &x, "looking up the file record");
    return 0;
}

static int read_record(sd_ctx *ctx, const char *unit, const char *key, json_t **out,
                       sd_error *err)
{
    char *value = NULL;
    kx_error x;
    if (kx_db_get_metadata(ctx->db, &value, key, &x) != KX_OK)
        return sd_fail_kx(ctx, err, &x, "reading the file record");
    *out = json_loads(value, 0, NULL);
    free(value);
    if (json_is_object(*out))
        return 0;
    json_decref(*out);
    *out = NULL;
    return sd_fail(err, SD_INTERNAL, "the file record of unit '%s' (%s) is not JSON: rebuild "
                   "the index with bin/indexer", unit, key);
}

int op_source(sd_ctx *ctx, const json_t *req, json_t *reply, sd_error *err)
{
    static const char *const fields[] = {"unit", NULL};
    const char *unit = NULL;
    if (sd_check_fields(req, fields, "source", err) ||
        sd_get_string(req, "unit", SD_UNIT_ID_MAX, &unit, err))
        return -1;
    if (!unit || !*unit)
        return sd_fail(err, SD_BAD_REQUEST, "source needs 'unit'");
    kx_doc *doc = NULL;
    found f;
    json_t *record = NULL;
    if (sd_find_unit(ctx, unit, &doc, err))
        return -1;
    int rc = find_record(ctx, doc, &f, err);
    json_t *j = rc == 0 ? sd_unit_json(doc, err) : NULL;
    kx_doc_free(doc);
    if (!j)
        return -1;
    if (!f.key[0])
        rc = sd_fail(err, SD_NOT_FOUND, "the file unit '%s' came from is not recorded in this "
                     "index (a unit of a remote shard, or an index older than its records)",
                     unit);
    else
        rc = read_record(ctx, unit, f.key, &record, err);
    if (rc == 0) {
        json_object_set_new(reply, "unit", json_string(unit));
        json_object_set(reply, "format", json_object_get(j, "format"));
        json_t *hex = json_object_get(record, "path_hex");
        if (hex)
            json_object_set(reply, "path_hex", hex);
        else
            json_object_set(reply, "path", json_object_get(record, "path"));
    }
    json_decref(record);
    json_decref(j);
    return rc;
}

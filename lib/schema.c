#include "schema.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define MAX_FIELDS 64
#define MAX_SLOTS 64

struct kschema {
    json_t *root;
    int version;
    const char *stemmer;
    size_t max_unit_chars;
    kfield fields[MAX_FIELDS];
    size_t nfields;
    const char *slot_names[MAX_SLOTS];
    int slots[MAX_SLOTS];
    size_t nslots;
};

/* What the indexer and searchd rely on; a schema lacking one is refused. */
static const char *const required_fields[] = {"heading", "title", "body", "captions", "author",
                                              "type", "year", "lang", "kind", "doc", "file", "id"};
static const char *const required_slots[] = {"date", "year", "doc", "type", "page", "kind"};

static int load_field(kschema *s, const char *name, json_t *def, const char *path, kerr *err)
{
    if (!json_is_object(def))
        return kerr_set(err, KERR_SCHEMA, "%s: field '%s' is not an object", path, name);
    if (s->nfields == MAX_FIELDS)
        return kerr_set(err, KERR_SCHEMA, "%s: more than %d fields", path, MAX_FIELDS);
    kfield *f = &s->fields[s->nfields++];
    f->name = name;
    f->prefix = json_string_value(json_object_get(def, "prefix"));
    f->boolean_prefix = json_string_value(json_object_get(def, "boolean_prefix"));
    f->text = json_is_true(json_object_get(def, "text"));
    json_int_t w = json_integer_value(json_object_get(def, "weight"));
    f->weight = w > 0 && w < 100 ? (unsigned)w : 1;
    if (!f->prefix)
        f->prefix = "";
    if (!f->text && !f->boolean_prefix)
        return kerr_set(err, KERR_SCHEMA, "%s: field '%s' is neither text nor boolean", path,
                        name);
    return 0;
}

static int load_values(kschema *s, json_t *values, const char *path, kerr *err)
{
    const char *name;
    json_t *def;
    json_object_foreach(values, name, def) {
        json_int_t slot = json_integer_value(json_object_get(def, "slot"));
        if (!json_is_integer(json_object_get(def, "slot")) || slot < 0 || slot > 1000)
            return kerr_set(err, KERR_SCHEMA, "%s: value '%s' needs a slot 0..1000", path, name);
        if (s->nslots == MAX_SLOTS)
            return kerr_set(err, KERR_SCHEMA, "%s: more than %d values", path, MAX_SLOTS);
        s->slot_names[s->nslots] = name;
        s->slots[s->nslots++] = (int)slot;
    }
    return 0;
}

static int check_required(const kschema *s, const char *path, kerr *err)
{
    for (size_t i = 0; i < sizeof required_fields / sizeof *required_fields; i++)
        if (!kschema_field(s, required_fields[i]))
            return kerr_set(err, KERR_SCHEMA, "%s: field '%s' is missing", path,
                            required_fields[i]);
    for (size_t i = 0; i < sizeof required_slots / sizeof *required_slots; i++)
        if (kschema_slot(s, required_slots[i]) < 0)
            return kerr_set(err, KERR_SCHEMA, "%s: value '%s' is missing", path,
                            required_slots[i]);
    return 0;
}

static int parse(kschema *s, const char *path, kerr *err)
{
    json_error_t jerr;
    s->root = json_load_file(path, 0, &jerr);
    if (!s->root)
        return kerr_set(err, KERR_SCHEMA, "%s:%d: %s", path, jerr.line, jerr.text);
    json_t *version = json_object_get(s->root, "version");
    if (!json_is_integer(version) || json_integer_value(version) < 1)
        return kerr_set(err, KERR_SCHEMA, "%s: 'version' must be a positive integer", path);
    s->version = (int)json_integer_value(version);
    s->stemmer = json_string_value(json_object_get(s->root, "stemmer"));
    if (!s->stemmer)
        s->stemmer = "norwegian";
    json_int_t max = json_integer_value(json_object_get(s->root, "max_unit_chars"));
    s->max_unit_chars = max >= 500 ? (size_t)max : 6000;

    json_t *fields = json_object_get(s->root, "fields");
    if (!json_is_object(fields))
        return kerr_set(err, KERR_SCHEMA, "%s: 'fields' must be an object", path);
    const char *name;
    json_t *def;
    json_object_foreach(fields, name, def) {
        int rc = load_field(s, name, def, path, err);
        if (rc)
            return rc;
    }
    json_t *values = json_object_get(s->root, "values");
    if (!json_is_object(values))
        return kerr_set(err, KERR_SCHEMA, "%s: 'values' must be an object", path);
    int rc = load_values(s, values, path, err);
    return rc ? rc : check_required(s, path, err);
}

int kschema_load(kschema **out, const char *path, kerr *err)
{
    char fallback[PATH_MAX];
    if (!path)
        path = kilde_schema_file(fallback, sizeof fallback, "index.json");
    *out = NULL;
    kschema *s = calloc(1, sizeof *s);
    if (!s)
        return kerr_set(err, KERR_NOMEM, "out of memory");
    int rc = parse(s, path, err);
    if (rc) {
        kschema_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void kschema_free(kschema *schema)
{
    if (!schema)
        return;
    json_decref(schema->root);
    free(schema);
}

int kschema_version(const kschema *s) { return s->version; }
const char *kschema_stemmer(const kschema *s) { return s->stemmer; }
size_t kschema_max_unit_chars(const kschema *s) { return s->max_unit_chars; }
size_t kschema_nfields(const kschema *s) { return s->nfields; }
const kfield *kschema_field_at(const kschema *s, size_t i) { return i < s->nfields ? &s->fields[i] : NULL; }

const kfield *kschema_field(const kschema *s, const char *name)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].name, name) == 0)
            return &s->fields[i];
    return NULL;
}

int kschema_slot(const kschema *s, const char *name)
{
    for (size_t i = 0; i < s->nslots; i++)
        if (strcmp(s->slot_names[i], name) == 0)
            return s->slots[i];
    return -1;
}

int kschema_check_index(const kschema *schema, kx_db *db, const char *db_path, bool stamp,
                        kerr *err)
{
    kx_error xerr;
    char *recorded = NULL;
    if (kx_db_get_metadata(db, &recorded, KSCHEMA_META_VERSION, &xerr) != KX_OK)
        return kerr_set(err, KERR_FAIL, "%s: %s", db_path, xerr.message);
    int rc = 0;
    if (*recorded) {
        if (atoi(recorded) != schema->version)
            rc = kerr_set(err, KERR_SCHEMA,
                          "%s was written with schema version %s, this program uses version %d: "
                          "rebuild the index (indexer --rebuild) or use a matching build",
                          db_path, recorded, schema->version);
    } else {
        unsigned count = 0;
        if (kx_db_doccount(db, &count, &xerr) == KX_OK && count > 0)
            rc = kerr_set(err, KERR_SCHEMA, "%s holds %u documents but no kilde schema version: "
                          "not a kilde index", db_path, count);
        else if (stamp) {
            char v[16];
            snprintf(v, sizeof v, "%d", schema->version);
            if (kx_db_set_metadata(db, KSCHEMA_META_VERSION, v, &xerr) != KX_OK ||
                kx_db_set_metadata(db, KSCHEMA_META_NAME, "kilde-index", &xerr) != KX_OK)
                rc = kerr_set(err, KERR_FAIL, "%s: %s", db_path, xerr.message);
        }
    }
    free(recorded);
    return rc;
}

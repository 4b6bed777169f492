/*
 * The index schema (schemas/index.json): which fields exist, their Xapian
 * prefixes, weights and value slots.  The indexer writes by it and searchd
 * reads by it; the index records the version so a mismatch is an error.
 */
#ifndef KILDE_SCHEMA_H
#define KILDE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "kerr.h"
#include "kx.h"

typedef struct kschema kschema;

typedef struct kfield {
    const char *name;
    const char *prefix;         /* term prefix for free text ("" for none) */
    const char *boolean_prefix; /* prefix of exact filter terms, or NULL */
    unsigned weight;            /* wdf increment: how much a word here counts */
    bool text;                  /* indexed as free text */
} kfield;

/* Loads and checks a schema; path NULL means schemas/index.json. */
int kschema_load(kschema **out, const char *path, kerr *err);
void kschema_free(kschema *schema);

int kschema_version(const kschema *schema);
const char *kschema_stemmer(const kschema *schema);
size_t kschema_max_unit_chars(const kschema *schema);
/* The field called `name`, or NULL; the pointer lives as long as the schema. */
const kfield *kschema_field(const kschema *schema, const char *name);
/* Fields in declaration order. */
size_t kschema_nfields(const kschema *schema);
const kfield *kschema_field_at(const kschema *schema, size_t i);
/* The value slot called `name`, or -1. */
int kschema_slot(const kschema *schema, const char *name);

/* Metadata keys under which an index records its schema. */
#define KSCHEMA_META_VERSION "kilde:schema_version"
#define KSCHEMA_META_NAME "kilde:schema_name"
/* The indexer's last finished run: when, over what, what failed (JSON). */
#define KSCHEMA_META_LAST_RUN "kilde:last_run"

/* Checks that `db` was written with this schema's version.  An empty index
 * passes; with `stamp` set (a writable db) it is stamped with the version. */
int kschema_check_index(const kschema *schema, kx_db *db, const char *db_path, bool stamp,
                        kerr *err);

#endif

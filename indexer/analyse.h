/*
 * Analysis: a unit becomes a Xapian document by the schema — Norwegian
 * stemmed text with positions per field, boolean filter terms, sortable
 * values, and the unit's text and metadata stored as JSON for searchd.
 */
#ifndef KILDE_ANALYSE_H
#define KILDE_ANALYSE_H

#include "document.h"
#include "kerr.h"
#include "kx.h"
#include "schema.h"
#include "unit.h"

typedef struct kanalyser kanalyser;

int analyser_new(kanalyser **out, const kschema *schema, kx_db *db, kerr *err);
void analyser_free(kanalyser *a);

/* Adds or replaces (by its id term) one unit of doc in db. */
int analyser_write_unit(kanalyser *a, kx_db *db, const kdoc *doc, const char *doc_id,
                        const char *file_term, const kunit *unit, kerr *err);

/* The stored data of a unit as JSON text (malloc'd), as `get` returns it. */
char *analyser_unit_json(const kdoc *doc, const char *doc_id, const kunit *unit);

#endif

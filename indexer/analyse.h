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

/* One analyser per thread: it holds a stemmer and a term generator.
 * Building documents needs no database, so it runs on the extraction
 * threads and the single writer only hands the results to Xapian. */
typedef struct kanalyser kanalyser;

/* The Xapian documents of a file's units, with the id term of each. */
typedef struct kanalysed {
    kx_doc **docs;
    char **idterms;
    size_t n;
} kanalysed;

int analyser_new(kanalyser **out, const kschema *schema, kerr *err);
void analyser_free(kanalyser *a);

/* Builds the Xapian document of every unit of doc. */
int analyser_build(kanalyser *a, kanalysed *out, const kdoc *doc, const char *doc_id,
                   const char *file_term, const kunits *units, kerr *err);
void analysed_free(kanalysed *an);

/* Makes the units those of a version: the collapse key (value slot "doc")
 * becomes the family's, and each unit's JSON names its family and the
 * document it is a version of. */
int analysed_set_family(kanalysed *an, const kschema *schema, const char *family,
                        const char *version_of, kerr *err);

/* The stored data of a unit as JSON text (malloc'd), as `get` returns it. */
char *analyser_unit_json(const kdoc *doc, const char *doc_id, const kunit *unit);

#endif

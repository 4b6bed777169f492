/*
 * A unit as searchd returns it: the JSON the indexer stored with the unit
 * (indexer/analyse.c, docs/SCHEMA.md), parsed.
 */
#ifndef KILDE_SD_UNIT_JSON_H
#define KILDE_SD_UNIT_JSON_H

#include <jansson.h>

#include "kx.h"
#include "sderror.h"

/* Shared by get and search: the stored JSON of a document, parsed; NULL
 * (with err set) when it is not JSON, which only a damaged index gives. */
json_t *sd_unit_json(const kx_doc *doc, sd_error *err);
/* The same from the stored data alone (kx_mset_data), of unit `docid`. */
json_t *sd_unit_json_data(const char *data, size_t len, unsigned docid, sd_error *err);

#endif

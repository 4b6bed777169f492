/*
 * Metadata read from a document's own text, for what its format did not
 * say: publication date, authors, language, title, type.  Unknown stays
 * unknown: a date is never invented.  (A DOI is read by doi.c: only the
 * document's own counts.)
 */
#ifndef KILDE_METADATA_H
#define KILDE_METADATA_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "patterns.h"

/* Fills doc's unknown fields from its (cleaned) text. */
void metadata_fill(kdoc *doc, const kpatterns *patterns);

/* Finds a labelled Norwegian date ("Publisert: 20. april 2026",
 * "Dato: 14.06.2023") in text and writes it as YYYY-MM-DD; true if found. */
bool metadata_find_date(const char *text, size_t len, char iso[11]);

/* Parses one Norwegian date expression ("20. april 2026", "20.04.2026",
 * "2026-04-20") at the start of s; true and iso filled on success. */
bool metadata_parse_date(const char *s, char iso[11]);

/* "nb" or "nn" from the text's function words; NULL when it cannot tell. */
const char *metadata_detect_language(const char *text, size_t len);

/* "ANNE-KARIN RIME" → "Anne-Karin Rime"; malloc'd. */
char *metadata_name_case(const char *upper);

#endif

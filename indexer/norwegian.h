/*
 * Terms that Xapian's term generator does not make from Norwegian text,
 * added beside its own for each field:
 *  - a number written with group separators ("5 204", "5.204", "41 276")
 *    also as one number ("5204"), as journalists type it;
 *  - a per cent sign after a number also as the word "prosent";
 *  - a date in figures ("31.12.2024") also as its year and month name;
 *  - a hyphenated word ("fagfelle-vurderere") also joined;
 *  - the parts of a compound ("sykehusøkonomi" → "sykehus", "økonomi";
 *    compound.h), each as its word and its stem, so "økonomi" and
 *    "sykehus økonomi" find the compound.
 * One knorwegian per thread: it caches the splits of the words it has seen.
 */
#ifndef KILDE_NORWEGIAN_H
#define KILDE_NORWEGIAN_H

#include "kerr.h"
#include "kx.h"
#include "lexicon.h"

#define NORWEGIAN_CACHE_MAX 200000 /* words whose split is remembered */

typedef struct knorwegian knorwegian;

/* `lexicon` and `stem` are borrowed and must outlive the object. */
knorwegian *norwegian_new(const klexicon *lexicon, const kx_stem *stem);
void norwegian_free(knorwegian *nw);

/* Adds the extra terms of `text` to doc, each with weight `wdf` and the
 * given term prefix ("" for the unprefixed body terms). */
int norwegian_add_terms(knorwegian *nw, kx_doc *doc, const char *text, unsigned wdf,
                        const char *prefix, kerr *err);

#endif

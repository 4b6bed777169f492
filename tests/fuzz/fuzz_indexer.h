/*
 * What the indexer's targets share: the schemas' patterns and position
 * rules, loaded once, and the stages after extraction as the pipeline
 * runs them (tests/indexer/stage_helpers.h): clean, repair, describe,
 * split into units, find positions.
 */
#ifndef KILDE_FUZZ_INDEXER_H
#define KILDE_FUZZ_INDEXER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "clean.h"
#include "document.h"
#include "doi.h"
#include "lexicon.h"
#include "metadata.h"
#include "patterns.h"
#include "positions.h"
#include "repair.h"
#include "split.h"

#define FUZZ_UNIT_CHARS 6000 /* schemas/index.json's max_unit_chars */

static kpatterns *fuzz_patterns;
static kposrules *fuzz_positions;

static void fuzz_indexer_close(void)
{
    positions_free(fuzz_positions);
    patterns_free(fuzz_patterns);
}

/* Loads what the stages load on first use (the word lists, poppler's
 * fonts for a PDF), so the first input is not reported slow for it. */
static void fuzz_indexer_open(void)
{
    kerr err;
    klexicon_norwegian();
    if (patterns_load(&fuzz_patterns, "schemas/patterns.conf", &err) ||
        positions_load(&fuzz_positions, "schemas/positions.conf", &err)) {
        fprintf(stderr, "fuzz: %s (run from the repository's root)\n", err.msg);
        exit(1);
    }
    atexit(fuzz_indexer_close);
}

/* Everything after extraction, as the pipeline runs it. */
static void fuzz_after_extraction(kdoc *doc)
{
    kclean_stats cs = {0};
    krepair_stats rs = {0};
    kunits units = {0};
    doi_fill_declared(doc);
    clean_document(doc, fuzz_patterns, &cs);
    repair_document(doc, klexicon_norwegian(), &rs);
    metadata_fill(doc, fuzz_patterns);
    if (split_document(doc, FUZZ_UNIT_CHARS, &units) == 0)
        positions_find(fuzz_positions, doc, &units);
    kunits_free(&units);
}

/* Extracts data with fn, doc made as `format`, then the later stages. */
static void fuzz_extract(const char *format, extract_fn fn, const uint8_t *data, size_t size)
{
    kdoc doc;
    kerr err;
    kdoc_init(&doc, format, format);
    if (fn(&doc, data, size, &err) == 0)
        fuzz_after_extraction(&doc);
    kdoc_free(&doc);
}

#endif
